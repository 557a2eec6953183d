import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { readEnv } from '@lienthong/config';
import { createCsr, exportPrivateKeyPem, generateKeyPair } from '@lienthong/pki';
import { findRepositoryRoot } from '@lienthong/schema';
import { verifyEvidence, verifyLog } from '@lienthong/audit-log';
import { seedCommand } from '../seed/main';
import { LocalKeys, mintToken, officerTokenInput } from '../shared/local-keys';
import { type Progress, startProgress } from '../shared/progress';
import { ApiProblem, TrustClient } from '../shared/trust-client';
import { backupCommand, restoreCommand } from './backup-command';
import { dlqCommand } from './dlq';
import { eventsCommand } from './events';
import { operatorBusFromEnv } from './operator-bus';
import { verifyLookupEvidence } from './verify-lookup-evidence';
import { adapterUrl, webhooksCommand } from './webhooks';

const keys = () =>
  new LocalKeys(resolve(readEnv('LT_DATA_DIR') ?? join(findRepositoryRoot(), '.lienthong')));
const trustUrl = () => readEnv('LT_TRUST_URL') ?? 'http://127.0.0.1:7100';
/** Hashes and other bytes are printed as base64, not as JSON arrays of numbers. */
function bytesAsBase64(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString('base64') : value;
}

const print = (value: unknown) =>
  process.stdout.write(
    `${typeof value === 'string' ? value : JSON.stringify(value, bytesAsBase64, 2)}\n`,
  );

function trust(): TrustClient {
  const key = keys().tokenKeyPair('operator').privateKeyFile;
  return new TrustClient(trustUrl(), () =>
    mintToken(key, {
      subject: 'lt-cli',
      role: 'operator',
      issuer: 'lienthong-operator',
      audience: 'lienthong-trust',
      kid: 'operator',
    }),
  );
}

const program = new Command('lt')
  .description(
    'Lienthong command-line tool: tokens, agency keys, the trust registry, evidence checks',
  )
  .showHelpAfterError();

program
  .command('token')
  .description('mint a local bearer token')
  .addOption(
    new Option('--role <role>', 'who the token is for')
      .choices(['officer', 'auditor', 'operator', 'citizen', 'leader'])
      .makeOptionMandatory(),
  )
  .option(
    '--member <code>',
    'agency of an officer or leader (POP, BIZ, CIV, INS); for an auditor or operator, the agency named in the `agency` claim',
  )
  .option('--sub <id>', 'user id', 'officer-01')
  .option('--personal-id <id>', 'personal id of a citizen (role citizen)')
  .addOption(
    new Option(
      '--audience <service>',
      "service of an auditor/operator/leader token; 'adapter' = the --member agency's own adapter",
    ).choices(['trust', 'audit', 'adapter']),
  )
  .option('--ttl <seconds>', 'lifetime in seconds', '28800')
  .addHelpText(
    'after',
    '\nExamples:\n  lt token --role officer --member CIV --sub cb-tuphap-01\n  lt token --role leader --member CIV --sub lanh-dao-01\n  lt token --role operator --member CIV --audience adapter\n  lt token --role auditor\n  lt token --role auditor --member BCA --sub thanh-tra-02\n  lt token --role citizen --personal-id 001203012345',
  )
  .action(
    async (options: {
      role: string;
      member?: string;
      sub: string;
      personalId?: string;
      audience?: string;
      ttl: string;
    }) => {
      const local = keys();
      const ttlSeconds = Number(options.ttl);
      // an agency's own people (its adapter's tokens): officers, and leaders or operators of it
      const forAdapter =
        options.role === 'officer' ||
        options.audience === 'adapter' ||
        (options.role === 'leader' && options.member !== undefined && !options.audience);
      if (forAdapter) {
        if (!options.member) {
          throw new Error(`--member is required for a token of an agency's adapter`);
        }
        print(
          await mintToken(local.tokenKeyPair(`officer-${options.member}`).privateKeyFile, {
            ...officerTokenInput(options.member, options.sub, options.role),
            ttlSeconds,
          }),
        );
      } else if (options.role === 'citizen') {
        if (!options.personalId) {
          throw new Error('--personal-id is required for a citizen token');
        }
        print(
          await mintToken(local.tokenKeyPair('portal').privateKeyFile, {
            subject: options.personalId,
            role: 'citizen',
            issuer: 'lienthong-portal',
            audience: 'lienthong-audit',
            ttlSeconds,
            extra: { personalId: options.personalId },
          }),
        );
      } else {
        print(
          await mintToken(local.tokenKeyPair('operator').privateKeyFile, {
            subject: options.sub,
            role: options.role,
            issuer: 'lienthong-operator',
            audience: `lienthong-${options.audience ?? 'audit'}`,
            kid: 'operator',
            ttlSeconds,
            // staff acting for an agency: the audit log records it with each of their queries
            ...(options.member ? { extra: { agency: options.member } } : {}),
          }),
        );
      }
    },
  );

const agency = program.command('agency').description('an agency’s own key material');
agency
  .command('init')
  .description('generate a P-256 signing key (0600) and a CSR to send to the bus operator')
  .requiredOption('--member <code>', 'member code, e.g. POP')
  .requiredOption('--subsystem <code>', 'subsystem code, e.g. registry')
  .requiredOption('--name <name>', 'organisation name')
  .option('--organ-id <id>', 'QCVN 102 agency code, e.g. 000.00.00.G22')
  .option('--out <dir>', 'folder for the files', '.')
  .action(
    async (options: {
      member: string;
      subsystem: string;
      name: string;
      organId?: string;
      out: string;
    }) => {
      const { privateKey } = generateKeyPair('ES256');
      const keyFile = join(options.out, `${options.member}-${options.subsystem}.key.pem`);
      const csrFile = join(options.out, `${options.member}-${options.subsystem}.csr.pem`);
      writeFileSync(keyFile, exportPrivateKeyPem(privateKey), { mode: 0o600 });
      const csr = await createCsr({
        privateKey,
        publicKey: createPublicKey(privateKey),
        identity: { member: options.member, subsystem: options.subsystem },
        organizationName: options.name,
        ...(options.organId ? { organId: options.organId } : {}),
      });
      writeFileSync(csrFile, csr);
      print(
        `key: ${keyFile} (keep it secret)\ncsr: ${csrFile}\nsend the CSR to the operator: lt cert issue --member ${options.member} --subsystem ${options.subsystem} --csr ${csrFile}`,
      );
    },
  );

program
  .command('cert')
  .description('certificates (operator)')
  .command('issue')
  .description('have the trust service issue a certificate from a CSR; prints it (PEM) on stdout')
  .requiredOption('--member <code>')
  .requiredOption('--subsystem <code>')
  .requiredOption('--csr <file>')
  .action(async (options: { member: string; subsystem: string; csr: string }) => {
    const cert = await trust().request<{ pem: string }>('POST', '/v1/certificates', {
      member: options.member,
      subsystem: options.subsystem,
      csr: readFileSync(options.csr, 'utf8'),
    });
    print(cert.pem);
  });

const listings = new Map<string, Command>();
for (const [name, path, what] of [
  ['members', '/v1/members', 'registered members and subsystems'],
  ['services', '/v1/services', 'the service catalog'],
  ['rights', '/v1/access-rights', 'access rights (consumer, service, purposes, fields)'],
  ['certificates', '/v1/certificates', 'issued certificates'],
] as const) {
  const listing = program
    .command(name)
    .description(`list ${what}`)
    .option('--json', 'machine output')
    .action(async (options: { json?: boolean }) => {
      const rows = await trust().request<unknown[]>('GET', path);
      if (options.json) {
        print(rows);
      } else {
        console.table(rows.map(flatten));
      }
    });
  listings.set(name, listing);
}

const membersCommand = listings.get('members') as Command;
const memberPath = (code: string, rest: string) => `/v1/members/${encodeURIComponent(code)}${rest}`;
membersCommand
  .command('suspend')
  .description(
    'suspend a member (operator): every adapter refuses its messages and sends it nothing, until reinstated or --until',
  )
  .argument('<code>', 'member code, e.g. TAX')
  .requiredOption(
    '--reason <text>',
    'why it is suspended (kept in the trust registry, not published)',
  )
  .option(
    '--until <time>',
    'when the suspension ends by itself (RFC 3339, e.g. 2026-12-01T00:00:00Z)',
  )
  .addHelpText(
    'after',
    '\nExample:\n  lt members suspend TAX --reason "system compromised, ticket 4711"',
  )
  .action(async (code: string, options: { reason: string; until?: string }) => {
    print(
      await trust().request('POST', memberPath(code, '/suspension'), {
        reason: options.reason,
        ...(options.until === undefined ? {} : { until: options.until }),
      }),
    );
  });
membersCommand
  .command('reinstate')
  .description('end a member’s suspension (operator); the next configuration no longer marks it')
  .argument('<code>', 'member code')
  .action(async (code: string) => {
    print(await trust().request('DELETE', memberPath(code, '/suspension')));
  });
membersCommand
  .command('suspensions')
  .description('a member’s suspensions, newest first, ended ones included')
  .argument('<code>', 'member code')
  .action(async (code: string) => {
    print(await trust().request('GET', memberPath(code, '/suspensions')));
  });

program
  .command('verify')
  .description(
    'verify the evidence of a look-up answer offline with the bus root CA certificate only',
  )
  .argument('<file>', 'the look-up answer (JSON) or its evidence object')
  .option('--ca <file>', 'bus root CA certificate (PEM)')
  .action(async (file: string, options: { ca?: string }) => {
    const report = await verifyLookupEvidence(
      JSON.parse(readFileSync(file, 'utf8')),
      readFileSync(options.ca ?? join(keys().dir('pki'), 'bus-root-ca.pem'), 'utf8'),
    );
    print({ verified: true, ...report });
  });

program
  .command('verify-evidence')
  .description(
    'verify audit evidence (GET /v1/evidence/{messageId}) offline with the bus root CA certificate only',
  )
  .argument(
    '<file>',
    'one evidence bundle, or the {messageId, bundles} answer of the audit service',
  )
  .option('--ca <file>', 'bus root CA certificate (PEM)')
  .option(
    '--min-cosignatures <k>',
    'distinct witnessing agencies that must have cosigned the checkpoint',
    nonNegativeInteger,
    0,
  )
  .action((file: string, options: { ca?: string; minCosignatures: number }) => {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { bundles?: unknown[] };
    const bundles = Array.isArray(parsed.bundles) ? parsed.bundles : [parsed];
    const caPem = readFileSync(options.ca ?? join(keys().dir('pki'), 'bus-root-ca.pem'), 'utf8');
    if (bundles.length === 0) {
      throw new Error('no evidence bundle in the file');
    }
    const { minCosignatures } = options;
    print({
      verified: true,
      bundles: bundles.map((bundle) => verifyEvidence(bundle, { caPem, minCosignatures })),
    });
  });

program
  .command('verify-log')
  .description('re-compute an exported audit log and check it against its signed checkpoints')
  .argument('<file>', 'output of GET /v1/log/export on the audit service')
  .option('--ca <file>', 'bus root CA certificate (PEM)')
  .option(
    '--min-cosignatures <k>',
    'distinct witnessing agencies that must have cosigned the latest checkpoint',
    nonNegativeInteger,
    0,
  )
  .action((file: string, options: { ca?: string; minCosignatures: number }) => {
    const exported = JSON.parse(readFileSync(file, 'utf8')) as {
      entries: never[];
      checkpoints: unknown[];
      certificates: string[];
      cosignatures?: unknown[];
    };
    const progress = startProgress({
      label: 'verify-log',
      total: exported.entries.length,
      unit: 'records',
    });
    const report = withProgress(progress, () =>
      verifyLog(
        countedEntries(exported.entries, progress),
        exported.checkpoints,
        {
          caPem: readFileSync(options.ca ?? join(keys().dir('pki'), 'bus-root-ca.pem'), 'utf8'),
          certificates: exported.certificates,
        },
        { cosignatures: exported.cosignatures ?? [], minCosignatures: options.minCosignatures },
      ),
    );
    print({ verified: true, ...report });
  });

program.addCommand(backupCommand(() => keys().dataDir, print));
program.addCommand(restoreCommand(() => keys().dataDir, print));
program.addCommand(seedCommand());
const operatorBus = () =>
  operatorBusFromEnv(
    () => keys().password('admin'),
    () => keys().natsUrl(),
    () => keys().natsCaFile(),
  );
program.addCommand(dlqCommand(operatorBus, print));
program.addCommand(eventsCommand(operatorBus, print));
program.addCommand(
  webhooksCommand(
    (member, adapter) =>
      new TrustClient(adapterUrl(member, adapter), () =>
        mintToken(keys().tokenKeyPair(`officer-${member}`).privateKeyFile, {
          ...officerTokenInput(member, 'lt-cli', 'operator'),
          ttlSeconds: 300,
        }),
      ),
    print,
  ),
);

/** The entries, telling the progress every 1,000 of them as the verifier reads them. */
function* countedEntries<T>(entries: readonly T[], progress: Progress): Generator<T> {
  let read = 0;
  for (const entry of entries) {
    yield entry;
    read += 1;
    if (read % 1_000 === 0 || read === entries.length) {
      progress.update(read);
    }
  }
}

/** Runs the work and closes its progress display however it ends. */
function withProgress<R>(progress: Progress, work: () => R): R {
  try {
    return work();
  } finally {
    progress.finish();
  }
}

function nonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!/^[0-9]{1,4}$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError(`not a count: ${text}`);
  }
  return value;
}

function flatten(row: unknown): Record<string, unknown> {
  const entries = Object.entries(row as Record<string, unknown>).filter(([k]) => k !== 'pem');
  return Object.fromEntries(
    entries.map(([k, v]): [string, unknown] => [
      k,
      typeof v === 'object' && v !== null ? JSON.stringify(v) : v,
    ]),
  );
}

program.parseAsync().catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  const text = error instanceof Error ? error.message : String(error);
  const message =
    typeof code === 'string' && !(error instanceof ApiProblem) ? `${code}: ${text}` : text;
  process.stderr.write(`lt: ${message}\n`);
  // 1: a check failed (verification); 2 is commander's usage error.
  process.exit(1);
});
