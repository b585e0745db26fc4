// Reads and commands aimed at another tenant's agent, for the randomized
// tenant-isolation test.
import { expect } from '@jest/globals';
import { foreignDataIn, markersOf } from './foreignData.js';
import { admin, pick, taggedName, type IsolationCommand, type Real } from './isolationActions.js';
import type { World } from './isolationModel.js';

export const foreignOperations = ['get', 'rename', 'rotate', 'delete', 'deactivate'] as const;

/** A tenant admin aims a read or a command at another tenant's agent: 404, and nothing changes. */
export class TouchForeignAgent implements IsolationCommand {
  constructor(
    readonly attacker: number,
    readonly victimOffset: number,
    readonly agent: number,
    readonly operation: (typeof foreignOperations)[number],
  ) {}
  private parties(world: Readonly<World>) {
    const count = world.tenants.length;
    const attackerIndex = this.attacker % count;
    const attacker = world.tenants[attackerIndex]!;
    const victim = world.tenants[(attackerIndex + 1 + (this.victimOffset % (count - 1))) % count]!;
    return { attacker, victim, agent: pick(victim.agents, this.agent) };
  }
  check = (world: Readonly<World>) => this.parties(world).agent !== undefined;
  async run(world: World, real: Real) {
    const { attacker, victim, agent } = this.parties(world);
    const path = `/api/agents/${agent!.agentId}`;
    const before = await storedState(real);
    const refusedName = taggedName(attacker, 'hijacked');
    world.refusedNames.push(refusedName);
    const auth = admin(attacker);
    const response = await {
      get: () => real.http.get(path).set(auth),
      rename: () => real.http.patch(path).set(auth).send({ name: refusedName }),
      rotate: () => real.http.post(`${path}/rotate-secret`).set(auth).send({}),
      delete: () => real.http.delete(path).set(auth),
      deactivate: () => real.http.post(`${path}/deactivate`).set(auth).send({}),
    }[this.operation]();
    expect([this.operation, response.status]).toEqual([this.operation, 404]);
    expect(response.body.client_secret).toBeUndefined();
    const suffix = { rotate: '/rotate-secret', deactivate: '/deactivate' } as Record<
      string,
      string
    >;
    const requested = `${path}${suffix[this.operation] ?? ''}`;
    expect(foreignDataIn(response, markersOf(victim), requested)).toEqual([]);
    expect(await storedState(real)).toEqual(before);
  }
  toString = () =>
    `touchForeign(t${this.attacker} -> +${this.victimOffset}, a${this.agent}, ${this.operation})`;
}

/** Everything a command could change: the event log and the credentials. */
async function storedState(real: Real): Promise<unknown> {
  // Refusals of earlier commands are appended after their answers: let them land first.
  await real.stack.runtime.tokenRejections.drain(10_000);
  const { rows } = await real.stack.runtime.pool.query(
    `SELECT (SELECT count(*) FROM events)::int AS events,
            (SELECT md5(string_agg(client_id || encode(secret_hash, 'hex') || active::text
                                   || updated_at::text, ',' ORDER BY client_id))
               FROM client_credentials) AS credentials`,
  );
  return rows[0];
}
