import { signOut } from '#lib/server/sessionActions';

export function SignOutButton() {
  return (
    <form action={signOut}>
      <button type="submit" className="button ghost" data-testid="sign-out">
        Sign out
      </button>
    </form>
  );
}
