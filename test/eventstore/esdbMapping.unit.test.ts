import { UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { describe, expect, it } from '@jest/globals';
import {
  EventStoreUnavailableError,
  ExpectedRevisionConflict,
} from '../../src/eventstore/errors.js';
import { toStoreError } from '../../src/eventstore/esdb/esdbErrors.js';
import { serverFilter } from '../../src/eventstore/esdb/serverFilter.js';

const tenantId = '6f1c1b5e-4a4e-4b8e-9a39-3a4c1d1f0a11';

describe('serverFilter', () => {
  it('sends stream prefixes, else the tenant prefixes, else an exact event-type regex', () => {
    expect(serverFilter({ streamNamePrefixes: ['agent-x'], tenantId })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['agent-x'],
    });
    expect(serverFilter({ tenantId, eventTypes: ['TokenIssued'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: [
        `tenant-${tenantId}`,
        `agent-${tenantId}.`,
        `tokens-${tenantId}.`,
        `webhooks-${tenantId}.`,
      ],
    });
    const byType = serverFilter({ eventTypes: ['TokenIssued', 'AgentRegistered'] });
    expect(byType).toMatchObject({ filterOn: 'eventType', checkpointInterval: 1 });
    const regex = new RegExp((byType as { regex: string }).regex);
    expect(['TokenIssued', 'AgentRegistered'].every((t) => regex.test(t))).toBe(true);
    expect(['TokenIssuedV2', 'XTokenIssued', '$statsCollected'].some((t) => regex.test(t))).toBe(
      false,
    );
  });

  it('leaves out system events when nothing else is filtered', () => {
    const filter = serverFilter(undefined) as { filterOn: string; regex: string };
    expect(filter.filterOn).toBe('eventType');
    expect(new RegExp(filter.regex).test('$statsCollected')).toBe(false);
    expect(new RegExp(filter.regex).test('TokenIssued')).toBe(true);
  });
});

describe('toStoreError', () => {
  it('turns a wrong expected version into a typed conflict', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 3n,
      current: 5n,
    });
    const mapped = toStoreError(error, { streamName: 's', expectedRevision: 3n });
    expect(mapped).toBeInstanceOf(ExpectedRevisionConflict);
    expect(mapped).toMatchObject({ streamName: 's', expected: 3n, actual: 5n });
  });

  it('turns connection trouble into a 503 and passes other errors through', () => {
    expect(toStoreError(new UnavailableError())).toBeInstanceOf(EventStoreUnavailableError);
    expect(toStoreError(Object.assign(new Error('x'), { code: 14 }))).toBeInstanceOf(
      EventStoreUnavailableError,
    );
    const bug = new TypeError('bug');
    expect(toStoreError(bug)).toBe(bug);
  });
});
