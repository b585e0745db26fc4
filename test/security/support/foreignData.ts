import type { TenantModel } from './isolationModel.js';

/** One piece of a tenant's data that no other tenant may ever be shown. */
export interface Marker {
  what: string;
  text: string;
}

/** Everything identifying a tenant's data: ids, client ids, names, token ids. */
export function markersOf(tenant: TenantModel): Marker[] {
  return [
    { what: `tenant ${tenant.label} id`, text: tenant.tenantId },
    { what: `tenant ${tenant.label} name`, text: tenant.name },
    { what: `tenant ${tenant.label} admin client id`, text: tenant.adminClientId },
    ...tenant.agents.flatMap((agent) => [
      { what: `agent id of ${tenant.label}`, text: agent.agentId },
      { what: `agent client id of ${tenant.label}`, text: agent.clientId },
      ...agent.names.map((name) => ({ what: `agent name of ${tenant.label}`, text: name })),
    ]),
    ...tenant.jtis.map((jti) => ({ what: `token id of ${tenant.label}`, text: jti })),
  ];
}

/**
 * The markers found anywhere in a response: the body as JSON text (so names
 * are matched in their escaped form) and the headers. Case-insensitive, so an
 * id cannot hide in upper case. A problem document's `instance` is left out
 * when it only echoes the path the caller sent.
 */
export function foreignDataIn(
  response: { body: unknown; headers?: Record<string, unknown> },
  markers: readonly Marker[],
  requestedPath?: string,
): string[] {
  const body = response.body as Record<string, unknown> | null;
  const echoesPath =
    requestedPath !== undefined &&
    body !== null &&
    typeof body === 'object' &&
    !Array.isArray(body) &&
    body.instance === requestedPath;
  const shown = echoesPath ? { ...body, instance: undefined } : response.body;
  const text = `${JSON.stringify(shown)}\n${JSON.stringify(response.headers ?? {})}`.toLowerCase();
  return markers
    .filter((marker) => text.includes(JSON.stringify(marker.text).slice(1, -1).toLowerCase()))
    .map((marker) => `${marker.what}: ${marker.text}`);
}
