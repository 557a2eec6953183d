import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { WebhookReceiver } from './webhook-receiver';

// The reference webhook receiver as a program (README, "Push to the agency's systems").
const program = new Command('webhook-receiver')
  .description('receive, verify and store Lienthong webhook deliveries, each once')
  .requiredOption('--ca <file>', 'PEM of the bus CA root certificate')
  .requiredOption('--signer <file...>', "PEM of the adapter's signing certificate, then its chain")
  .requiredOption('--store <dir>', 'folder keeping one file per delivery')
  .option('--port <port>', 'port on 127.0.0.1', '7190')
  .option('--path <path>', 'path deliveries are POSTed to', '/webhook')
  .action(
    async (options: {
      ca: string;
      signer: string[];
      store: string;
      port: string;
      path: string;
    }) => {
      const receiver = new WebhookReceiver({
        caPem: readFileSync(options.ca, 'utf8'),
        signerPem: options.signer.map((file) => readFileSync(file, 'utf8')).join('\n'),
        storeDir: options.store,
        path: options.path,
      });
      const port = await receiver.listen(Number(options.port));
      process.stdout.write(`webhook receiver on http://127.0.0.1:${port}${options.path}\n`);
      const stop = () => {
        void receiver.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
  );

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(
    `webhook-receiver: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
