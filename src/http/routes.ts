import type Router from '@koa/router';
import { commandRouters } from '../commands/http/commandRouters.js';
import type { Runtime } from '../runtime.js';
import { postgresCheck, redisCheck } from './dependencyChecks.js';
import { healthRouter } from './health.js';

// Every router of the API, built from the runtime's handles.
export function apiRouters(runtime: Runtime): Router[] {
  return [
    healthRouter([postgresCheck(runtime.pool), redisCheck(runtime.redis)]),
    ...commandRouters(runtime),
  ];
}
