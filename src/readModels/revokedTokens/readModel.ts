import type { ReadModel } from '../ReadModel.js';
import { revokedTokensProjection } from './projection.js';

// Read by authentication (the revocation list) and introspection, not by an endpoint.
export const revokedTokensReadModel: ReadModel = {
  projection: revokedTokensProjection,
  endpoints: [],
};
