import { EventStoreUnavailableError } from '../errors.js';

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

// Connection-level failures mean "try again later" (503); anything else is a bug.
export function toStoreError(error: unknown): Error {
  const candidate = error as { code?: string; message?: string };
  const unreachable =
    (candidate.code !== undefined && connectionErrorCodes.has(candidate.code)) ||
    candidate.code?.startsWith('08') === true ||
    candidate.code === '57P01' ||
    candidate.code === '57P03' ||
    /timeout|terminat|Connection ended|connect/i.test(candidate.message ?? '');
  // No connection could be made, so no statement was sent: nothing was written.
  const notSent =
    candidate.code === 'ECONNREFUSED' ||
    candidate.code === 'ENOTFOUND' ||
    /when trying to connect/i.test(candidate.message ?? '');
  if (unreachable) return new EventStoreUnavailableError(error, { notSent });
  return error instanceof Error ? error : new Error(String(error));
}
