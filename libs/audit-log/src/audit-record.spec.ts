import {
  AUDIT_QUERY_TYPE,
  canonicalEntry,
  parseAuditRecord,
  parseCanonicalEntry,
  subjectRef,
  type AuditLogEntry,
  type AuditRecord,
} from '@lienthong/audit-log';

const key = Buffer.alloc(32, 9);

const valid: AuditRecord = {
  recordId: '6f1c2b1e-8a4d-4c3b-9f2e-1a2b3c4d5e6f',
  messageId: '0f1c2b1e-8a4d-4c3b-9f2e-1a2b3c4d5e6f',
  type: 'urn:lienthong:population:citizen-by-id-request:1',
  sender: { member: 'BIZ', subsystem: 'registry' },
  outcome: { status: 'refused', code: 'ACCESS_DENIED' },
  subjectRef: subjectRef(key, 'cccd', '001099012345'),
  time: '2026-01-01T00:00:00.000Z',
};

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('parseAuditRecord', () => {
  it('accepts a minimal record and keeps no member that was not given', () => {
    expect(parseAuditRecord(valid)).toEqual(valid);
  });

  it('refuses payloads, plain identifiers and malformed fields', () => {
    const cases: Record<string, unknown> = {
      payload: { ...valid, payload: { name: 'Nguyễn Văn A' } },
      plainSubject: { ...valid, subjectRef: '001099012345' },
      badOutcome: { ...valid, outcome: { status: 'refused' } },
      badTime: { ...valid, time: '2026-01-01 00:00' },
      badSender: { ...valid, sender: { member: 'biz', subsystem: 'registry' } },
      badDigest: { ...valid, payloadDigest: 'md5:abc' },
      badMessageId: { ...valid, messageId: 'm-1' },
      fieldValues: { ...valid, fields: ['fullName=Nguyễn Văn A'] },
    };
    const codes = Object.fromEntries(
      Object.entries(cases).map(([name, value]) => [name, codeOf(() => parseAuditRecord(value))]),
    );
    expect(new Set(Object.values(codes))).toEqual(new Set(['AUDIT_RECORD_INVALID']));
  });

  it('round-trips an entry through its canonical bytes', () => {
    const entry: AuditLogEntry = {
      v: 1,
      seq: 3,
      loggedAt: '2026-01-01T00:00:01.000Z',
      record: valid,
    };
    const sut = canonicalEntry(parseCanonicalEntry(canonicalEntry(entry)));
    expect(sut).toBe(canonicalEntry(entry));
    expect(sut.endsWith(',"seq":3,"v":1}')).toBe(true);
  });
});

describe('parseAuditRecord of a query of the log', () => {
  const queried: AuditRecord = {
    recordId: '6f1c2b1e-8a4d-4c3b-9f2e-1a2b3c4d5e70',
    messageId: '6f1c2b1e-8a4d-4c3b-9f2e-1a2b3c4d5e71',
    type: AUDIT_QUERY_TYPE,
    sender: { member: 'AUDIT', subsystem: 'log' },
    officer: 'auditor-1',
    outcome: { status: 'accepted' },
    time: '2026-01-01T00:00:00.000Z',
    query: {
      endpoint: 'GET /v1/records',
      role: 'auditor',
      filters: { procedure: 'KS-LT', limit: '50' },
      returned: 2,
      subjects: [subjectRef(key, 'personal-id', '001099012345')],
    },
  };

  it('accepts a query record written by AUDIT/log', () => {
    expect(parseAuditRecord(queried)).toEqual(queried);
  });

  it('refuses a query member elsewhere, a query record by anyone else and a clear personal id', () => {
    const cases: Record<string, unknown> = {
      queryOnLookup: { ...valid, query: queried.query },
      queryTypeWithoutQuery: { ...queried, query: undefined },
      byAnAgency: { ...queried, sender: { member: 'POP', subsystem: 'registry' } },
      toAnAgency: { ...queried, recipient: { member: 'POP', subsystem: 'registry' } },
      clearSubject: { ...queried, query: { ...queried.query, subjects: ['001099012345'] } },
      clearActor: { ...queried, query: { ...queried.query, actorRef: '001099012345' } },
      repeatedSubject: {
        ...queried,
        query: { ...queried.query, subjects: [valid.subjectRef, valid.subjectRef] },
      },
      concretePath: { ...queried, query: { ...queried.query, endpoint: 'GET /v1/x?a=1' } },
      unknownRole: { ...queried, query: { ...queried.query, role: 'officer' } },
      negativeCount: { ...queried, query: { ...queried.query, returned: -1 } },
      filterObject: { ...queried, query: { ...queried.query, filters: { limit: 5 } } },
    };
    const codes = Object.fromEntries(
      Object.entries(cases).map(([name, value]) => [
        name,
        codeOf(() => parseAuditRecord(JSON.parse(JSON.stringify(value)))),
      ]),
    );
    expect(codes).toEqual(
      Object.fromEntries(Object.keys(cases).map((name) => [name, 'AUDIT_RECORD_INVALID'])),
    );
  });
});

describe('subjectRef', () => {
  it('is stable for one key and differs across keys and schemes', () => {
    const sut = subjectRef(key, 'cccd', '001099012345');
    expect(sut).toMatch(/^hmac-sha256:[A-Za-z0-9_-]{43}$/);
    expect(subjectRef(key, 'cccd', '001099012345')).toBe(sut);
    expect(subjectRef(Buffer.alloc(32, 8), 'cccd', '001099012345')).not.toBe(sut);
    expect(subjectRef(key, 'passport', '001099012345')).not.toBe(sut);
    expect(sut).not.toContain('001099012345');
  });

  it('refuses short keys', () => {
    expect(codeOf(() => subjectRef(Buffer.alloc(16), 'cccd', '1'))).toBe('AUDIT_RECORD_INVALID');
  });
});
