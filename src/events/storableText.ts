// Postgres jsonb refuses NUL (\u0000) and unpaired surrogates. Commands refuse
// such text where it arrives; this second wall turns any that slips through
// into a refused append (400) instead of a failed write (500).
// eslint-disable-next-line no-control-regex
const unstorable = /\u0000|\p{Cs}/u;

/** The path of the first string that jsonb cannot store, or undefined. */
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return unstorable.test(value) ? path || '(root)' : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      const found = findUnstorableText(key, keyPath) ?? findUnstorableText(item, keyPath);
      if (found) return found;
    }
  }
  return undefined;
}
