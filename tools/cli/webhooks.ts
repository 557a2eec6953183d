import { Command, Option } from 'commander';
import { readEnv } from '@lienthong/config';
import { AGENCY_APPS } from '../launcher/demo-setup';
import { type TrustClient } from '../shared/trust-client';

const TOPICS = ['document.received', 'document.status', 'dossier.step'];

/** Where an agency's adapter listens: `--adapter`, else LT_PORT_<member> or the demo port. */
export function adapterUrl(member: string, explicit?: string): string {
  if (explicit) {
    return explicit;
  }
  const demo = AGENCY_APPS.find((app) => app.member === member);
  const port = readEnv(`LT_PORT_${member}`) ?? (demo ? String(demo.port) : undefined);
  if (!port) {
    throw new Error(`no known adapter for ${member}: pass --adapter <url>`);
  }
  return `http://127.0.0.1:${port}`;
}

/**
 * `lt webhooks`: an agency operator's receivers and the deliveries to them (the adapter's
 * `/v1/webhooks` API, with an operator token of that agency's adapter).
 */
export function webhooksCommand(
  client: (member: string, adapter?: string) => TrustClient,
  print: (value: unknown) => void,
): Command {
  const command = new Command('webhooks').description(
    "an agency's webhook receivers and the deliveries to them",
  );
  const withAgency = (sub: Command) =>
    sub
      .requiredOption('--member <code>', 'agency whose adapter pushes, e.g. CIV')
      .option('--adapter <url>', "the adapter's URL (default: the local stack's port)");

  withAgency(command.command('add').description('register a receiver'))
    .requiredOption('--url <url>', 'http(s) URL the adapter POSTs deliveries to')
    .addOption(
      new Option('--topic <topic...>', 'topics it takes').choices(TOPICS).makeOptionMandatory(),
    )
    .option('--description <text>', 'what the receiver is')
    .action(
      async (o: {
        member: string;
        adapter?: string;
        url: string;
        topic: string[];
        description?: string;
      }) => {
        print(
          await client(o.member, o.adapter).request('POST', '/v1/webhooks', {
            url: o.url,
            topics: o.topic,
            ...(o.description ? { description: o.description } : {}),
          }),
        );
      },
    );

  withAgency(command.command('list').description('the registered receivers'))
    .option('--all', 'the removed ones too')
    .action(async (o: { member: string; adapter?: string; all?: boolean }) => {
      print(
        await client(o.member, o.adapter).request('GET', `/v1/webhooks${o.all ? '?all=true' : ''}`),
      );
    });

  withAgency(command.command('remove').description('remove a receiver').argument('<id>')).action(
    async (id: string, o: { member: string; adapter?: string }) => {
      await client(o.member, o.adapter).request('DELETE', `/v1/webhooks/${encodeURIComponent(id)}`);
      print({ removed: id });
    },
  );

  withAgency(command.command('deliveries').description('deliveries, newest first'))
    .addOption(new Option('--state <state>').choices(['pending', 'delivered', 'dead']))
    .option('--endpoint <id>', 'of one receiver')
    .option('--limit <n>', 'at most', '20')
    .action(
      async (o: {
        member: string;
        adapter?: string;
        state?: string;
        endpoint?: string;
        limit: string;
      }) => {
        const query = new URLSearchParams({ limit: o.limit });
        if (o.state) {
          query.set('state', o.state);
        }
        if (o.endpoint) {
          query.set('endpoint', o.endpoint);
        }
        print(
          await client(o.member, o.adapter).request(
            'GET',
            `/v1/webhooks/deliveries?${query.toString()}`,
          ),
        );
      },
    );

  withAgency(
    command
      .command('retry')
      .description('queue a dead-lettered delivery again (same id, same body)')
      .argument('<deliveryId>'),
  ).action(async (id: string, o: { member: string; adapter?: string }) => {
    print(
      await client(o.member, o.adapter).request(
        'POST',
        `/v1/webhooks/deliveries/${encodeURIComponent(id)}/retry`,
      ),
    );
  });
  return command;
}
