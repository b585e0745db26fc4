import type { ReadModel } from '../ReadModel.js';
import { agentTokenHoursProjection } from './projection.js';

// Read by the agents and usage queries (a quota's current use) and by the
// token endpoint when it rebuilds a lost quota counter; no endpoint of its own.
export const agentTokenHoursReadModel: ReadModel = {
  projection: agentTokenHoursProjection,
  endpoints: [],
};
