// `webhooks listen` as a real CLI process: it verifies and prints deliveries
// signed as the delivery worker signs them, and stops cleanly on SIGINT.
import { spawn } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '../../src/stack/localStack.js';
import { messageBody, signMessage } from '../../src/webhooks/delivery/signedMessage.js';
import { newWebhookSecret } from '../../src/webhooks/subscriptions/webhookSecret.js';
import { freePort } from '../projections/support/childWorker.js';
import { waitFor } from '../support/waitFor.js';

describe('webhooks listen', () => {
  it('prints verified deliveries, refuses a bad signature with 401, stops on SIGINT', async () => {
    const port = await freePort();
    const secret = newWebhookSecret();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.NODE_OPTIONS;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/index.ts', 'webhooks', 'listen', '--port', String(port)],
      {
        cwd: projectRoot,
        env: { ...env, WEBHOOK_SECRET: secret },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await waitFor(
        'the listener',
        () => stdout.includes(`listening on http://127.0.0.1:${port}/`),
        30000,
      );
      const body = messageBody({
        eventType: 'quota.threshold',
        occurredAt: new Date(),
        data: { threshold: 80 },
      });
      const send = (signWith: string, id: string) => {
        const message = signMessage(signWith, { id, body, at: new Date() });
        return fetch(`http://127.0.0.1:${port}/`, {
          method: 'POST',
          headers: message.headers,
          body: message.body,
        });
      };
      expect((await send(secret, 'msg_good')).status).toBe(204);
      expect((await send(newWebhookSecret(), 'msg_forged')).status).toBe(401);
      await waitFor('both lines', () => stdout.includes('msg_forged'));
      expect(stdout).toMatch(/msg_good\s+quota\.threshold\s+signature ok/);
      expect(stdout).toMatch(/msg_forged\s+quota\.threshold\s+SIGNATURE DOES NOT VERIFY/);
      expect(stdout).toContain('"threshold":80');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);
});
