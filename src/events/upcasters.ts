// Upcasters keyed by `${type}@${fromVersion}`, each lifting data one version.
// Every event type is at version 1 today; a schema change adds an entry here
// and bumps the version in schemas.ts.
export const upcasters: Record<string, (data: unknown) => unknown> = {};
