'use server';
// Sign-in and sign-out, run on the portal server: the client secret goes no further than
// the token endpoint, and the access token stays in an httpOnly cookie.
import { redirect } from 'next/navigation';
import { isTenantAdminToken } from '#lib/accessTokenClaims';
import { NOT_ADMIN_MESSAGE } from '#lib/signInErrors';
import { ensureBrowserId } from '#lib/server/browserId';
import { requestAdminToken } from '#lib/server/requestAdminToken';
import { revokeAccessToken } from '#lib/server/revokeAccessToken';
import { endSession, readAccessToken, startSession } from '#lib/server/session';

export interface SignInState {
  clientId: string;
  error?: string;
}

export async function signIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const clientId = String(form.get('client_id') ?? '').trim();
  const clientSecret = String(form.get('client_secret') ?? '');
  if (clientId === '' || clientSecret === '') {
    return { clientId, error: 'Enter both the client ID and the client secret.' };
  }

  // Failed sign-ins lock out this browser only (see requestSource in the API).
  const result = await requestAdminToken(clientId, clientSecret, await ensureBrowserId());
  if (!result.ok) return { clientId, error: result.message };
  if (!isTenantAdminToken(result.accessToken)) {
    // An agent's valid credentials: its token would open nothing here, so end it now.
    await revokeAccessToken(result.accessToken);
    return { clientId, error: NOT_ADMIN_MESSAGE };
  }

  await startSession(result.accessToken, result.expiresIn);
  redirect('/analytics');
}

// The cookie is the API token, so deleting it is not enough: the token is revoked at the
// API first. When the API cannot be reached the cookie still goes, and the token stays
// valid until it expires.
export async function signOut(): Promise<void> {
  const accessToken = await readAccessToken();
  if (accessToken !== undefined) await revokeAccessToken(accessToken);
  await endSession();
  redirect('/signin?reason=signed_out');
}
