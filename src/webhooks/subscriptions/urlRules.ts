// Rules on the text of a webhook URL, checked before its host is resolved.
// Control characters (NUL among them) and unpaired surrogates cannot be
// stored in a text column or sent in a request line; credentials in the URL
// would be kept in the immutable log and shown on every read of the subscription.

// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

const unpairedSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function urlTextProblem(url: string): string | undefined {
  if (controlCharacter.test(url)) return 'must not contain control characters';
  if (unpairedSurrogate.test(url)) return 'must not contain unpaired surrogates';
  return undefined;
}

/** True when the URL carries a user name or password (`https://user:pass@host/`). */
export function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

export const userInfoRefusal =
  'must not contain a user name or password; check the signature of each message on the receiving side instead';

export const secretInUrlRefusal =
  'must not carry credentials, tokens or secrets anywhere in it (a user:password@ URL in its query counts)';
