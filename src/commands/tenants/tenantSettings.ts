import type { EventStore } from '../../eventstore/EventStore.js';
import { streamNames } from '../../events/streams.js';
import { NotFoundError } from '../../errors.js';
import { loadAggregate, type LoadedAggregate } from '../aggregateStream.js';
import { evolveTenant, initialTenantState, type TenantState } from './tenantState.js';

type ExistingTenant = Exclude<TenantState, { status: 'absent' }>;

/** The tenant's settings and the tenant stream's revision, which is their ETag. */
export interface TenantSettings {
  timeZone: string;
  revision: bigint;
}

/** The tenant comes from a verified token, so an absent one is a stream that was never written. */
export function requireTenant(
  loaded: LoadedAggregate<TenantState>,
): asserts loaded is { state: ExistingTenant; revision: bigint } {
  if (loaded.state.status === 'absent' || loaded.revision === 'no_stream') {
    throw new NotFoundError('No such tenant');
  }
}

export function settingsOf(loaded: LoadedAggregate<TenantState>): TenantSettings {
  requireTenant(loaded);
  return { timeZone: loaded.state.timeZone, revision: loaded.revision };
}

// The tenant stream holds a handful of events, so the settings are its fold:
// read straight from the log, they are never behind a command.
export async function loadTenantSettings(
  eventStore: EventStore,
  tenantId: string,
): Promise<TenantSettings> {
  return settingsOf(
    await loadAggregate(eventStore, streamNames.tenant(tenantId), initialTenantState, evolveTenant),
  );
}
