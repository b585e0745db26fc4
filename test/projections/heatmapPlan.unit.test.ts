import { describe, expect, it } from '@jest/globals';
import { heatmapPlan } from '../../src/readModels/agentActivity/heatmapCorrections.js';

const at = (iso: string) => new Date(iso);
const asked = {
  start: at('2026-11-03T00:00:00Z'),
  end: at('2026-12-03T00:00:00Z'),
  tooFarBack: at('2026-10-04T00:00:00Z'),
  timeZone: 'UTC',
};

describe('what the stored heatmap needs to answer a window', () => {
  it('needs nothing when the stored window is the asked one', () => {
    expect(heatmapPlan({ start: asked.start, timeZone: 'UTC' }, asked)).toEqual({
      useStored: true,
      corrections: [],
    });
  });

  it('takes off the days a lagging window still holds', () => {
    const lagging = at('2026-11-01T00:00:00Z');
    expect(heatmapPlan({ start: lagging, timeZone: 'UTC' }, asked).corrections).toEqual([
      { from: lagging, to: asked.start, sign: -1 },
    ]);
  });

  it('adds the days a leading window lacks and takes off what lies past the asked end', () => {
    const leading = at('2026-11-05T00:00:00Z');
    expect(heatmapPlan({ start: leading, timeZone: 'UTC' }, asked).corrections).toEqual([
      { from: asked.start, to: leading, sign: 1 },
      { from: asked.end, to: 'infinity', sign: -1 },
    ]);
  });

  it('sums the hourly rows alone for a window too far off, in another zone, or none', () => {
    const alone = {
      useStored: false,
      corrections: [{ from: asked.start, to: asked.end, sign: 1 }],
    };
    expect(heatmapPlan(undefined, asked)).toEqual(alone);
    expect(heatmapPlan({ start: asked.tooFarBack, timeZone: 'UTC' }, asked)).toEqual(alone);
    expect(heatmapPlan({ start: asked.end, timeZone: 'UTC' }, asked)).toEqual(alone);
    expect(heatmapPlan({ start: asked.start, timeZone: 'Asia/Kolkata' }, asked)).toEqual(alone);
  });
});
