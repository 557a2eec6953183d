import { randomBytes, randomUUID } from 'node:crypto';
import { CertificateAuthority, Signer, createCsr, generateKeyPair } from '@lienthong/pki';
import { type AuditRecord, type CheckpointSigner, canonicalEntry } from '@lienthong/audit-log';

/** An AUDIT/log signer under a fresh bus CA, as the audit service holds one. */
export interface BenchPki {
  readonly caPem: string;
  readonly chain: string[];
  readonly signer: CheckpointSigner;
}

/** Creates a root CA, an issuing CA and an ES256 AUDIT/log certificate, in memory. */
export async function benchPki(): Promise<BenchPki> {
  const root = await CertificateAuthority.createRoot({ commonName: 'Bench Root', validityDays: 2 });
  const issuing = await root.createIssuing({ commonName: 'Bench Issuing', validityDays: 2 });
  const keys = generateKeyPair('ES256');
  const csr = await createCsr({
    ...keys,
    identity: { member: 'AUDIT', subsystem: 'log' },
    organizationName: 'Bench',
  });
  const cert = await issuing.issueFromCsr(csr, { validityDays: 1 });
  return {
    caPem: root.toPem().certificatePem,
    chain: [cert.pem, issuing.toPem().certificatePem],
    signer: Signer.fromKeyObject({
      privateKey: keys.privateKey,
      certificatePem: cert.pem,
      chainPems: [issuing.toPem().certificatePem],
    }),
  };
}

const digest = (): string => `sha-256:${randomBytes(32).toString('base64url')}`;

/** A realistic record: every field the bus fills for a look-up (about 700 bytes canonical). */
export function benchRecord(i: number): AuditRecord {
  return {
    recordId: randomUUID(),
    messageId: randomUUID(),
    type: 'urn:lienthong:population:citizen-by-id-request:1',
    sender: { member: 'BIZ', subsystem: 'registry' },
    recipient: { member: 'POP', subsystem: 'registry' },
    purpose: { procedure: '1.001234', legalBasis: 'Nghị định 59/2022/NĐ-CP', caseId: `HS-${i}` },
    officer: `officer-${i % 97}`,
    subjectRef: `hmac-sha256:${randomBytes(32).toString('base64url')}`,
    outcome: i % 50 === 0 ? { status: 'refused', code: 'ACCESS_DENIED' } : { status: 'accepted' },
    payloadDigest: digest(),
    signatureDigest: digest(),
    traceId: randomBytes(16).toString('hex'),
    correlationId: randomUUID(),
    time: new Date(1_767_225_600_000 + i).toISOString(),
  };
}

/**
 * Canonical entries of a generated log. One record is canonicalised and then varied by position,
 * which keeps generation of a million leaves cheap; every leaf still differs and parses.
 */
export function generateEntries(count: number): string[] {
  const template = canonicalEntry({
    v: 1,
    seq: 0,
    loggedAt: '2026-01-01T00:00:00.000Z',
    record: { ...benchRecord(0), recordId: '00000000-0000-4000-8000-000000000000' },
  });
  const [head, tail] = template.split('00000000-0000-4000-8000-000000000000');
  const seqTail = tail.replace(/"seq":0,/, '"seq":SEQ,');
  const entries: string[] = new Array<string>(count);
  for (let seq = 0; seq < count; seq += 1) {
    const id = `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
    entries[seq] = head + id + seqTail.replace('SEQ', String(seq));
  }
  return entries;
}
