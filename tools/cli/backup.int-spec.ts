// real: nats-server, PostgreSQL, the audit app on the adapter kit, COPY in and out of PostgreSQL.
// mock: nothing. The audit log is backed up, restored into a schema a fresh audit service created,
// and the restored service's export verifies as `lt verify-log` verifies it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_LOG_PARTY, AUDIT_RECORD_TYPE } from '@lienthong/adapter-kit';
import { type AuditRecord, verifyLog } from '@lienthong/audit-log';
import { seal } from '@lienthong/envelope';
import { auditSubject, publishDurable, streamName } from '@lienthong/messaging';
import { DATA_SOURCE } from '@lienthong/persistence';
import { createTestSchema, eventually, testDatabaseUrl, type TestSchema } from '@lienthong/testing';
import { AUDIT_CONSUMER } from '../../apps/audit/src/audit.constants';
import { type AuditBus, startAuditBus } from '../../apps/audit/test/audit-bus.fixture';
import { backupDatabase } from './backup';
import { readBackup, restoreDatabase } from './restore';

interface Exported {
  entries: string[];
  checkpoints: unknown[];
  certificates: string[];
}

let bus: AuditBus;
let backupDir: string;
const others: TestSchema[] = [];
const apps: INestApplication[] = [];

function record(): AuditRecord {
  const messageId = uuidv7();
  return {
    recordId: uuidv7(),
    messageId,
    type: 'urn:lienthong:population:citizen-by-id-request:1',
    sender: { member: 'CIV', subsystem: 'registry' },
    recipient: { member: 'POP', subsystem: 'registry' },
    purpose: { procedure: 'KS-LT', legalBasis: 'Luật Hộ tịch 2014', caseId: 'HS-BK-1' },
    officer: 'cb-tuphap-01',
    outcome: { status: 'accepted' },
    payloadDigest: `sha-256:${Buffer.alloc(32, 7).toString('base64url')}`,
    correlationId: messageId,
    time: new Date().toISOString(),
  };
}

async function exportOf(app: INestApplication): Promise<Exported> {
  const auditor = await bus.staffTokenFor('auditor-backup', 'auditor');
  const response = await request(app.getHttpServer())
    .get('/v1/log/export')
    .set('Authorization', `Bearer ${auditor}`)
    .expect(200);
  return response.body as Exported;
}

function verified(exported: Exported) {
  return verifyLog(exported.entries, exported.checkpoints, {
    caPem: bus.caPem,
    certificates: exported.certificates,
  });
}

beforeAll(async () => {
  bus = await startAuditBus();
  backupDir = mkdtempSync(join(tmpdir(), 'lt-backup-'));
  for (let i = 0; i < 12; i++) {
    const rec = record();
    const sealed = seal(
      { type: AUDIT_RECORD_TYPE, id: rec.recordId, recipient: AUDIT_LOG_PARTY, payload: rec },
      bus.signers.pop,
    );
    await publishDurable(bus.js, auditSubject(bus.ns, 'POP'), {
      data: sealed.bytes,
      msgId: rec.recordId,
      headers: sealed.headers,
    });
  }
  await drained();
});

/** The audit service consumed every record published. */
async function drained(): Promise<void> {
  await eventually(async () => {
    const info = await bus.jsm.consumers.info(streamName(bus.ns, 'AUDIT'), AUDIT_CONSUMER);
    expect([info.num_pending, info.num_ack_pending]).toEqual([0, 0]);
  });
}

afterAll(async () => {
  for (const app of apps) {
    await app.close().catch(() => undefined);
  }
  await bus?.close();
  for (const schema of others) {
    await schema.drop();
  }
  rmSync(backupDir, { recursive: true, force: true });
});

describe('lt backup and lt restore of the audit log', () => {
  let source: string;
  let before: Exported;

  it('backs up every table of the schema in one snapshot, with digests and the migrations', async () => {
    // the export ends on a signed checkpoint that covers the 12 records
    await eventually(async () => {
      before = await exportOf(bus.app);
      expect(before.entries.length).toBeGreaterThanOrEqual(12);
    });
    expect(verified(before).records).toBe(before.entries.length);
    const [{ schema: name }] = await bus.app
      .get<DataSource>(DATA_SOURCE)
      .query<{ schema: string }[]>('SELECT current_schema() AS schema');
    source = name;

    const manifest = await backupDatabase({
      databaseUrl: testDatabaseUrl(),
      schemas: [source],
      out: backupDir,
    });
    const [schema] = manifest.schemas;
    expect(schema.migrations.length).toBeGreaterThan(3);
    const entries = schema.tables.find((t) => t.table === 'audit_record');
    expect(entries?.rows).toBeGreaterThanOrEqual(before.entries.length);
    expect(readBackup(backupDir).schemas[0].tables.length).toBe(schema.tables.length);
  });

  it('refuses a backup whose file was altered, and a target that holds rows', async () => {
    const altered = mkdtempSync(join(tmpdir(), 'lt-backup-altered-'));
    try {
      await backupDatabase({ databaseUrl: testDatabaseUrl(), schemas: [source], out: altered });
      const manifest = readBackup(altered);
      const file = join(altered, manifest.schemas[0].tables[0].path);
      writeFileSync(file, `${readFileSync(file, 'utf8')}x\n`);
      await expect(
        restoreDatabase({ databaseUrl: testDatabaseUrl(), from: altered }),
      ).rejects.toMatchObject({ code: 'RESTORE_BACKUP_CORRUPT' });
    } finally {
      rmSync(altered, { recursive: true, force: true });
    }
    await expect(
      restoreDatabase({ databaseUrl: testDatabaseUrl(), from: backupDir }),
    ).rejects.toMatchObject({ code: 'RESTORE_TARGET_NOT_EMPTY' });
    const empty = await createTestSchema(testDatabaseUrl());
    others.push(empty);
    await expect(
      restoreDatabase({
        databaseUrl: testDatabaseUrl(),
        from: backupDir,
        schemaMap: { [source]: empty.schema },
      }),
    ).rejects.toMatchObject({ code: 'RESTORE_SCHEMA_MISSING' });
  });

  it('restores into the schema a new audit service made, whose export then verifies', async () => {
    const target = await createTestSchema(testDatabaseUrl());
    others.push(target);
    // an empty PostgreSQL schema: the service creates its tables on its first start
    const fresh = await bus.startAppOn(target);
    await fresh.close();

    const report = await restoreDatabase({
      databaseUrl: testDatabaseUrl(),
      from: backupDir,
      schemaMap: { [source]: target.schema },
    });
    expect(report.schemas[0].into).toBe(target.schema);

    const restored = await bus.startAppOn(target);
    apps.push(restored);
    const after = await exportOf(restored);
    // what the backup held comes back as it was, and the log goes on from it
    expect(after.entries.slice(0, before.entries.length)).toEqual(before.entries);
    expect(verified(after).records).toBe(after.entries.length);
  });
  it('carries the key folder, writes it back 0600 and refuses to overwrite a different key', async () => {
    const keys = mkdtempSync(join(tmpdir(), 'lt-keys-'));
    const out = mkdtempSync(join(tmpdir(), 'lt-backup-keys-'));
    const back = mkdtempSync(join(tmpdir(), 'lt-keys-back-'));
    try {
      mkdirSync(join(keys, 'ca'));
      writeFileSync(join(keys, 'ca', 'issuing.key.pem'), 'issuing key\n');
      writeFileSync(join(keys, 'subject.key'), 'subject key\n');
      const manifest = await backupDatabase({
        databaseUrl: testDatabaseUrl(),
        schemas: [source],
        out,
        keys,
      });
      expect(manifest.keys.map((k) => k.path).sort()).toEqual([
        join('keys', 'ca', 'issuing.key.pem'),
        join('keys', 'subject.key'),
      ]);
      // a different key where one of the backup's goes: refused before any table is touched
      writeFileSync(join(back, 'subject.key'), 'another key\n');
      await expect(
        restoreDatabase({ databaseUrl: testDatabaseUrl(), from: out, keysTo: back }),
      ).rejects.toMatchObject({ code: 'RESTORE_KEYS_CONFLICT' });
      rmSync(join(back, 'subject.key'));
      const target = await createTestSchema(testDatabaseUrl());
      others.push(target);
      const fresh = await bus.startAppOn(target);
      await fresh.close();
      const report = await restoreDatabase({
        databaseUrl: testDatabaseUrl(),
        from: out,
        schemaMap: { [source]: target.schema },
        keysTo: back,
      });
      expect(report.keys).toBe(2);
      expect(readFileSync(join(back, 'ca', 'issuing.key.pem'), 'utf8')).toBe('issuing key\n');
      expect(statSync(join(back, 'subject.key')).mode & 0o777).toBe(0o600);
    } finally {
      for (const dir of [keys, out, back]) {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
