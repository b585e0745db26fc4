import { describe, expect, it } from '@jest/globals';
import { figuresOn, PANEL_TIMES, panelTimeZone } from '../../portal/lib/panelTimeZones.js';

describe('panel time zones', () => {
  it('puts the trend, the heatmap and the usage in the tenant zone', () => {
    expect(panelTimeZone('tokenTrend', 'Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(panelTimeZone('activity', 'Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(panelTimeZone('usage', 'Asia/Kolkata')).toBe('Asia/Kolkata');
  });

  it('keeps failures, scopes, anomalies, attention and quota periods in UTC', () => {
    for (const panel of ['failures', 'scopes', 'anomalies', 'attention', 'quota'] as const) {
      expect(panelTimeZone(panel, 'Asia/Kolkata')).toBe('UTC');
    }
    // One agent's daily tokens come from scope usage, kept in UTC days.
    expect(panelTimeZone('agentTrend', 'Asia/Kolkata')).toBe('UTC');
  });

  it('explains each basis in one phrase naming every panel on it', () => {
    expect(figuresOn('tenant')).toBe(
      'the days of the token trend, the day of week and hour of the activity heatmap ' +
        'and the month of the usage table',
    );
    const utc = figuresOn('utc');
    for (const panel of Object.values(PANEL_TIMES).filter((entry) => entry.basis === 'utc')) {
      expect(utc).toContain(panel.figures);
    }
  });
});
