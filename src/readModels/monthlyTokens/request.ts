import { noQueryParams } from '../../http/queryParams.js';

export const agentUsageQuery = noQueryParams;
