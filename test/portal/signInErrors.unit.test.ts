import { describe, expect, it } from '@jest/globals';
import {
  describeTokenFailure,
  retryAfterSeconds,
  UNREACHABLE_MESSAGE,
} from '../../portal/lib/signInErrors.js';

describe('describeTokenFailure', () => {
  it('says the credentials are wrong for invalid_client (400 or 401)', () => {
    expect(describeTokenFailure({ status: 401, error: 'invalid_client' })).toBe(
      'Invalid client ID or client secret.',
    );
    expect(describeTokenFailure({ status: 400, error: 'invalid_client' })).toBe(
      'Invalid client ID or client secret.',
    );
    expect(describeTokenFailure({ status: 401 })).toBe('Invalid client ID or client secret.');
  });

  it('tells a rate-limited admin how long to wait', () => {
    expect(describeTokenFailure({ status: 429, retryAfter: '12' })).toBe(
      'Too many sign-in attempts. Try again in 12 seconds.',
    );
    expect(describeTokenFailure({ status: 429, retryAfter: '1' })).toBe(
      'Too many sign-in attempts. Try again in 1 second.',
    );
    expect(describeTokenFailure({ status: 429 })).toBe(
      'Too many sign-in attempts. Wait a moment and try again.',
    );
  });

  it('separates an unreachable or failing identity service from bad credentials', () => {
    expect(describeTokenFailure({ status: undefined })).toBe(UNREACHABLE_MESSAGE);
    expect(describeTokenFailure({ status: 503 })).toBe(
      'The identity service had a problem (HTTP 503). Try again in a moment.',
    );
  });

  it('passes other OAuth errors through', () => {
    expect(describeTokenFailure({ status: 400, error: 'unauthorized_client' })).toBe(
      'These credentials are not allowed to sign in to the portal.',
    );
    expect(
      describeTokenFailure({ status: 400, error: 'invalid_request', errorDescription: 'bad form' }),
    ).toBe('Sign-in was refused: bad form');
    expect(describeTokenFailure({ status: 400 })).toBe('Sign-in was refused (HTTP 400).');
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-04T10:00:00Z');
    expect(retryAfterSeconds('30', now)).toBe(30);
    expect(retryAfterSeconds('Wed, 04 Mar 2026 10:00:45 GMT', now)).toBe(45);
    expect(retryAfterSeconds('Wed, 04 Mar 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores missing or unreadable values', () => {
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });
});
