import { z } from 'zod';

// The one rule for free text that people type: names, descriptions, reasons.
// Postgres jsonb refuses NUL and unpaired surrogates, and neither belongs in
// text anyone reads, so they are refused where the text arrives, naming the
// field, instead of failing deep in a write. Controls other than tab, line
// feed and carriage return are refused too: they only hide or garble text.

// eslint-disable-next-line no-control-regex
const forbiddenControl = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
// With the u flag a surrogate pair reads as one code point, so only an unpaired half is \p{Cs}.
const unpairedSurrogate = /\p{Cs}/u;
// Characters that show nothing: controls, format characters (zero-width
// space and joiners, bidi marks, BOM), separators, and the fillers that are
// letters only by category.
const invisible = /[\p{Cc}\p{Cf}\p{Z}\s\u115F\u1160\u3164\uFFA0\u2800]/gu;

/** Whether text passes the free-text rule (also checked on append, as a second wall). */
export function isCleanText(text: string): boolean {
  return !unpairedSurrogate.test(text) && !forbiddenControl.test(text);
}

function withTextRule(schema: z.ZodString) {
  return schema
    .refine((text) => !unpairedSurrogate.test(text), {
      message: 'must not contain unpaired surrogates',
    })
    .refine((text) => !forbiddenControl.test(text), {
      message: 'must not contain control characters other than tab and line breaks',
    });
}

/** Free text of at most `max` characters (descriptions, reasons). */
export function freeText(max: number) {
  return withTextRule(z.string().max(max, `must be at most ${max} characters`));
}

// Line breaks a display name must not hold, Unicode's own separators included.
const lineBreak = /[\t\n\r\u2028\u2029]/u;
// Characters that make a name show as another: bidi embeddings, overrides and
// isolates reorder what follows them; zero-width spaces, word joiners,
// invisible operators and the BOM hide inside a name. Joiners (ZWJ, ZWNJ) and
// the bidi marks stay: scripts and emoji need them.
const spoofing = /[\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

/** A display name: trimmed, one line, at least one visible character, nothing that disguises it. */
export function displayName(max: number) {
  return withTextRule(
    z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
  )
    .refine((text) => !lineBreak.test(text), { message: 'must be a single line' })
    .refine((text) => !spoofing.test(text), {
      message:
        'must not contain bidi embeddings, overrides or isolates, zero-width spaces or word joiners',
    })
    .refine((text) => text.replace(invisible, '').length > 0, {
      message: 'must contain a visible character',
    });
}
