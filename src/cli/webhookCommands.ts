import type { Command } from 'commander';
import { formatDelivery, startWebhookListener } from './webhookListener.js';

export function registerWebhookCommands(program: Command): void {
  const webhooks = program.command('webhooks').description('Try webhook deliveries out locally');

  webhooks
    .command('listen')
    .description(
      'Receive webhook deliveries on 127.0.0.1 and print each one, verified with the subscription secret; Ctrl-C stops. Subscribe http://127.0.0.1:<port>/ with WEBHOOK_ALLOW_PRIVATE=true.',
    )
    .option('--port <port>', 'port to listen on', '4400')
    .option('--secret <whsec>', 'the subscription secret (or WEBHOOK_SECRET)')
    .action(async (options: { port: string; secret?: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new Error('The port must be a whole number from 0 to 65535');
      }
      const secret = options.secret ?? process.env.WEBHOOK_SECRET;
      if (secret !== undefined && !/^whsec_[A-Za-z0-9+/=]+$/.test(secret)) {
        throw new Error('The secret must be the whsec_... value shown when subscribing');
      }
      const listener = await startWebhookListener({
        port,
        host: '127.0.0.1',
        secret,
        onDelivery: (delivery) => process.stdout.write(`${formatDelivery(delivery, new Date())}\n`),
      });
      process.stdout.write(`listening on http://127.0.0.1:${listener.port}/\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void listener.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
