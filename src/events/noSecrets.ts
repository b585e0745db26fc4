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

export function findSecretLikeContent(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') {
    if (
      jwtLike.test(value) ||
      secretLike.test(value) ||
      webhookSecretLike.test(value) ||
      urlWithUserInfo.test(value)
    ) {
      return path || '(root)';
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findSecretLikeContent(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (forbiddenKey.test(key)) return keyPath;
      const found = findSecretLikeContent(item, keyPath);
      if (found) return found;
    }
  }
  return undefined;
}
