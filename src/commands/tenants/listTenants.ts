import type { EventStore, GlobalPosition } from '../../eventstore/EventStore.js';
import type { EventDataOf } from '../../events/schemas.js';

export interface TenantSummary {
  tenantId: string;
  name: string;
  createdAt: string;
}

// Operators list tenants rarely; a filtered scan of the log avoids a read model for it.
export async function listTenants(eventStore: EventStore): Promise<TenantSummary[]> {
  const tenants: TenantSummary[] = [];
  let from: GlobalPosition | undefined;
  for (;;) {
    const batch = await eventStore.readAll({
      maxCount: 500,
      filter: { eventTypes: ['TenantCreated'] },
      ...(from ? { from } : {}),
    });
    for (const event of batch) {
      const data = event.data as EventDataOf<'TenantCreated'>;
      tenants.push({
        tenantId: data.tenantId,
        name: data.name,
        createdAt: event.metadata.occurredAt,
      });
    }
    if (batch.length < 500) return tenants;
    from = batch.at(-1)?.position;
  }
}
