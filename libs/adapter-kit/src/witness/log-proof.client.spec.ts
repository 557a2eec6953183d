import '@lienthong/persistence';
import '@lienthong/audit-log';
import { proofRefused } from './log-proof.client';

const asked = { origin: 'lienthong.test/audit/log', fromSize: 10, toSize: 16 };

describe('proofRefused', () => {
  it('waits through an outage of the log, alarms when the log will not prove', () => {
    const outcome = (code: string) => {
      const error = proofRefused(asked, code);
      return { code: error.code, retryable: error.retryable, reason: error.details?.['reason'] };
    };
    expect({
      databaseDown: outcome('PERSISTENCE_UNAVAILABLE'),
      beyondTheLog: outcome('AUDIT_PROOF_RANGE_INVALID'),
      unknownCode: outcome('SOMETHING_ELSE'),
    }).toEqual({
      databaseDown: {
        code: 'WITNESS_PROOF_UNAVAILABLE',
        retryable: true,
        reason: 'PERSISTENCE_UNAVAILABLE',
      },
      beyondTheLog: {
        code: 'WITNESS_CONSISTENCY_UNPROVEN',
        retryable: false,
        reason: 'AUDIT_PROOF_RANGE_INVALID',
      },
      unknownCode: {
        code: 'WITNESS_CONSISTENCY_UNPROVEN',
        retryable: false,
        reason: 'SOMETHING_ELSE',
      },
    });
  });
});
