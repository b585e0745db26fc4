import { describe, expect, it } from '@jest/globals';
import { colorScale, HEAT_PALETTE, ZERO_COLOR } from '../../portal/lib/colorScale.js';

describe('colorScale', () => {
  it('draws zero in the neutral colour and the maximum in the darkest', () => {
    const scale = colorScale(200);
    expect(scale.colorOf(0)).toBe(ZERO_COLOR);
    expect(scale.colorOf(200)).toBe(HEAT_PALETTE[HEAT_PALETTE.length - 1]);
    expect(scale.colorOf(1)).toBe(HEAT_PALETTE[0]);
  });

  it('never gets lighter as counts grow', () => {
    const scale = colorScale(97);
    const order = [ZERO_COLOR, ...HEAT_PALETTE];
    let previous = 0;
    for (let count = 0; count <= 97; count++) {
      const rank = order.indexOf(scale.colorOf(count));
      expect(rank).toBeGreaterThanOrEqual(previous);
      previous = rank;
    }
  });

  it('has a legend whose steps cover 0..max without gaps and match colorOf', () => {
    for (const max of [0, 1, 2, 3, 7, 10, 208, 1001]) {
      const { legend, colorOf } = colorScale(max);
      expect(legend[0]).toMatchObject({ label: '0', from: 0, to: 0 });
      for (let i = 1; i < legend.length; i++) {
        const step = legend[i]!;
        expect(step.from).toBe(legend[i - 1]!.to + 1);
        expect(colorOf(step.from)).toBe(step.color);
        expect(colorOf(step.to)).toBe(step.color);
      }
      expect(legend[legend.length - 1]!.to).toBeGreaterThanOrEqual(Math.max(max, 1));
    }
  });

  it('collapses to fewer steps when the maximum is small', () => {
    expect(colorScale(2).legend.map((step) => step.label)).toEqual(['0', '1', '2']);
    expect(colorScale(1).legend.map((step) => step.label)).toEqual(['0', '1']);
  });

  it('labels ranges with an en dash', () => {
    expect(colorScale(10).legend.map((step) => step.label)).toEqual([
      '0',
      '1–2',
      '3–4',
      '5–6',
      '7–8',
      '9–10',
    ]);
  });
});
