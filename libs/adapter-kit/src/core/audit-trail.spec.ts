import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { AuditTrail } from './audit-trail';
import type { BusRuntime } from './bus-runtime';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('AuditTrail record ids', () => {
  // Only the two runtime facts build() reads: who records, and the subject key.
  const runtime = {
    self: { member: 'POP', subsystem: 'registry' },
    subjectKey: randomBytes(32),
  } as unknown as BusRuntime;
  const sut = new AuditTrail(runtime);
  const body = {
    id: uuidv7(),
    type: 'urn:lienthong:events:birth-registered:1',
    sender: { member: 'CIV', subsystem: 'registry' },
  };

  it('names an accepted record by recorder and message, as a valid UUIDv7', () => {
    const first = sut.build({ body, verified: true, outcome: { status: 'accepted' } });
    const again = sut.build({ body, verified: true, outcome: { status: 'accepted' } });
    expect(first.recordId).toBe(again.recordId);
    expect(first.recordId).toMatch(UUID_V7);
    expect(first.recordId.slice(0, 13)).toBe(body.id.slice(0, 13));
  });

  it('gives another recorder, another message and every refusal an id of its own', () => {
    const accepted = sut.build({ body, verified: true, outcome: { status: 'accepted' } }).recordId;
    const other = new AuditTrail({
      ...runtime,
      self: { member: 'INS', subsystem: 'registry' },
    } as unknown as BusRuntime);
    expect(
      other.build({ body, verified: true, outcome: { status: 'accepted' } }).recordId,
    ).not.toBe(accepted);
    expect(
      sut.build({
        body: { ...body, id: uuidv7() },
        verified: true,
        outcome: { status: 'accepted' },
      }).recordId,
    ).not.toBe(accepted);
    const refusals = [1, 2].map(
      () =>
        sut.build({
          body,
          verified: true,
          outcome: { status: 'refused', code: 'ENVELOPE_REPLAYED' },
        }).recordId,
    );
    expect(new Set([...refusals, accepted]).size).toBe(3);
    expect(sut.build({ body, verified: false, outcome: { status: 'accepted' } }).recordId).not.toBe(
      accepted,
    );
  });
});
