import { pathOf, type PathStep } from './valuePath.js';

// Schema-level rule: event data and metadata may never hold a secret or a
// token. Strict schemas already refuse unknown keys; this guard also refuses
// secret-looking keys and values that look like credentials or JWTs.
const forbiddenKey =
  /(secret|password|passwd|hash|token_value|access_token|refresh_token|private|credential)/i;
const jwtLike = /^ey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*$/;
const secretLike = /^(sk|cs|secret)_[A-Za-z0-9_-]{20,}$/;
// Anywhere in a value: a subscriber might paste one into a webhook URL.
const webhookSecretLike = /whsec_[A-Za-z0-9+/=]{20,}/;
// A URL with a user name or password (`https://user:pass@host/`), anywhere in a value.
const urlWithUserInfo = /[a-z][a-z0-9+.-]*:\/\/[^\s/?#@]+@/i;

// Every pattern needs a literal the value must contain; testing for it first
// keeps ordinary values (ids, names, instants) away from the regular
// expressions, the unanchored URL one of which retries at every position.
// Runs on every appended event.
function looksSecret(value: string): boolean {
  return (
    (value.startsWith('ey') && jwtLike.test(value)) ||
    (value.includes('_') && secretLike.test(value)) ||
    (value.includes('whsec_') && webhookSecretLike.test(value)) ||
    (value.includes('://') && value.includes('@') && urlWithUserInfo.test(value))
  );
}

// Event keys come from a few strict schemas, so their verdicts are kept; the
// bound only matters for callers passing arbitrary objects.
const keyVerdicts = new Map<string, boolean>();
const maxKeyVerdicts = 1000;

function isForbiddenKey(key: string): boolean {
  let forbidden = keyVerdicts.get(key);
  if (forbidden === undefined) {
    forbidden = forbiddenKey.test(key);
    if (keyVerdicts.size < maxKeyVerdicts) keyVerdicts.set(key, forbidden);
  }
  return forbidden;
}

function findSteps(value: unknown): PathStep[] | undefined {
  if (typeof value === 'string') return looksSecret(value) ? [] : undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findSteps(value[index]);
      if (found) return (found.push(index), found);
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (isForbiddenKey(key)) return [key];
      const found = findSteps((value as Record<string, unknown>)[key]);
      if (found) return (found.push(key), found);
    }
  }
  return undefined;
}

/** The path of the first secret-looking key or value (`a.b[1]`, `(root)`), or undefined. */
export function findSecretLikeContent(value: unknown): string | undefined {
  const steps = findSteps(value);
  return steps && pathOf(steps);
}
