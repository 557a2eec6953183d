import { describe, expect, it } from '@jest/globals';
import { certificateState } from './certificate-expiry';

describe('certificateState', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  const valid = (notAfter: string) => ({
    status: 'active',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter,
  });

  it('warns within 60 days, counting a part of a day as a day', () => {
    expect(certificateState(valid('2027-02-05T12:00:00Z'), now)).toEqual({
      kind: 'expiring',
      days: 60,
    });
    expect(certificateState(valid('2026-12-07T15:00:00Z'), now)).toEqual({
      kind: 'expiring',
      days: 1,
    });
  });

  it('does not warn 61 days ahead', () => {
    expect(certificateState(valid('2027-02-06T12:00:00Z'), now)).toEqual({
      kind: 'valid',
      days: 61,
    });
  });

  it('calls an ended certificate expired, and a revoked one revoked whatever its dates', () => {
    expect(certificateState(valid('2026-12-07T12:00:00Z'), now)).toEqual({ kind: 'expired' });
    expect(certificateState({ ...valid('2026-12-08T00:00:00Z'), status: 'revoked' }, now)).toEqual({
      kind: 'revoked',
    });
  });

  it('says when a certificate is not valid yet', () => {
    expect(
      certificateState(
        { status: 'active', notBefore: '2026-12-08T00:00:00Z', notAfter: '2027-12-08T00:00:00Z' },
        now,
      ),
    ).toEqual({ kind: 'notYetValid' });
  });
});
