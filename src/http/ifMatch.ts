// If-Match as RFC 9110 section 13.1.1 defines it: `*`, or a list of entity
// tags compared strongly (If-None-Match, below, compares them weakly). This
// service's ETags are quoted stream revisions, so a weak tag, or a strong one
// that is not a revision, never matches: the request then fails its
// precondition (412) instead of being malformed (400).

/** The revisions an If-Match accepts; `any` for `*`. An empty list accepts none. */
export type IfMatch = 'any' | readonly bigint[];

// One list element: an optional entity tag, then a comma or the end. RFC 9110
// section 5.6.1 asks recipients to accept empty elements ("a, , b").
const element = /[ \t]*(?:(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*)?(,|$)/y;
const revision = /^\d{1,18}$/;

/** Undefined when the header is not `*` or a list of entity tags. */
export function parseIfMatch(header: string): IfMatch | undefined {
  return parseTagList(header, 'strong');
}

/**
 * If-None-Match (RFC 9110 section 13.1.2): the same grammar, its tags
 * compared weakly, so `W/"3"` names revision 3 too. Undefined when malformed.
 */
export function parseIfNoneMatch(header: string): IfMatch | undefined {
  return parseTagList(header, 'weak');
}

function parseTagList(header: string, comparison: 'strong' | 'weak'): IfMatch | undefined {
  if (header.trim() === '*') return 'any';
  const revisions: bigint[] = [];
  let tags = 0;
  element.lastIndex = 0;
  while (element.lastIndex < header.length) {
    const at = element.lastIndex;
    const match = element.exec(header);
    if (!match || element.lastIndex === at) return undefined;
    const [, weak, opaque] = match;
    if (opaque !== undefined) {
      tags += 1;
      const comparable = comparison === 'weak' || !weak;
      if (comparable && revision.test(opaque)) revisions.push(BigInt(opaque));
    }
    if (match[3] === '') break;
  }
  return tags === 0 ? undefined : revisions;
}
