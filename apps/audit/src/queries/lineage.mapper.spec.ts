import type { AuditRecord } from '@lienthong/audit-log';
import type { LoggedRecord } from './audit-record.queries';
import { buildLineage } from './lineage.mapper';

const REQUEST = '0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4d10';
const REPLY = '0197c2a4-6a01-7c3e-9b1d-3f5a2e8c4d11';
const OTHER = '0197c2a4-6a02-7c3e-9b1d-3f5a2e8c4d12';
const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };

function logged(seq: number, record: Partial<AuditRecord>): LoggedRecord {
  return {
    seq,
    loggedAt: '2026-01-01T00:00:00.000Z',
    record: {
      recordId: `0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4e${String(seq).padStart(2, '0')}`,
      messageId: REQUEST,
      type: 'urn:lienthong:population:citizen-by-id-request:1',
      sender: CIV,
      recipient: POP,
      outcome: { status: 'accepted' },
      time: '2026-01-01T00:00:00.000Z',
      correlationId: REQUEST,
      ...record,
    },
  };
}

describe('buildLineage', () => {
  it('groups records by message and hangs replies under their request', () => {
    const sut = buildLineage([
      logged(0, { signatureDigest: `sha-256:${'a'.repeat(43)}` }),
      logged(1, { messageId: REPLY, causationId: REQUEST, sender: POP, recipient: CIV }),
      logged(2, { outcome: { status: 'refused', code: 'ACCESS_DENIED' } }),
    ]);
    expect(sut).toHaveLength(1);
    expect(sut[0].messageId).toBe(REQUEST);
    expect(sut[0].records.map((r) => r.seq)).toEqual([0, 2]);
    expect(sut[0].records[0].signatureDigest).toBe(`sha-256:${'a'.repeat(43)}`);
    expect(sut[0].children.map((c) => [c.messageId, c.sender.member])).toEqual([[REPLY, 'POP']]);
  });

  it('keeps a message whose cause is not in the log as a root', () => {
    const sut = buildLineage([logged(0, { messageId: REPLY, causationId: OTHER })]);
    expect(sut.map((n) => n.messageId)).toEqual([REPLY]);
  });

  it('shows a message that names itself as its cause as a root', () => {
    const sut = buildLineage([logged(0, { causationId: REQUEST })]);
    expect(sut).toHaveLength(1);
    expect(sut[0].children).toEqual([]);
  });
});
