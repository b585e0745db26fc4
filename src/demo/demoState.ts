import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

// What `npm start` needs to reuse a seeded demo tenant on the next run: its
// ids and the demo clients' secrets (the service itself stores only hashes).
// Kept in a git-ignored, owner-only file under the local data folder.
export const demoStateSchema = z.object({
  tenantId: z.uuid(),
  tenantName: z.string(),
  adminClientId: z.string(),
  adminClientSecret: z.string(),
  agents: z.array(
    z.object({
      agentId: z.uuid(),
      name: z.string(),
      clientId: z.string(),
      clientSecret: z.string(),
      active: z.boolean(),
      peakTokensPerHour: z.number(),
      /** Went silent in the seeded history: the live traffic leaves it out. */
      silent: z.boolean().default(false),
    }),
  ),
});

export type DemoState = z.infer<typeof demoStateSchema>;

export async function readDemoState(file: string): Promise<DemoState | undefined> {
  try {
    return demoStateSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch {
    return undefined;
  }
}

export async function writeDemoState(file: string, state: DemoState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}
