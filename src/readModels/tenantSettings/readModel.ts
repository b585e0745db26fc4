import type { ReadModel } from '../ReadModel.js';
import { tenantSettingsProjection } from './projection.js';

// Read by every analytics answer (getReportingTimeZone.ts), not by an endpoint of its own.
export const tenantSettingsReadModel: ReadModel = {
  projection: tenantSettingsProjection,
  endpoints: [],
};
