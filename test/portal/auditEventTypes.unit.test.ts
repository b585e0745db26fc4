import { describe, expect, it } from '@jest/globals';
import { auditEventTypes } from '../../src/contract.js';
import { eventTypes } from '../../src/events/schemas.js';

describe('the audit filter’s event types', () => {
  it('are exactly the event types the log holds', () => {
    expect([...auditEventTypes].sort()).toEqual([...eventTypes].sort());
  });
});
