/** A failed step of bringing the stack up: what failed, its own last output lines, what to try next. */
export class StepFailure extends Error {
  constructor(
    message: string,
    readonly details: readonly string[],
    readonly next: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StepFailure';
  }
}
