import { describe, expect, it } from '@jest/globals';
import {
  ALL_AGENTS,
  busiestCell,
  gridCells,
  hourRangeLabel,
  toActivityGrid,
} from '../../portal/lib/activityGrid.js';

const A = 'agent-a';
const B = 'agent-b';
const buckets = [
  { agent_id: A, dow: 0, hour: 0, count: 2 },
  { agent_id: B, dow: 0, hour: 0, count: 3 },
  { agent_id: A, dow: 2, hour: 14, count: 9 },
  { agent_id: B, dow: 6, hour: 23, count: 4 },
];

describe('toActivityGrid', () => {
  it('is 7 rows (Sunday first) of 24 hours, zero where nothing happened', () => {
    const grid = toActivityGrid([]);
    expect(grid).toHaveLength(7);
    expect(grid.every((row) => row.length === 24 && row.every((count) => count === 0))).toBe(true);
  });

  it('sums all agents by default', () => {
    const grid = toActivityGrid(buckets);
    expect(grid[0]?.[0]).toBe(5);
    expect(grid[2]?.[14]).toBe(9);
    expect(grid[6]?.[23]).toBe(4);
  });

  it('keeps only the chosen agent', () => {
    const grid = toActivityGrid(buckets, B);
    expect(grid[0]?.[0]).toBe(3);
    expect(grid[2]?.[14]).toBe(0);
    expect(toActivityGrid(buckets, ALL_AGENTS)[0]?.[0]).toBe(5);
  });

  it('adds up repeated buckets for the same cell', () => {
    const grid = toActivityGrid([
      { agent_id: A, dow: 3, hour: 7, count: 1 },
      { agent_id: A, dow: 3, hour: 7, count: 2 },
    ]);
    expect(grid[3]?.[7]).toBe(3);
  });
});

describe('gridCells and busiestCell', () => {
  it('lists 168 cells in day-then-hour order', () => {
    const cells = gridCells(toActivityGrid(buckets));
    expect(cells).toHaveLength(168);
    expect(cells[0]).toEqual({ dow: 0, hour: 0, count: 5 });
    expect(cells[2 * 24 + 14]).toEqual({ dow: 2, hour: 14, count: 9 });
  });

  it('finds the busiest cell, or none when all are zero', () => {
    expect(busiestCell(gridCells(toActivityGrid(buckets)))).toEqual({ dow: 2, hour: 14, count: 9 });
    expect(busiestCell(gridCells(toActivityGrid([])))).toBeUndefined();
  });
});

describe('hourRangeLabel', () => {
  it('wraps the last hour to midnight', () => {
    expect(hourRangeLabel(9)).toBe('09:00–10:00');
    expect(hourRangeLabel(23)).toBe('23:00–00:00');
  });
});
