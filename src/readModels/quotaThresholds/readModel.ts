import type { ReadModel } from '../ReadModel.js';
import { quotaThresholdsProjection } from './projection.js';

/** No endpoint: its table feeds the quota.threshold webhook alerts. */
export const quotaThresholdsReadModel: ReadModel = {
  projection: quotaThresholdsProjection,
  endpoints: [],
};
