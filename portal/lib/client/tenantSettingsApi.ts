// Browser side of the tenant settings: calls the portal's own route.
import type { TenantSettings } from '#lib/tenantSettings';

/** A refused change, with the field the API named when there is one. */
export class SettingsRequestError extends Error {
  constructor(
    message: string,
    readonly field?: string,
    readonly sessionEnded: 'expired' | 'forbidden' | undefined = undefined,
  ) {
    super(message);
    this.name = 'SettingsRequestError';
  }
}

export interface LoadedSettings {
  settings: TenantSettings;
  /** The version the API gave, sent back as If-Match so a change never overwrites another unseen. */
  etag: string | undefined;
}

async function call(init: RequestInit): Promise<LoadedSettings> {
  let response: Response;
  try {
    response = await fetch('/portal-api/tenant/settings', { cache: 'no-store', ...init });
  } catch {
    throw new SettingsRequestError('The portal could not be reached. Check your connection.');
  }
  if (response.ok) {
    return {
      settings: (await response.json()) as TenantSettings,
      etag: response.headers.get('etag') ?? undefined,
    };
  }
  const problem = (await response.json().catch(() => ({}))) as {
    title?: string;
    detail?: string;
    errors?: { field: string; message: string }[];
  };
  const first = problem.errors?.[0];
  const message =
    response.status === 412
      ? 'The setting was changed elsewhere meanwhile. Reload the page to see it.'
      : first
        ? first.message
        : (problem.detail ?? problem.title ?? `HTTP ${response.status}`);
  const sessionEnded =
    response.status === 401 ? 'expired' : response.status === 403 ? 'forbidden' : undefined;
  throw new SettingsRequestError(message, first?.field, sessionEnded);
}

export const tenantSettingsApi = {
  load: () => call({ headers: { accept: 'application/json' } }),
  saveTimeZone: (timeZone: string, etag: string | undefined) =>
    call({
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(etag === undefined ? {} : { 'if-match': etag }),
      },
      body: JSON.stringify({ time_zone: timeZone }),
    }),
};
