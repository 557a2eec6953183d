import type { AuditRecord } from '@lienthong/audit-log';
import type { LoggedRecord } from './audit-record.queries';
import { buildLineageGraph, hopKind, isSignatureFailure } from './lineage-graph.mapper';

const CIV = { member: 'CIV', subsystem: 'registry' };
const INS = { member: 'INS', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };

let seq = 0;
function logged(over: Partial<AuditRecord>): LoggedRecord {
  seq += 1;
  return {
    seq,
    loggedAt: '2026-12-01T00:00:00.000Z',
    record: {
      recordId: `0190a0e2-7b1c-7d2e-8f3a-${String(seq).padStart(12, '0')}`,
      messageId: '0190a0e2-7b1c-7d2e-8f3a-000000000001',
      type: 'urn:lienthong:events:birth-registered:1',
      sender: CIV,
      outcome: { status: 'accepted' },
      time: '2026-12-01T00:00:00.000Z',
      ...over,
    },
  };
}

describe('hopKind', () => {
  it.each([
    ['urn:lienthong:population:citizen-by-id-request:1', 'request'],
    ['urn:lienthong:population:citizen-by-id-response:1', 'reply'],
    ['urn:lienthong:bus:error:1', 'reply'],
    ['urn:lienthong:events:card-issued:1', 'event'],
    ['urn:lienthong:documents:edoc:1', 'document'],
    ['urn:lienthong:documents:status:2', 'status'],
    ['urn:lienthong:audit:checkpoint:1', 'audit'],
    ['urn:lienthong:bus:ping-request:1', 'request'],
    ['not a type', 'other'],
  ])('%s is a %s', (type, kind) => {
    expect(hopKind(type)).toBe(kind);
  });
});

describe('buildLineageGraph', () => {
  it('gives an event its subscribers, a refusal its code, and orders hops by time', () => {
    const event = '0190a0e2-7b1c-7d2e-8f3a-0000000000e1';
    const card = '0190a0e2-7b1c-7d2e-8f3a-0000000000e2';
    const graph = buildLineageGraph([
      logged({ messageId: card, sender: INS, recorder: INS, time: '2026-12-01T00:00:05Z' }),
      logged({ messageId: event, recorder: CIV, time: '2026-12-01T00:00:01Z' }),
      logged({ messageId: event, recorder: POP, time: '2026-12-01T00:00:02Z' }),
      logged({
        messageId: event,
        recorder: INS,
        outcome: { status: 'refused', code: 'EVENT_RIGHT_MISSING' },
        time: '2026-12-01T00:00:03Z',
      }),
    ]);
    expect(graph.nodes.map((n) => n.id)).toEqual(['CIV/registry', 'INS/registry']);
    expect(graph.hops.map((h) => [h.messageId, h.kind, h.signatureCheck, h.outcome])).toEqual([
      [event, 'event', 'verified', 'EVENT_RIGHT_MISSING'],
      [card, 'event', 'unconfirmed', 'accepted'],
    ]);
    expect(graph.hops[0]?.records.map((r) => [r.recorder, r.recordedBy])).toEqual([
      ['CIV/registry', 'sender'],
      ['POP/registry', 'receiver'],
      ['INS/registry', 'receiver'],
    ]);
  });

  it('tells a failed signature from a refusal after it', () => {
    expect(
      ['PKI_SIGNATURE_INVALID', 'ENVELOPE_SENDER_MISMATCH', 'PKI_CERT_REVOKED'].map(
        isSignatureFailure,
      ),
    ).toEqual([true, true, true]);
    expect(
      ['ACCESS_DENIED', 'ENVELOPE_EXPIRED', 'ENVELOPE_REPLAYED'].map(isSignatureFailure),
    ).toEqual([false, false, false]);
  });
});
