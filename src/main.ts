import { handleShutdownSignals } from './shutdown.js';

// The API process. Signals are handled before the rest of the program loads,
// then: migrate, serve, and on SIGTERM stop accepting, finish in-flight
// requests and close pools.
const shutdown = handleShutdownSignals();
const { runApiProcess } = await import('./app/runApiProcess.js');
await runApiProcess(shutdown);
