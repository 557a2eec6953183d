// Official documents benchmark: `npm run bench:documents [-- --docs=N --concurrency=C --raw-ms=M]`.
// BIZ (this process) sends documents with a 100 KB attachment over its HTTP API to CIV (a child
// process, so each adapter has a core); a document counts when CIV's signed status 01 is back.
// In the same run, benchXmlSignVerify measures bare xml-crypto sign+verify on the same package:
// the ceiling the target ratio is taken against. Also reports the CPU each process of the run
// (bench + BIZ, CIV, nats-server, postgres) spent per document, from /proc: on a shared machine
// it moves much less than documents/s. Prints JSON on stdout, a table on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Pool } from 'undici';
import { buildEdxml, benchXmlSignVerify } from '@lienthong/edxml';
import { startNatsServer, startPostgres } from '@lienthong/devstack';
import { documentSubject, jetstreamManager } from '@lienthong/messaging';
import { TestBus, createTestSchema, type TestSchema } from '@lienthong/testing';
import { startBenchAdapter } from './documents-bench.agency';
import { cpuMsPer, treeCpu } from './process-cpu';

interface Options {
  docs: number;
  concurrency: number;
  rawMs: number;
}

const ORGAN = { BIZ: '000.00.00.B06', CIV: '000.00.00.B07' } as const;
const ATTACHMENT_BYTES = 100 * 1024;
const today = new Date().toISOString().slice(0, 10);

function parseOptions(argv: string[]): Options {
  const options: Options = { docs: 400, concurrency: 16, rawMs: 6000 };
  for (const arg of argv) {
    const match = /^--(docs|concurrency|raw-ms)=(\d+)$/.exec(arg);
    if (!match) {
      throw new Error(`unknown argument ${arg}; use --docs=N --concurrency=C --raw-ms=M`);
    }
    options[match[1] === 'raw-ms' ? 'rawMs' : (match[1] as 'docs' | 'concurrency')] = Number(
      match[2],
    );
  }
  return options;
}

function header(number: number) {
  return {
    code: { number: String(number), notation: 'BKHĐT-ĐKKD' },
    promulgation: { place: 'Hà Nội', date: today },
    documentType: { type: 1, typeName: 'Công văn' },
    subject: 'V/v đo hiệu năng liên thông văn bản điện tử',
    signer: { competence: 'KT.', position: 'Thứ trưởng', fullName: 'Nguyễn Văn A' },
  };
}

/** NATS and PostgreSQL: BENCH_NATS_URL / BENCH_DATABASE_URL, or started here (fsync on). */
async function infrastructure() {
  const dir = mkdtempSync(join(tmpdir(), 'lienthong-bench-documents-'));
  chmodSync(dir, 0o755);
  const nats = process.env['BENCH_NATS_URL']
    ? undefined
    : await startNatsServer({ storeDir: join(dir, 'nats') });
  const postgres = process.env['BENCH_DATABASE_URL']
    ? undefined
    : await startPostgres({ dataDir: join(dir, 'pg'), persistent: false });
  const natsUrl = process.env['BENCH_NATS_URL'] ?? nats?.url;
  const databaseUrl = process.env['BENCH_DATABASE_URL'] ?? postgres?.url;
  if (!natsUrl || !databaseUrl) {
    throw new Error('no NATS or PostgreSQL for the bench');
  }
  return {
    natsUrl,
    databaseUrl,
    stop: async () => {
      await nats?.stop();
      await postgres?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function startReceiver(env: Record<string, string>, schema: string): Promise<ChildProcess> {
  // the receiver runs with this process's flags: `node --cpu-prof dist/...` profiles both sides
  const child = spawn(
    process.execPath,
    [...process.execArgv, join(__dirname, 'documents-bench.receiver.js')],
    {
      env: { ...process.env, LT_BENCH_RECEIVER: JSON.stringify({ member: 'CIV', schema, env }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        resolve(child);
      }
    });
    child.once('exit', (code) => reject(new Error(`receiver exited with ${String(code)}`)));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const BOUNDARY = '----lienthong-bench-documents';

/**
 * `POST /v1/documents` as a browser or an agency system would send it (multipart: metadata and
 * the main file), on a keep-alive undici pool with the body written in one buffer. fetch with
 * FormData cost this process (which is also BIZ's adapter) about a tenth of its CPU per document;
 * the load generator shares the machine with what it measures (as in bench/lookup).
 */
async function sendOne(pool: Pool, token: string, number: number): Promise<string> {
  const metadata = JSON.stringify({ recipients: ['CIV'], header: header(number) });
  const body = Buffer.concat([
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n${metadata}\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="main"; filename="cv.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    randomBytes(ATTACHMENT_BYTES),
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
  const response = await pool.request({
    path: '/v1/documents',
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    },
    body,
  });
  const parsed = (await response.body.json()) as { documentId?: string; code?: string };
  if (response.statusCode !== 201 || !parsed.documentId) {
    throw new Error(`send failed: ${response.statusCode} ${parsed.code ?? ''}`);
  }
  return parsed.documentId;
}

async function main(): Promise<void> {
  // stdout carries only the JSON result: the in-process adapters and bus log errors only
  process.env['LOG_LEVEL'] ??= 'error';
  const options = parseOptions(process.argv.slice(2));
  const infra = await infrastructure();
  process.env['TEST_NATS_URL'] = infra.natsUrl;
  process.env['TEST_DATABASE_URL'] = infra.databaseUrl;
  const schemas: TestSchema[] = [];
  let bus: TestBus | undefined;
  let biz: INestApplication | undefined;
  let receiver: ChildProcess | undefined;
  let pool: Pool | undefined;
  try {
    bus = await TestBus.create({
      members: ['BIZ', 'CIV'].map((member) => ({ member, subsystem: 'registry' })),
    });
    const b = bus;
    await b.publishConfiguration({
      members: b
        .configuration()
        .members.map((m) =>
          m.code in ORGAN ? { ...m, organId: ORGAN[m.code as keyof typeof ORGAN] } : m,
        ),
    });
    await b.ensureAttachmentStores();
    schemas.push(
      await createTestSchema(infra.databaseUrl),
      await createTestSchema(infra.databaseUrl),
    );
    const env = (member: string, db: TestSchema) =>
      b.adapterEnv(member, 'registry', { DATABASE_URL: db.url, LOG_LEVEL: 'error' });
    receiver = await startReceiver(env('CIV', schemas[1]), schemas[1].schema);
    biz = await startBenchAdapter('BIZ', schemas[0].schema, env('BIZ', schemas[0]));
    // one keep-alive connection per sender of the closed loop
    pool = new Pool(await biz.getUrl(), {
      connections: Math.max(options.concurrency, 2),
      pipelining: 1,
    });
    const client = pool;
    const token = await b.officerToken('BIZ');
    const arrivals = new Map<string, (at: number) => void>();
    const statuses = b.nc.subscribe(documentSubject(b.namespace, 'BIZ', 'status'));
    void (async () => {
      for await (const message of statuses) {
        const body = JSON.parse(Buffer.from(message.data).toString('utf8')) as {
          payload: { documentId: string; statusCode: string };
        };
        if (body.payload.statusCode === '01') {
          arrivals.get(body.payload.documentId)?.(performance.now());
        }
      }
    })();
    let next = 1;
    const latencies: number[] = [];
    const round = async (count: number, concurrency: number) => {
      let left = count;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left > 0) {
            left--;
            const number = next++;
            const documentId = `${ORGAN.BIZ},${today.replaceAll('-', '/')},${number}/BKHĐT-ĐKKD`;
            const arrived = new Promise<number>((resolve) => arrivals.set(documentId, resolve));
            const t0 = performance.now();
            await sendOne(client, token, number);
            latencies.push((await arrived) - t0);
            arrivals.delete(documentId);
          }
        }),
      );
    };
    await round(10, 2);
    latencies.length = 0;
    const labels = new Map(receiver.pid === undefined ? [] : [[receiver.pid, 'CIV']]);
    const cpuBefore = treeCpu(labels);
    const started = performance.now();
    await round(options.docs, options.concurrency);
    const elapsedS = (performance.now() - started) / 1000;
    const cpuPerDocument = cpuMsPer(cpuBefore, treeCpu(labels), options.docs);
    statuses.unsubscribe();
    const sorted = [...latencies].sort((x, y) => x - y);
    const documentsPerSecond = options.docs / elapsedS;

    const sample = buildEdxml({
      header: {
        ...header(999_999),
        from: { organId: ORGAN.BIZ, organName: 'Bench BIZ' },
        to: [{ organId: ORGAN.CIV, organName: 'Bench CIV' }],
      },
      trace: [{ organId: ORGAN.BIZ, timestamp: new Date() }],
      attachments: [
        {
          contentType: 'application/pdf',
          attachmentName: 'cv.pdf',
          sha256: createHash('sha256').update(randomBytes(16)).digest('hex'),
          size: ATTACHMENT_BYTES,
        },
      ],
    });
    const signer = b.member('BIZ').signer;
    const xml = benchXmlSignVerify(sample, signer, [signer.certificate.pem], options.rawMs);
    const result = {
      documents: options.docs,
      concurrency: options.concurrency,
      attachmentBytes: ATTACHMENT_BYTES,
      elapsedSeconds: round2(elapsedS),
      documentsPerSecond: round2(documentsPerSecond),
      latencyMs: { p50: round2(percentile(sorted, 50)), p99: round2(percentile(sorted, 99)) },
      // CPU of the run's processes per document (bench + BIZ, CIV, nats-server, postgres)
      cpuMsPerDocument: cpuPerDocument,
      xmlCryptoRaw: {
        signPerSecond: round2(xml.raw.signPerSecond),
        verifyPerSecond: round2(xml.raw.verifyPerSecond),
        pairsPerSecond: round2(xml.raw.pairsPerSecond),
      },
      edxmlLibraryPairsPerSecond: round2(xml.library.pairsPerSecond),
      ratioToRaw: round2(documentsPerSecond / xml.raw.pairsPerSecond),
      targets: { documentsPerSecond: 40, ratioToRaw: 0.6 },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(
      [
        `documents/s           ${result.documentsPerSecond} (target ≥ 40)`,
        `p50 / p99 ms          ${result.latencyMs.p50} / ${result.latencyMs.p99}`,
        `CPU ms per document   ${Object.entries(cpuPerDocument)
          .map(([name, ms]) => `${name} ${ms}`)
          .join(', ')}`,
        `raw sign+verify/s     ${result.xmlCryptoRaw.pairsPerSecond}`,
        `ratio to raw          ${result.ratioToRaw} (target ≥ 0.6)`,
        '',
      ].join('\n'),
    );
  } finally {
    if (receiver && receiver.exitCode === null) {
      const exited = new Promise((resolve) => receiver?.once('exit', resolve));
      receiver.kill('SIGTERM');
      await exited;
    }
    await biz?.close();
    for (const schema of schemas) {
      await schema.drop();
    }
    if (bus) {
      await deleteNamespace(bus);
      await bus.close();
    }
    await pool?.close();
    await infra.stop();
  }
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A given server keeps nothing of the run: its streams, KV and object buckets go. */
async function deleteNamespace(bus: TestBus): Promise<void> {
  const jsm = await jetstreamManager(bus.nc);
  const prefix = bus.namespace.streamPrefix;
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`${prefix}_`) || name.includes(`_${prefix}_`)) {
      await jsm.streams.delete(name);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:documents failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
