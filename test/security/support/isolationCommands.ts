// The operations of the randomized tenant-isolation test as fast-check model
// commands: each one acts through HTTP as one tenant's admin (or agent),
// checks the immediate answer, and records in the model what it changed.
import fc from 'fast-check';
import { DeactivateAgent, RegisterAgent, RenameAgent, RotateSecret } from './agentCommands.js';
import { foreignOperations, TouchForeignAgent } from './foreignCommands.js';
import {
  nameText,
  now,
  refreshAdminToken,
  scopeList,
  type IsolationCommand,
  type Real,
} from './isolationActions.js';
import type { World } from './isolationModel.js';
import { ConcurrentTokens, RequestTokens } from './tokenCommands.js';

export { nameText, registerAgent, requestToken, scopeList, type Real } from './isolationActions.js';

class AdvanceClock implements IsolationCommand {
  constructor(readonly minutes: number) {}
  check = () => true;
  async run(world: World, real: Real) {
    real.stack.clock.set(new Date(now(real).getTime() + this.minutes * 60_000));
    for (const tenant of world.tenants) await refreshAdminToken(real, tenant);
  }
  toString = () => `advanceClock(${this.minutes} min)`;
}

const tenantPick = fc.nat();
const agentPick = fc.nat();

/**
 * A random sequence of commands for `fc.asyncModelRun`. Commands whose
 * `check` fails on the model at their turn (no agent yet, no rotated secret)
 * are skipped.
 */
export function isolationCommands(length: { minLength: number; maxLength: number }) {
  const register = fc
    .tuple(tenantPick, nameText, scopeList)
    .map(([t, text, scopes]) => new RegisterAgent(t, text, scopes));
  const rename = fc
    .tuple(tenantPick, agentPick, nameText, fc.boolean())
    .map(([t, a, text, same]) => new RenameAgent(t, a, text, same));
  const rotate = fc.tuple(tenantPick, agentPick).map(([t, a]) => new RotateSecret(t, a));
  const deactivate = fc
    .tuple(tenantPick, agentPick, fc.boolean())
    .map(([t, a, viaDelete]) => new DeactivateAgent(t, a, viaDelete));
  const tokens = fc
    .tuple(tenantPick, agentPick, fc.integer({ min: 1, max: 3 }), fc.boolean())
    .map(([t, a, times, basic]) => new RequestTokens(t, a, times, false, basic));
  const oldSecretTokens = fc
    .tuple(tenantPick, agentPick, fc.boolean())
    .map(([t, a, basic]) => new RequestTokens(t, a, 1, true, basic));
  const concurrent = fc
    .array(agentPick, { minLength: 1, maxLength: 4 })
    .map((agents) => new ConcurrentTokens(agents));
  const foreign = fc
    .tuple(tenantPick, fc.nat(), agentPick, fc.constantFrom(...foreignOperations))
    .map(([t, v, a, operation]) => new TouchForeignAgent(t, v, a, operation));
  const clock = fc.integer({ min: 1, max: 720 }).map((minutes) => new AdvanceClock(minutes));
  const command: fc.Arbitrary<IsolationCommand> = fc.oneof(
    { arbitrary: register, weight: 4 },
    { arbitrary: rename, weight: 2 },
    { arbitrary: rotate, weight: 2 },
    { arbitrary: deactivate, weight: 2 },
    { arbitrary: tokens, weight: 6 },
    { arbitrary: oldSecretTokens, weight: 2 },
    { arbitrary: concurrent, weight: 2 },
    { arbitrary: foreign, weight: 4 },
    { arbitrary: clock, weight: 2 },
  );
  return fc.array(command, length);
}
