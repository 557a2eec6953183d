import type { AuditRecord } from '@lienthong/audit-log';
import { assertMayRecord } from './audit-message.opener';

const POP = { member: 'POP', subsystem: 'registry' };
const CIV = { member: 'CIV', subsystem: 'registry' };
const INS = { member: 'INS', subsystem: 'registry' };
const BIZ = { member: 'BIZ', subsystem: 'registry' };

/** POP holds the right to CIV's births, nobody else to anything. */
const config = {
  eventRight: (subscriber: { member: string }, publisher: string, eventType: string) =>
    subscriber.member === 'POP' && publisher === 'CIV' && eventType === 'birth-registered',
};

function record(over: Partial<AuditRecord>): AuditRecord {
  return {
    recordId: '019ab3c2-7d10-7a4e-9b21-3f0c5a6e8d11',
    messageId: '019ab3c2-7c00-7f1a-8c33-2b9d4e5f6a70',
    type: 'urn:lienthong:population:citizen-by-id-request:1',
    sender: CIV,
    recipient: POP,
    outcome: { status: 'accepted' },
    time: '2026-11-23T05:00:00.000Z',
    ...over,
  };
}

const codeOf = (rec: AuditRecord, signer = POP) => {
  try {
    assertMayRecord(rec, signer, config);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

const birth = {
  type: 'urn:lienthong:events:birth-registered:1',
  sender: CIV,
  recipient: CIV,
  subjectRef: 'hmac-sha256:q2a1jK3vXo8m0QpZ7cV5bN4xL9yT6wE1rU3iO2pA0sD',
};

describe('who may record a message', () => {
  it('lets the sender or the recipient record it, with or without naming itself', () => {
    expect(codeOf(record({}))).toBe('ok');
    expect(codeOf(record({ recorder: POP }))).toBe('ok');
    expect(codeOf(record({ recorder: CIV }), CIV)).toBe('ok');
  });

  it('refuses a record naming another recorder than its signer', () => {
    expect(codeOf(record({ recorder: CIV }))).toBe('AUDIT_RECORDER_MISMATCH');
  });

  it('lets a subscriber record an event it holds the right to, and no one else', () => {
    expect(codeOf(record({ ...birth, recorder: POP }))).toBe('ok');
    expect(codeOf(record({ ...birth, recorder: INS }), INS)).toBe('AUDIT_RECORDER_NOT_PARTY');
    // the right is to CIV's births, not to a birth claimed by another publisher
    expect(codeOf(record({ ...birth, sender: BIZ, recipient: BIZ, recorder: POP }))).toBe(
      'AUDIT_RECORDER_NOT_PARTY',
    );
    // an event is addressed by its publisher to itself; anything else is not an event
    expect(codeOf(record({ ...birth, recipient: BIZ, recorder: POP }))).toBe(
      'AUDIT_RECORDER_NOT_PARTY',
    );
    // a record of an earlier release names no recorder: the party rule alone applies
    expect(codeOf(record({ ...birth }))).toBe('AUDIT_RECORDER_NOT_PARTY');
  });

  it('lets a receiver record its refusal of a message addressed to another, as ids only', () => {
    const refusal = {
      sender: CIV,
      recipient: BIZ,
      recorder: POP,
      outcome: { status: 'refused', code: 'ENVELOPE_RECIPIENT_MISMATCH' } as const,
    };
    expect(codeOf(record(refusal))).toBe('ok');
    expect(codeOf(record({ ...refusal, subjectRef: birth.subjectRef }))).toBe(
      'AUDIT_RECORDER_NOT_PARTY',
    );
    expect(codeOf(record({ ...refusal, officer: 'cb-01' }))).toBe('AUDIT_RECORDER_NOT_PARTY');
    expect(codeOf(record({ ...refusal, outcome: { status: 'accepted' } }))).toBe(
      'AUDIT_RECORDER_NOT_PARTY',
    );
    const { recorder: _none, ...unnamed } = refusal;
    expect(codeOf(record(unnamed))).toBe('AUDIT_RECORDER_NOT_PARTY');
  });
});
