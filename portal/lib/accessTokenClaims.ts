// What the portal reads from an access token it has just received from the token endpoint
// over its own server-to-server call; the API verifies the token on every use.

/** The API's tenant admin role (src/auth/accessTokens.ts `tenantAdminRole`). */
export const TENANT_ADMIN_ROLE = 'tenant_admin';

/** True when the token's payload carries the tenant admin role; false for anything else. */
export function isTenantAdminToken(token: string): boolean {
  const payload = token.split('.')[1];
  if (payload === undefined) return false;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const roles = (claims as { roles?: unknown } | null)?.roles;
    return Array.isArray(roles) && roles.includes(TENANT_ADMIN_ROLE);
  } catch {
    return false;
  }
}
