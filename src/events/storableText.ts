import { pathOf, type PathStep } from './valuePath.js';

// Postgres jsonb refuses NUL (\u0000) and unpaired surrogates. Commands refuse
// such text where it arrives; this second wall turns any that slips through
// into a refused append (400) instead of a failed write (500).
// eslint-disable-next-line no-control-regex
const unstorable = /\u0000|\p{Cs}/u;

// Runs on every appended event.
function findSteps(value: unknown): PathStep[] | undefined {
  if (typeof value === 'string') return unstorable.test(value) ? [] : undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const found = findSteps(value[index]);
      if (found) return (found.push(index), found);
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (unstorable.test(key)) return [key];
      const found = findSteps((value as Record<string, unknown>)[key]);
      if (found) return (found.push(key), found);
    }
  }
  return undefined;
}

/** The path of the first string that jsonb cannot store (`a.b[1]`, `(root)`), or undefined. */
export function findUnstorableText(value: unknown): string | undefined {
  const steps = findSteps(value);
  return steps && pathOf(steps);
}
