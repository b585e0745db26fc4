import type { ReadModel } from '../ReadModel.js';
import { agentsProjection } from './projection.js';

// The agents list and single agent are part of the /api/agents resource, beside
// its commands, with cursor paging and 404s: src/queries/http/agentsRouter.ts.
export const agentsReadModel: ReadModel = { projection: agentsProjection, endpoints: [] };
