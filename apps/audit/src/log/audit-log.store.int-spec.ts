// real: PostgreSQL (TEST_DATABASE_URL), libs/pki CA. mock: nothing (the signer is a key in memory).
import { randomBytes, randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import {
  CertificateAuthority,
  Signer,
  createCsr,
  generateKeyPair,
  parseCertificate,
} from '@lienthong/pki';
import { createDataSource, runMigrations } from '@lienthong/persistence';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import {
  type AuditRecord,
  type CheckpointSigner,
  type SignedCheckpoint,
  MemoryTree,
  leafHash,
  verifyConsistency,
  verifyEvidence,
  verifyInclusion,
  verifyLog,
} from '@lienthong/audit-log';
import { AUDIT_LOG_ENTITIES, AUDIT_LOG_MIGRATIONS } from './audit-log.entities';
import { AuditLogStore } from './audit-log.store';

interface Log {
  schema: TestSchema;
  dataSource: DataSource;
  store: AuditLogStore;
}

const opened: Log[] = [];
let caPem: string;
let chain: string[];
let signer: CheckpointSigner;

async function openLog(): Promise<Log> {
  const schema = await createTestSchema(testDatabaseUrl());
  const dataSource = await createDataSource({
    url: testDatabaseUrl(),
    schema: schema.schema,
    entities: AUDIT_LOG_ENTITIES,
    migrations: AUDIT_LOG_MIGRATIONS,
    applicationName: 'audit-log-int-spec',
    poolMax: 4,
  });
  await runMigrations(dataSource);
  const log = {
    schema,
    dataSource,
    store: new AuditLogStore(dataSource, { origin: 'lienthong.test/audit/log' }),
  };
  opened.push(log);
  return log;
}

function record(i: number, recordId: string = randomUUID()): AuditRecord {
  return {
    recordId,
    messageId: randomUUID(),
    type: 'urn:lienthong:population:citizen-by-id-request:1',
    sender: { member: 'BIZ', subsystem: 'registry' },
    recipient: { member: 'POP', subsystem: 'registry' },
    purpose: { procedure: '1.001234', legalBasis: 'Luật Căn cước 2023', caseId: `HS-${i}` },
    outcome: { status: 'accepted' },
    payloadDigest: `sha-256:${randomBytes(32).toString('base64url')}`,
    correlationId: randomUUID(),
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  };
}

const records = (from: number, to: number): AuditRecord[] =>
  Array.from({ length: to - from }, (_, k) => record(from + k));

/** Runs SQL the way an intruder with the superuser password would: triggers switched off. */
async function asIntruder(log: Log, sql: string): Promise<void> {
  const tables = ['audit_record', 'audit_tree_node', 'audit_checkpoint'];
  await log.dataSource.transaction(async (manager) => {
    for (const table of tables) {
      await manager.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    }
    await manager.query(sql);
    for (const table of tables) {
      await manager.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  });
}

async function verifyCode(log: Log, checkpoints: SignedCheckpoint[]): Promise<string | undefined> {
  const exported = await log.store.exportRange(0, Number.MAX_SAFE_INTEGER);
  try {
    verifyLog(exported, checkpoints, { caPem, certificates: chain });
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

beforeAll(async () => {
  const root = await CertificateAuthority.createRoot({ commonName: 'Int Root', validityDays: 30 });
  const issuing = await root.createIssuing({ commonName: 'Int Issuing', validityDays: 30 });
  const keys = generateKeyPair('ES256');
  const csr = await createCsr({
    ...keys,
    identity: { member: 'AUDIT', subsystem: 'log' },
    organizationName: 'Kiểm toán',
  });
  const cert = await issuing.issueFromCsr(csr, { validityDays: 10 });
  caPem = parseCertificate(root.toPem().certificatePem).pem;
  chain = [cert.pem, issuing.toPem().certificatePem];
  signer = Signer.fromKeyObject({
    privateKey: keys.privateKey,
    certificatePem: cert.pem,
    chainPems: chain.slice(1),
  });
});

afterAll(async () => {
  for (const log of opened) {
    await log.dataSource.destroy();
    await log.schema.drop();
  }
});

describe('AuditLogStore', () => {
  it('appends in batches, logs duplicates once and answers proofs that verify', async () => {
    const { store } = await openLog();
    const first = records(0, 10);
    expect((await store.append(first)).size).toBe(10);
    const again = record(99, first[3].recordId);
    const repeated = record(100);
    const second = await store.append([again, ...records(10, 15), repeated, repeated, first[9]]);
    expect(second.appended.map((a) => a.seq)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(second.duplicates).toEqual([first[3].recordId, repeated.recordId, first[9].recordId]);
    const third = await store.append([first[0], record(20, second.appended[0].recordId)]);
    expect(third).toEqual({
      appended: [],
      duplicates: [first[0].recordId, second.appended[0].recordId],
      size: 16,
    });
    expect(await store.size()).toBe(16);

    const exported = await store.exportRange(0, 100);
    expect(exported[12].canonical).toContain('"caseId":"HS-12"');
    const tree = new MemoryTree();
    exported.forEach((e) => tree.append(leafHash(Buffer.from(e.canonical, 'utf8'))));
    expect(exported.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect((await store.root()).equals(tree.root())).toBe(true);
    expect((await store.root(10)).equals(tree.root(10))).toBe(true);
    const failures: number[] = [];
    for (const e of exported) {
      const proof = await store.inclusionProof(e.seq, 16);
      const leaf = leafHash(Buffer.from(e.canonical, 'utf8'));
      if (!verifyInclusion(leaf, e.seq, 16, proof, tree.root())) {
        failures.push(e.seq);
      }
    }
    expect(failures).toEqual([]);
    const consistency = await store.consistencyProof(7, 16);
    expect(verifyConsistency(7, 16, tree.root(7), tree.root(16), consistency)).toBe(true);
  });

  it('serialises concurrent appends into one dense, consistent tree', async () => {
    const { store } = await openLog();
    await Promise.all([0, 1, 2, 3].map((k) => store.append(records(k * 25, k * 25 + 25))));
    const exported = await store.exportRange(0, 1000);
    expect(exported.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const checkpoint = await store.createCheckpoint(signer);
    expect(await verifyCode({ store } as Log, [checkpoint])).toBeUndefined();
  });

  it('produces evidence bundles that verify offline with only the CA certificate', async () => {
    const { store } = await openLog();
    const batch = records(0, 9);
    await store.append(batch);
    await expect(store.evidence(batch[4].recordId, chain)).rejects.toMatchObject({
      code: 'AUDIT_STORE_NO_CHECKPOINT',
    });
    await store.createCheckpoint(signer);
    const bundle = JSON.parse(
      JSON.stringify(await store.evidence(batch[4].recordId, chain)),
    ) as unknown;
    const report = verifyEvidence(bundle, { caPem });
    expect(report.entry.record.recordId).toBe(batch[4].recordId);
    expect(report.checkpoint.size).toBe(9);
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the trigger', async () => {
    const { store, dataSource } = await openLog();
    await store.append(records(0, 3));
    await store.createCheckpoint(signer);
    const attempts = [
      `UPDATE audit_record SET message_id = 'x' WHERE seq = 1`,
      `DELETE FROM audit_record WHERE seq = 2`,
      `TRUNCATE audit_record`,
      `DELETE FROM audit_tree_node`,
      `UPDATE audit_checkpoint SET tree_size = 1`,
    ];
    const outcomes = await Promise.all(
      attempts.map((sql) =>
        dataSource.query(sql).then(
          () => 'allowed',
          (e: Error) => e.message,
        ),
      ),
    );
    expect(outcomes.every((m) => m.includes('the audit log is append-only'))).toBe(true);
    expect(await store.size()).toBe(3);
  });
});

describe('tampering in the database is named by verification against checkpoints', () => {
  async function signedLog(size: number): Promise<{ log: Log; checkpoint: SignedCheckpoint }> {
    const log = await openLog();
    await log.store.append(records(0, size));
    return { log, checkpoint: await log.store.createCheckpoint(signer) };
  }

  it('names an updated record, a deleted row and a truncated tail', async () => {
    const updated = await signedLog(16);
    await asIntruder(
      updated.log,
      `UPDATE audit_record SET entry = replace(entry, '"HS-5"', '"HS-6"') WHERE seq = 5`,
    );
    const deleted = await signedLog(16);
    await asIntruder(deleted.log, `DELETE FROM audit_record WHERE seq = 9`);
    const truncated = await signedLog(16);
    await asIntruder(truncated.log, `DELETE FROM audit_record WHERE seq >= 13`);
    expect({
      updated: await verifyCode(updated.log, [updated.checkpoint]),
      deleted: await verifyCode(deleted.log, [deleted.checkpoint]),
      truncated: await verifyCode(truncated.log, [truncated.checkpoint]),
    }).toEqual({
      updated: 'AUDIT_RECORD_TAMPERED',
      deleted: 'AUDIT_RECORD_MISSING',
      truncated: 'AUDIT_LOG_TRUNCATED',
    });
  });

  it('names a rollback to a backup against a checkpoint a witness kept', async () => {
    const { log, checkpoint: early } = await signedLog(10);
    await log.store.append(records(10, 20));
    const witnessed = await log.store.createCheckpoint(signer);
    await asIntruder(
      log,
      `DELETE FROM audit_record WHERE seq >= 12;
       DELETE FROM audit_tree_node WHERE (idx + 1) * (2 ^ level)::bigint > 12;
       DELETE FROM audit_checkpoint WHERE tree_size > 10`,
    );
    await log.store.append(records(30, 33));
    const after = await log.store.createCheckpoint(signer);
    expect(await verifyCode(log, await log.store.checkpoints())).toBeUndefined();
    expect(await verifyCode(log, [early, witnessed, after])).toBe('AUDIT_LOG_ROLLED_BACK');
  });
});
