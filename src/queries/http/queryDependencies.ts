import type { TokenSettings } from '../../auth/accessTokens.js';
import type { KeyRing } from '../../auth/signingKeys.js';
import type { Clock } from '../../clock.js';
import type { Pool } from '../../db/pool.js';
import type { EventStore } from '../../eventstore/EventStore.js';

/** What the query routers need from the runtime. */
export interface QueryDependencies {
  pool: Pool;
  eventStore: EventStore;
  clock: Clock;
  keys: KeyRing;
  tokenSettings: Omit<TokenSettings, 'ttlSeconds'>;
}
