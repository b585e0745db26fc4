import { describe, expect, it } from '@jest/globals';
import type { GlobalPosition, RecordedEvent } from '../../src/eventstore/EventStore.js';
import { START } from '../../src/eventstore/EventStore.js';
import type { CheckpointRow } from '../../src/projections/runner/checkpoints.js';
import { byPosition, eventsAfter, splitAtPage } from '../../src/projections/runner/liveGroup.js';

const at = (commit: number, prepare = 0): GlobalPosition => ({
  commit: BigInt(commit),
  prepare: BigInt(prepare),
});
const checkpoint = (projection: string, position: GlobalPosition) =>
  ({ projection, position }) as CheckpointRow;
const event = (position: GlobalPosition) => ({ position }) as RecordedEvent;

describe('the group of live projections a page reaches', () => {
  const page = [event(at(5)), event(at(5, 1)), event(at(7))];

  it('orders checkpoints from the furthest behind', () => {
    const ordered = byPosition([
      checkpoint('b', at(7)),
      checkpoint('a', START),
      checkpoint('c', at(5, 1)),
    ]);
    expect(ordered.map((c) => c.projection)).toEqual(['a', 'c', 'b']);
  });

  it('splits off the checkpoints past the last event of the page', () => {
    const ordered = [checkpoint('a', at(5)), checkpoint('b', at(7)), checkpoint('c', at(9))];
    const { covered, beyond } = splitAtPage(ordered, page);
    expect(covered.map((c) => c.projection)).toEqual(['a', 'b']);
    expect(beyond.map((c) => c.projection)).toEqual(['c']);
  });

  it('takes every checkpoint on an empty page: they are all at the head', () => {
    const ordered = [checkpoint('a', at(7)), checkpoint('b', at(7))];
    expect(splitAtPage(ordered, [])).toEqual({ covered: ordered, beyond: [] });
  });

  it('gives each projection the events after its own checkpoint', () => {
    const entries = page.map((e) => ({ event: e }));
    expect(eventsAfter(entries, START)).toEqual(entries);
    expect(eventsAfter(entries, at(5))).toEqual(entries.slice(1));
    expect(eventsAfter(entries, at(6))).toEqual(entries.slice(2));
    expect(eventsAfter(entries, at(7))).toEqual([]);
  });
});
