import { expect } from '@jest/globals';
import type { Decider } from '../../src/commands/handleCommand.js';
import type { DomainEventData } from '../../src/events/schemas.js';

type ThrowsExpectation = Parameters<ReturnType<typeof expect>['toThrow']>[0];

/**
 * Given past events, when a command, then the decided events or then-throws:
 * the one shape of every decider test.
 */
export function deciderSpecification<State, Command>(decider: Decider<State, Command>) {
  return (history: readonly DomainEventData[]) => ({
    when(command: Command) {
      const decide = () =>
        decider.decide(command, history.reduce(decider.evolve, decider.initialState));
      return {
        /** The decided events, to build a history from. */
        events: decide,
        then(expected: readonly DomainEventData[]): void {
          expect(decide()).toEqual(expected);
        },
        thenThrows(expected?: ThrowsExpectation): void {
          expect(decide).toThrow(expected);
        },
      };
    },
  });
}
