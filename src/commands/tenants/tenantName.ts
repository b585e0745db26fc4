import { displayName } from '../../text.js';

/** A tenant's display name, by the same rule as agent names. */
export const tenantName = displayName(200);
