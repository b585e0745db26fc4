/** A key or an array index on the way down to a value. */
export type PathStep = string | number;

/**
 * `a.b[1]` from the steps of a walk that found something, innermost first
 * (the walks push them on the way back up); `(root)` for none. The checks of
 * events build a path only for what they find, not for every value visited.
 */
export function pathOf(steps: readonly PathStep[]): string {
  let path = '';
  for (let index = steps.length - 1; index >= 0; index -= 1) {
    const step = steps[index] as PathStep;
    path += typeof step === 'number' ? `[${step}]` : path ? `.${step}` : step;
  }
  return path || '(root)';
}
