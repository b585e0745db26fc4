import { createHash, timingSafeEqual } from 'node:crypto';
import { clientSource } from './clientSource.js';

/** What a token request shows of where it comes from. */
export interface SourceEvidence {
  /** The connection address (ctx.ip, after TRUST_PROXY). */
  ip: string;
  /** The X-Portal-Secret header, if any. */
  portalSecret: string | undefined;
  /** The X-Portal-Source header, if any. */
  portalSource: string | undefined;
}

export type RequestSource = (evidence: SourceEvidence) => string;

const portalSourcePattern = /^[A-Za-z0-9:._-]{1,128}$/;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Where a token request comes from, as failed-secret lockouts count it. The
 * portal signs every admin in from its own server, so by address all of its
 * sign-ins would share one source and anyone's wrong secrets there would lock
 * the admin out of the portal. With PORTAL_SOURCE_SECRET set, a request that
 * proves to come from the portal (X-Portal-Secret) is counted by the browser
 * the portal names (X-Portal-Source) instead. Anything else, a wrong or
 * missing secret or a malformed source, is counted by its address, so forged
 * portal headers grant nothing.
 */
export function requestSource(portalSourceSecret: string | undefined): RequestSource {
  // Digests have equal lengths, so the comparison takes the same time whatever was sent.
  const expected = portalSourceSecret === undefined ? undefined : digest(portalSourceSecret);
  return ({ ip, portalSecret, portalSource }) => {
    if (
      expected !== undefined &&
      portalSecret !== undefined &&
      portalSource !== undefined &&
      portalSourcePattern.test(portalSource) &&
      timingSafeEqual(digest(portalSecret), expected)
    ) {
      return `portal:${portalSource}`;
    }
    return clientSource(ip);
  };
}
