'use server';
// Sign-in and sign-out, run on the portal server: the client secret goes no further than
// the token endpoint, and the access token stays in an httpOnly cookie.
import { redirect } from 'next/navigation';
import { requestAdminToken } from '#lib/server/requestAdminToken';
import { endSession, startSession } from '#lib/server/session';

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

  const result = await requestAdminToken(clientId, clientSecret);
  if (!result.ok) return { clientId, error: result.message };

  await startSession(result.accessToken, result.expiresIn);
  redirect('/analytics');
}

export async function signOut(): Promise<void> {
  await endSession();
  redirect('/signin?reason=signed_out');
}
