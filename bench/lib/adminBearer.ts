import { expectJson, type HttpClient } from './httpClient.js';

/** Authorization header of a tenant admin's access token, from POST /oauth2/token (client_secret_basic). */
export async function adminBearer(
  client: HttpClient,
  admin: { adminClientId: string; adminClientSecret: string },
): Promise<{ authorization: string }> {
  const basic = Buffer.from(`${admin.adminClientId}:${admin.adminClientSecret}`).toString('base64');
  const token = expectJson<{ access_token: string }>(
    await client.request('POST', '/oauth2/token', {
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    }),
  ).access_token;
  return { authorization: `Bearer ${token}` };
}
