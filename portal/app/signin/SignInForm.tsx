'use client';

import { useActionState } from 'react';
import { signIn, type SignInState } from '#lib/server/sessionActions';

const initialState: SignInState = { clientId: '' };

export function SignInForm() {
  const [state, action, pending] = useActionState(signIn, initialState);
  const errorProps =
    state.error === undefined ? {} : { 'aria-invalid': true, 'aria-describedby': 'signin-error' };

  return (
    <form action={action} className="signin-form">
      <label htmlFor="client_id">Client ID</label>
      <input
        id="client_id"
        name="client_id"
        autoComplete="username"
        required
        spellCheck={false}
        defaultValue={state.clientId}
        {...errorProps}
      />
      <label htmlFor="client_secret">Client secret</label>
      <input
        id="client_secret"
        name="client_secret"
        type="password"
        autoComplete="current-password"
        required
        {...errorProps}
      />
      {state.error !== undefined && (
        <p id="signin-error" className="form-error" role="alert">
          {state.error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
