import { describe, expect, it } from '@jest/globals';
import { demoAgents } from '../../src/demo/demoAgents.js';
import { planTokenHistory } from '../../src/demo/historyPlan.js';
import { seededRandom } from '../../src/demo/random.js';

const now = new Date('2026-11-25T15:30:00.000Z');
const plan = planTokenHistory(demoAgents, { days: 90, now, random: seededRandom(42) });
const timesOf = (name: string) =>
  plan.filter((p) => demoAgents[p.agentIndex]?.name === name).flatMap((p) => p.tokenTimes);

describe('demo history plan', () => {
  it('is reproducible from its seed', () => {
    const again = planTokenHistory(demoAgents, { days: 90, now, random: seededRandom(42) });
    expect(again).toEqual(plan);
  });

  it('covers 90 days and never the future', () => {
    const all = plan.flatMap((p) => p.tokenTimes);
    expect(all.length).toBeGreaterThan(10_000);
    expect(Math.max(...all.map((t) => t.getTime()))).toBeLessThan(now.getTime());
    const earliest = Math.min(...all.map((t) => t.getTime()));
    expect((now.getTime() - earliest) / 86_400_000).toBeGreaterThan(88);
  });

  it('follows weekday and hour patterns', () => {
    const support = timesOf('support-assistant');
    const weekday = support.filter((t) => t.getUTCDay() >= 1 && t.getUTCDay() <= 5).length / 5;
    const weekend = support.filter((t) => t.getUTCDay() === 0 || t.getUTCDay() === 6).length / 2;
    expect(weekday).toBeGreaterThan(weekend * 3);
    const atNoon = support.filter((t) => t.getUTCHours() === 12).length;
    const atThree = support.filter((t) => t.getUTCHours() === 3).length;
    expect(atNoon).toBeGreaterThan(atThree * 5);
    const nightly = timesOf('billing-reconciler');
    expect(nightly.filter((t) => t.getUTCHours() === 2).length).toBeGreaterThan(
      nightly.filter((t) => t.getUTCHours() === 14).length * 5,
    );
  });

  it('respects registration and deactivation', () => {
    const onboarding = timesOf('onboarding-guide');
    expect(Math.min(...onboarding.map((t) => t.getTime()))).toBeGreaterThan(
      now.getTime() - 13 * 86_400_000,
    );
    const legacy = timesOf('legacy-importer');
    expect(Math.max(...legacy.map((t) => t.getTime()))).toBeLessThan(
      now.getTime() - 34 * 86_400_000,
    );
  });
});
