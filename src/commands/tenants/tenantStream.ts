import type { EventStore } from '../../eventstore/EventStore.js';
import { streamNames } from '../../eventstore/events/streams.js';
import { loadAggregate, type LoadedAggregate } from '../aggregateStream.js';
import { evolveTenant, initialTenantState, type TenantState } from './tenantState.js';

export function loadTenant(
  eventStore: EventStore,
  tenantId: string,
): Promise<LoadedAggregate<TenantState>> {
  return loadAggregate(eventStore, streamNames.tenant(tenantId), initialTenantState, evolveTenant);
}
