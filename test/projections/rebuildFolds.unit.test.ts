import { describe, expect, it } from '@jest/globals';
import { allProjections } from '../../src/readModels/allProjections.js';

describe('projections in a rebuild', () => {
  // Without a fold of its own, a projection's decoded events cross back to
  // the thread that writes, which then does its per-event work too.
  it('every projection folds its events to deltas, so a rebuild hands the writing thread deltas only', () => {
    expect(
      allProjections
        .filter((projection) => !projection.deltas)
        .map((projection) => projection.name),
    ).toEqual([]);
  });
});
