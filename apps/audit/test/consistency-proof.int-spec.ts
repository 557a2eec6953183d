// real: nats-server (JetStream, KV, request-reply), PostgreSQL, libs/pki CA, the audit app on the
// adapter kit. mock: nothing; the witness asking for a proof is played by POP's signer.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { AUDIT_LOG_PARTY, AUDIT_RECORD_TYPE, BusRuntime } from '@lienthong/adapter-kit';
import { ERROR_SCHEMA_ID, seal, type ErrorPayload } from '@lienthong/envelope';
import {
  LT_SIGNATURE,
  auditSubject,
  lookupSubject,
  publishDurable,
  requestBytes,
} from '@lienthong/messaging';
import { eventually } from '@lienthong/testing';
import {
  CONSISTENCY_PROOF_REQUEST_TYPE,
  CONSISTENCY_PROOF_RESPONSE_TYPE,
  CONSISTENCY_PROOF_SERVICE,
  verifyConsistency,
  type AuditRecord,
  type ConsistencyProofRequest,
  type ConsistencyProofResponse,
} from '@lienthong/audit-log';
import { AUDIT_LOG_STORE } from '../src/audit.constants';
import type { AuditLogStore } from '../src/log/audit-log.store';
import { type AuditBus, startAuditBus } from './audit-bus.fixture';

const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };
const ORIGIN = 'lienthong.test/audit/log';

let bus: AuditBus;
let auditor: string;

beforeAll(async () => {
  bus = await startAuditBus();
  auditor = await bus.staffToken('auditor');
  // six records in the log, as an agency's AuditTrail publishes them
  for (let i = 0; i < 6; i++) {
    const messageId = uuidv7();
    const record: AuditRecord = {
      recordId: uuidv7(),
      messageId,
      type: 'urn:lienthong:population:citizen-by-id-request:1',
      sender: CIV,
      recipient: POP,
      outcome: { status: 'accepted' },
      payloadDigest: `sha-256:${randomBytes(32).toString('base64url')}`,
      correlationId: messageId,
      time: new Date().toISOString(),
    };
    const sealed = seal(
      { type: AUDIT_RECORD_TYPE, id: record.recordId, recipient: AUDIT_LOG_PARTY, payload: record },
      bus.signers.pop,
    );
    await publishDurable(bus.js, auditSubject(bus.ns, 'POP'), {
      data: sealed.bytes,
      msgId: record.recordId,
      headers: sealed.headers,
    });
  }
  await eventually(async () => {
    if ((await store().size()) < 6) {
      throw new Error('the six records are not logged yet');
    }
  });
});

afterAll(async () => {
  await bus?.close();
});

const store = () => bus.app.get<AuditLogStore>(AUDIT_LOG_STORE);

/** Asks AUDIT/log as POP would, and opens the signed reply bound to the request. */
async function ask(payload: ConsistencyProofRequest) {
  const runtime = bus.app.get(BusRuntime);
  const sealed = seal(
    { type: CONSISTENCY_PROOF_REQUEST_TYPE, recipient: AUDIT_LOG_PARTY, payload },
    bus.signers.pop,
  );
  const reply = await requestBytes(
    runtime.nats,
    lookupSubject(bus.ns, 'AUDIT', 'log', CONSISTENCY_PROOF_SERVICE),
    { data: sealed.bytes, headers: sealed.headers },
  );
  const verified = await runtime.verifier.open<ConsistencyProofResponse | ErrorPayload>(
    reply.data,
    reply.headers[LT_SIGNATURE],
    {
      recipient: POP,
      type: [CONSISTENCY_PROOF_RESPONSE_TYPE, ERROR_SCHEMA_ID],
      request: sealed,
      headers: reply.headers,
    },
  );
  return { id: sealed.body.id, type: verified.body.type, payload: verified.body.payload };
}

/** The audit records the log holds about one request (written by AUDIT/log itself). */
async function recordsAbout(messageId: string): Promise<AuditRecord[]> {
  const response = await request(bus.app.getHttpServer())
    .get('/v1/records?sender=POP&recipient=AUDIT/log&limit=200')
    .set('Authorization', `Bearer ${auditor}`);
  return (response.body as { records: { record: AuditRecord }[] }).records
    .map((r) => r.record)
    .filter((r) => r.messageId === messageId);
}

describe('consistency proofs on the bus (lt.req.AUDIT.log.consistency-proof)', () => {
  it('answers a signed proof that links the two roots of the log, and audits the request', async () => {
    const answer = await ask({ origin: ORIGIN, fromSize: 2, toSize: 6 });
    expect(answer.type).toBe(CONSISTENCY_PROOF_RESPONSE_TYPE);
    const proven = answer.payload as ConsistencyProofResponse;
    expect({ ...proven, proof: undefined }).toEqual({
      origin: ORIGIN,
      fromSize: 2,
      toSize: 6,
      proof: undefined,
    });
    const proof = proven.proof.map((hash) => Buffer.from(hash, 'base64'));
    expect(verifyConsistency(2, 6, await store().root(2), await store().root(6), proof)).toBe(true);
    // the same proof does not link another root: it proves only what the log holds
    expect(verifyConsistency(2, 6, randomBytes(32), await store().root(6), proof)).toBe(false);
    const records = await eventually(async () => {
      const found = await recordsAbout(answer.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(records[0].outcome).toEqual({ status: 'accepted' });
  });

  it.each([
    ['another origin', { origin: 'elsewhere/log', fromSize: 2, toSize: 6 }, 'AUDIT_QUERY_INVALID'],
    ['a reversed range', { origin: ORIGIN, fromSize: 6, toSize: 2 }, 'AUDIT_QUERY_INVALID'],
    [
      'a size beyond the log',
      { origin: ORIGIN, fromSize: 2, toSize: 1000 },
      'AUDIT_PROOF_RANGE_INVALID',
    ],
  ])('refuses %s with a signed error and one audit entry', async (_name, asked, code) => {
    const answer = await ask(asked);
    expect(answer.type).toBe(ERROR_SCHEMA_ID);
    expect((answer.payload as ErrorPayload).code).toBe(code);
    const records = await eventually(async () => {
      const found = await recordsAbout(answer.id);
      expect(found).toHaveLength(1);
      return found;
    });
    expect(records[0].outcome).toEqual({ status: 'refused', code });
  });
});
