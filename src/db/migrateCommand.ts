import { loadConfig } from '../config.js';
import { ensureDatabase, migrate } from './migrate.js';

const config = loadConfig();
await ensureDatabase(config.DATABASE_URL);
const applied = await migrate(config.DATABASE_URL);
console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'schema is up to date');
