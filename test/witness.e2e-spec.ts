// Real: nats-server, PostgreSQL, PKI, signed configuration, the audit app and two witnessing
// agency adapters. Mocked: nothing.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { exportJWK, exportSPKI, generateKeyPair as joseKeyPair } from 'jose';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_LOG_PARTY, AuditTrail, type AgencyDefinition } from '@lienthong/adapter-kit';
import {
  AUDIT_CHECKPOINT_TYPE,
  WITNESS_STATE,
  type WitnessState,
} from '@lienthong/adapter-kit/testing';
import { seal } from '@lienthong/envelope';
import {
  STREAM_KINDS,
  auditSubject,
  dlqSubject,
  jetstream,
  jetstreamManager,
  lookupSubject,
  publishDurable,
  streamName,
} from '@lienthong/messaging';
import { DATA_SOURCE, createDataSource } from '@lienthong/persistence';
import {
  TestBus,
  createTestSchema,
  eventually,
  testDatabaseUrl,
  type TestSchema,
} from '@lienthong/testing';
import {
  CONSISTENCY_PROOF_SERVICE,
  checkpointDigest,
  parseCheckpointBody,
  signCheckpoint,
  verifyEvidence,
  verifyLog,
  type EvidenceBundle,
  type SignedCheckpoint,
} from '@lienthong/audit-log';
import { auditAgency } from '../apps/audit/src/audit.agency';
import { loadAuditConfig } from '../apps/audit/src/audit.config';
import { AUDIT_LOG_STORE } from '../apps/audit/src/audit.constants';
import { EvidenceController } from '../apps/audit/src/evidence/evidence.controller';
import { AUDIT_LOG_ENTITIES } from '../apps/audit/src/log/audit-log.entities';
import { AuditLogStore } from '../apps/audit/src/log/audit-log.store';

const POP = { member: 'POP', subsystem: 'registry' };
const CIV = { member: 'CIV', subsystem: 'registry' };
const ORIGIN = 'lienthong.test/audit/log';

function witnessAgency(member: string, schema: string): AgencyDefinition {
  return {
    member,
    subsystem: 'registry',
    title: `Test ${member}`,
    schema,
    entities: [],
    migrations: [],
    lookupHandlers: [],
    consumerApi: false,
    witness: true,
  };
}

/** Token key files the audit app needs at boot (its auditor API is not used here). */
async function auditTokenFiles(dir: string): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true });
  const operator = await joseKeyPair('ES256');
  const portal = await joseKeyPair('ES256');
  const jwk = { ...(await exportJWK(operator.publicKey)), kid: 'op-1', alg: 'ES256', use: 'sig' };
  writeFileSync(join(dir, 'operators.jwks.json'), JSON.stringify({ keys: [jwk] }));
  writeFileSync(join(dir, 'portal.pub.pem'), await exportSPKI(portal.publicKey));
  return {
    OPERATOR_JWKS_FILE: join(dir, 'operators.jwks.json'),
    PORTAL_TOKEN_PUBLIC_KEY_FILE: join(dir, 'portal.pub.pem'),
    AUDIT_LOG_ORIGIN: ORIGIN,
    CHECKPOINT_INTERVAL_SECONDS: '1',
    AUDIT_BATCH_SIZE: '4',
  };
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('witnesses: every agency cosigns the audit log, and refuses a rollback', () => {
  let bus: TestBus;
  let audit: INestApplication;
  let pop: INestApplication;
  let civ: INestApplication;
  const schemas: TestSchema[] = [];
  const messageIds: string[] = [];
  let auditEnv: Record<string, string>;

  beforeAll(async () => {
    bus = await TestBus.create({ members: [POP, CIV, AUDIT_LOG_PARTY] });
    for (let i = 0; i < 3; i++) {
      schemas.push(await createTestSchema(process.env['TEST_DATABASE_URL'] ?? ''));
    }
    auditEnv = await auditTokenFiles(join(bus.dir, 'audit-tokens'));
    audit = await startAudit();
    pop = await bus.startAdapter(witnessAgency('POP', schemas[1].schema), {
      databaseUrl: schemas[1].url,
    });
    civ = await bus.startAdapter(witnessAgency('CIV', schemas[2].schema), {
      databaseUrl: schemas[2].url,
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([pop, civ, audit].map((app) => app?.close()));
    for (const schema of schemas) {
      await schema.drop();
    }
    if (bus) {
      const jsm = await jetstreamManager(bus.nc);
      for (const kind of STREAM_KINDS) {
        await jsm.streams.delete(streamName(bus.namespace, kind)).catch(() => false);
      }
      await bus.close();
    }
  });

  const startAudit = () =>
    bus.startAdapter(auditAgency(loadAuditConfig(auditEnv), schemas[0].schema), {
      databaseUrl: schemas[0].url,
      env: auditEnv,
    });
  const db = (app: INestApplication) => app.get<DataSource>(DATA_SOURCE);
  const witnessed = async (app: INestApplication) =>
    db(app).query<{ tree_size: string; body: string }[]>(
      `SELECT tree_size, body FROM witnessed_checkpoint ORDER BY tree_size`,
    );

  /** A look-up POP received from CIV and answered: recorded by POP, as the kit does. */
  async function recordExchange(): Promise<string> {
    const id = uuidv7();
    await pop.get(AuditTrail).record({
      body: {
        id,
        type: 'urn:lienthong:population:citizen-by-id-request:1',
        sender: CIV,
        recipient: POP,
        correlationId: id,
      },
      verified: true,
      outcome: { status: 'accepted' },
    });
    return id;
  }

  async function evidence(messageId: string): Promise<EvidenceBundle> {
    const answer = await audit.get(EvidenceController).evidence(messageId);
    return JSON.parse(JSON.stringify(answer.bundles[0])) as EvidenceBundle;
  }

  async function deadLetter(member: string, code: string): Promise<boolean> {
    const jsm = await jetstreamManager(bus.nc);
    return jsm.streams
      .getMessage(streamName(bus.namespace, 'DLQ'), {
        last_by_subj: dlqSubject(bus.namespace, member, code),
      })
      .then(
        (stored) => stored !== null,
        () => false,
      );
  }

  it('cosigns every checkpoint with both witnesses; evidence verifies with minCosignatures 2', async () => {
    for (let i = 0; i < 5; i++) {
      messageIds.push(await recordExchange());
    }
    // More records after the first checkpoints, so witnesses must check real consistency proofs.
    await eventually(
      async () => expect((await witnessed(pop)).map((r) => Number(r.tree_size))).toContain(5),
      { timeoutMs: 15_000 },
    );
    for (let i = 0; i < 4; i++) {
      messageIds.push(await recordExchange());
    }
    const caPem = bus.root.certificate.pem;
    const report = await eventually(
      async () => verifyEvidence(await evidence(messageIds[7]), { caPem, minCosignatures: 2 }),
      { timeoutMs: 20_000 },
    );
    expect(report.cosigners).toEqual(['CIV', 'POP']);
    expect(report.checkpoint.size).toBeGreaterThanOrEqual(9);
    const popSizes = (await witnessed(pop)).map((row) => Number(row.tree_size));
    expect(popSizes).toContain(5);
    expect(popSizes[popSizes.length - 1]).toBe(report.checkpoint.size);
    const exported = await audit.get(EvidenceController).export();
    const log = verifyLog(
      exported.entries,
      exported.checkpoints,
      { caPem, certificates: exported.certificates },
      { cosignatures: exported.cosignatures, minCosignatures: 2 },
    );
    expect(log.cosigners).toEqual(['CIV', 'POP']);
    const stripped = { ...(await evidence(messageIds[7])), cosignatures: [] };
    expect(codeOf(() => verifyEvidence(stripped, { caPem, minCosignatures: 1 }))).toBe(
      'AUDIT_COSIGNATURES_INSUFFICIENT',
    );
    await request(pop.getHttpServer()).get('/health/witness').expect(200);
  }, 60_000);

  it('refuses a forged rolled-back checkpoint: dead-lettered, alarmed, never cosigned', async () => {
    const latestOf = async () => (await witnessed(pop)).map((r) => Number(r.tree_size)).pop() ?? 0;
    const witnessedSize = await latestOf();
    const [older] = await db(audit).query<{ tree_size: string; root_hash: Buffer }[]>(
      `SELECT tree_size, root_hash FROM audit_checkpoint
       WHERE tree_size > 0 AND tree_size < $1 ORDER BY id LIMIT 1`,
      [witnessedSize],
    );
    // Signed now with the genuine AUDIT/log key over a real older root: only the size gives it away.
    const forged: SignedCheckpoint = await signCheckpoint(
      {
        origin: ORIGIN,
        size: Number(older.tree_size),
        rootHash: older.root_hash,
        time: new Date(),
      },
      bus.member('AUDIT', 'log').signer,
    );
    const sealed = seal(
      { type: AUDIT_CHECKPOINT_TYPE, recipient: AUDIT_LOG_PARTY, payload: forged },
      bus.member('AUDIT', 'log').signer,
    );
    await publishDurable(jetstream(bus.nc), auditSubject(bus.namespace, 'AUDIT'), {
      data: sealed.bytes,
      msgId: sealed.body.id,
      headers: sealed.headers,
    });

    await eventually(
      () => {
        for (const app of [pop, civ]) {
          const { alarm } = app.get<WitnessState>(WITNESS_STATE).status();
          expect(alarm?.code).toBe('WITNESS_ROLLBACK');
        }
      },
      { timeoutMs: 15_000 },
    );
    // Both witnesses dead-letter the same stream message; the DLQ keeps the first copy only
    // (its Nats-Msg-Id is stream:seq), so either member's letter proves the dead-lettering.
    const letters = await Promise.all(
      ['POP', 'CIV'].map((member) => deadLetter(member, 'WITNESS_ROLLBACK')),
    );
    expect(letters).toContain(true);
    for (const app of [pop, civ]) {
      expect((await witnessed(app)).some((row) => row.body === forged.body)).toBe(false);
    }
    const health = await request(pop.getHttpServer()).get('/health/witness').expect(503);
    expect(health.body.witness.alarm.code).toBe('WITNESS_ROLLBACK');
    const cosigned = await db(audit).query<unknown[]>(
      `SELECT 1 FROM audit_cosignature WHERE checkpoint_digest = $1`,
      [checkpointDigest(forged)],
    );
    expect(cosigned).toHaveLength(0);
    expect(await deadLetter('AUDIT', 'AUDIT_COSIGNATURE_UNKNOWN_CHECKPOINT')).toBe(false);

    // The genuine log carries on and is still cosigned: the witness refused one message, not the log.
    const later = await recordExchange();
    await eventually(
      async () => {
        const bundle = await evidence(later);
        const report = verifyEvidence(bundle, {
          caPem: bus.root.certificate.pem,
          minCosignatures: 2,
        });
        expect(parseCheckpointBody(bundle.checkpoint.body).size).toBeGreaterThan(witnessedSize);
        expect(report.cosigners).toEqual(['CIV', 'POP']);
      },
      { timeoutMs: 20_000 },
    );
  }, 60_000);

  it('recovers after the audit service restarted with a checkpoint it never published: published on start, forks are still refused', async () => {
    const latestSize = async (app: INestApplication) =>
      (await witnessed(app)).map((r) => Number(r.tree_size)).pop() ?? 0;
    // Quiet state: everything logged is checkpointed and both witnesses cosigned that checkpoint.
    const store = () => audit.get<AuditLogStore>(AUDIT_LOG_STORE);
    const witnessedSize = await eventually(
      async () => {
        const latest = await store().latestCheckpoint();
        const size = latest === null ? -1 : parseCheckpointBody(latest.body).size;
        expect(await store().size()).toBe(size);
        expect(await latestSize(pop)).toBe(size);
        expect(await latestSize(civ)).toBe(size);
        return size;
      },
      { timeoutMs: 20_000 },
    );

    // The audit service logs three more records and signs a checkpoint of them, then goes down
    // before publishing it (what a failed publish followed by a restart leaves behind).
    await audit.close();
    const offline = await createDataSource({
      url: testDatabaseUrl(),
      schema: schemas[0].schema,
      entities: [...AUDIT_LOG_ENTITIES],
      migrations: [],
      applicationName: 'witness-e2e-unpublished-checkpoint',
    });
    let unpublishedSize: number;
    try {
      const log = new AuditLogStore(offline, { origin: ORIGIN });
      const records = [1, 2, 3].map(() =>
        pop.get(AuditTrail).build({
          body: { id: uuidv7(), type: 'urn:lienthong:population:citizen-by-id-request:1' },
          verified: true,
          outcome: { status: 'accepted' },
        }),
      );
      await log.append(records);
      const unpublished = await log.createCheckpoint(bus.member('AUDIT', 'log').signer);
      unpublishedSize = parseCheckpointBody(unpublished.body).size;
    } finally {
      await offline.destroy();
    }
    expect(unpublishedSize).toBe(witnessedSize + 3);

    // While the audit service is down, whatever answers on its proof subject cannot supply a proof
    // the witnesses accept: this impostor replies unsigned bytes.
    const asked = new Set<string>();
    const impostor = bus.nc.subscribe(
      lookupSubject(bus.namespace, 'AUDIT', 'log', CONSISTENCY_PROOF_SERVICE),
      {
        callback: (_error, msg) => {
          const body = JSON.parse(Buffer.from(msg.data).toString('utf8')) as {
            sender: { member: string };
          };
          asked.add(body.sender.member);
          msg.respond(Buffer.from(JSON.stringify({ proof: [] })));
        },
      },
    );

    // A fork that carries no proof: the witnesses must ask the log for one. The impostor's answer
    // is refused and retried; once the log is back, its genuine proof does not link the witnessed
    // root to this root: refused as inconsistent.
    const forged: SignedCheckpoint = await signCheckpoint(
      {
        origin: ORIGIN,
        size: witnessedSize + 2,
        rootHash: randomBytes(32),
        time: new Date(),
      },
      bus.member('AUDIT', 'log').signer,
    );
    const sealed = seal(
      { type: AUDIT_CHECKPOINT_TYPE, recipient: AUDIT_LOG_PARTY, payload: forged },
      bus.member('AUDIT', 'log').signer,
    );
    await publishDurable(jetstream(bus.nc), auditSubject(bus.namespace, 'AUDIT'), {
      data: sealed.bytes,
      msgId: sealed.body.id,
      headers: sealed.headers,
    });
    await eventually(() => expect([...asked].sort()).toEqual(['CIV', 'POP']), {
      timeoutMs: 10_000,
    });
    await impostor.drain();
    for (const app of [pop, civ]) {
      expect(await latestSize(app)).toBe(witnessedSize);
      expect(app.get<WitnessState>(WITNESS_STATE).status().alarm?.code).toBe('WITNESS_ROLLBACK');
    }
    audit = await startAudit();
    await eventually(
      () => {
        for (const app of [pop, civ]) {
          expect(app.get<WitnessState>(WITNESS_STATE).status().alarm?.code).toBe(
            'WITNESS_INCONSISTENT',
          );
        }
      },
      { timeoutMs: 20_000 },
    );
    const forks = await Promise.all(
      ['POP', 'CIV'].map((member) => deadLetter(member, 'WITNESS_INCONSISTENT')),
    );
    expect(forks).toContain(true);

    // On start, the audit service published the checkpoint it had stored but never published,
    // with the proof from the last one it published: both witnesses cosign it without waiting for
    // the log to grow (docs/operations.md).
    await eventually(
      async () => {
        for (const app of [pop, civ]) {
          expect((await witnessed(app)).map((r) => Number(r.tree_size))).toContain(unpublishedSize);
        }
      },
      { timeoutMs: 20_000 },
    );

    // The genuine log carries on, from the checkpoint the witnesses now hold.
    const later = await recordExchange();
    const report = await eventually(
      async () => {
        const bundle = await evidence(later);
        const checked = verifyEvidence(bundle, {
          caPem: bus.root.certificate.pem,
          minCosignatures: 2,
        });
        expect(checked.cosigners).toEqual(['CIV', 'POP']);
        return checked;
      },
      { timeoutMs: 30_000 },
    );
    expect(report.checkpoint.size).toBeGreaterThan(unpublishedSize);
    for (const app of [pop, civ]) {
      const sizes = (await witnessed(app)).map((r) => Number(r.tree_size));
      expect(sizes).toContain(unpublishedSize);
      expect(sizes).not.toContain(witnessedSize + 2);
      expect(sizes[sizes.length - 1]).toBeGreaterThanOrEqual(report.checkpoint.size);
      expect((await witnessed(app)).some((row) => row.body === forged.body)).toBe(false);
    }
    const unproven = await Promise.all(
      ['POP', 'CIV'].map((member) => deadLetter(member, 'WITNESS_CONSISTENCY_UNPROVEN')),
    );
    expect(unproven).toEqual([false, false]);
    // The log's own records of the proof requests share its subject: skipped, not dead-lettered.
    const skipped = await Promise.all(
      ['POP', 'CIV'].map((member) => deadLetter(member, 'ENVELOPE_TYPE_UNEXPECTED')),
    );
    expect(skipped).toEqual([false, false]);
  }, 60_000);
});
