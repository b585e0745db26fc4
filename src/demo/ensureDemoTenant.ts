import type { CommandDeps } from '../commands/commandDeps.js';
import { streamNames } from '../events/streams.js';
import { readDemoState, writeDemoState, type DemoState } from './demoState.js';
import { seedDemoTenant, type SeedOptions } from './seedDemoTenant.js';

export interface EnsuredDemoTenant {
  state: DemoState;
  /** False when the tenant in the state file was reused. */
  seeded: boolean;
}

// Reuses the demo tenant recorded in the state file while its events are in
// the store; otherwise (first run, or a new database) seeds a new one and
// records it.
export async function ensureDemoTenant(
  deps: CommandDeps,
  stateFile: string,
  options: SeedOptions = {},
): Promise<EnsuredDemoTenant> {
  const known = await readDemoState(stateFile);
  if (known) {
    const tenantEvents = await deps.eventStore.readStream(streamNames.tenant(known.tenantId), {
      maxCount: 1,
    });
    if (tenantEvents.length > 0) return { state: known, seeded: false };
  }
  const state = await seedDemoTenant(deps, options);
  await writeDemoState(stateFile, state);
  return { state, seeded: true };
}
