import { randomUUID } from 'node:crypto';
import { CertificateAuthority, Signer, createCsr, generateKeyPair } from '@lienthong/pki';
import {
  MemoryTree,
  buildEvidence,
  canonicalEntry,
  leafHash,
  parseCheckpointBody,
  signCheckpoint,
  signCosignature,
  verifyEvidence,
  verifyLog,
  type Cosignature,
  type EvidenceBundle,
  type SignedCheckpoint,
} from '@lienthong/audit-log';

const ORIGIN = 'lienthong.test/audit/log';
const at = new Date();

async function issue(ca: CertificateAuthority, member: string, subsystem: string) {
  const keys = generateKeyPair('ES256');
  const csr = await createCsr({
    ...keys,
    identity: { member, subsystem },
    organizationName: member,
  });
  const cert = await ca.issueFromCsr(csr, { validityDays: 10 });
  return Signer.fromKeyObject({
    privateKey: keys.privateKey,
    certificatePem: cert.pem,
    chainPems: [...ca.chainPems],
  });
}

function entryAt(seq: number): string {
  return canonicalEntry({
    v: 1,
    seq,
    loggedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    record: {
      recordId: randomUUID(),
      messageId: randomUUID(),
      type: 'urn:lienthong:population:citizen-by-id-request:1',
      sender: { member: 'BIZ', subsystem: 'registry' },
      recipient: { member: 'POP', subsystem: 'registry' },
      outcome: { status: 'accepted' },
      time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    },
  });
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('witness cosignatures', () => {
  let caPem: string;
  let certificates: string[];
  let entries: string[];
  let checkpoint: SignedCheckpoint;
  let bundle: EvidenceBundle;
  let signers: Record<'audit' | 'pop' | 'civ' | 'popOther' | 'foreign', Signer>;

  const cosign = (signer: Signer, signed = checkpoint) =>
    signCosignature(signed, parseCheckpointBody(signed.body), signer);

  beforeAll(async () => {
    const root = await CertificateAuthority.createRoot({ commonName: 'Root', validityDays: 30 });
    const issuing = await root.createIssuing({ commonName: 'Issuing', validityDays: 30 });
    const otherRoot = await CertificateAuthority.createRoot({
      commonName: 'Other',
      validityDays: 30,
    });
    signers = {
      audit: await issue(issuing, 'AUDIT', 'log'),
      pop: await issue(issuing, 'POP', 'registry'),
      civ: await issue(issuing, 'CIV', 'registry'),
      popOther: await issue(issuing, 'POP', 'archive'),
      foreign: await issue(otherRoot, 'BIZ', 'registry'),
    };
    caPem = root.certificate.pem;
    certificates = [
      ...[signers.audit, signers.pop, signers.civ, signers.popOther, signers.foreign].map(
        (s) => s.certificate.pem,
      ),
      issuing.certificate.pem,
    ];
    const tree = new MemoryTree();
    entries = [0, 1, 2, 3, 4].map(entryAt);
    entries.forEach((entry) => tree.append(leafHash(Buffer.from(entry, 'utf8'))));
    checkpoint = await signCheckpoint(
      { origin: ORIGIN, size: 5, rootHash: tree.root(5), time: new Date() },
      signers.audit,
    );
    bundle = buildEvidence({
      entry: entries[2],
      leafIndex: 2,
      inclusionProof: tree.inclusionProof(2),
      checkpoint,
      treeSize: 5,
      certificates,
    });
  });

  const verifyWith = (cosignatures: unknown[], minCosignatures: number) =>
    verifyEvidence(JSON.parse(JSON.stringify({ ...bundle, cosignatures })), {
      caPem,
      at,
      minCosignatures,
    });

  it('counts distinct witnessing members and reports them', async () => {
    const report = verifyWith(
      [await cosign(signers.civ), await cosign(signers.pop), await cosign(signers.popOther)],
      2,
    );
    expect(report.cosigners).toEqual(['CIV', 'POP']);
  });

  it('refuses fewer witnesses than required, and one member twice counts once', async () => {
    const twice = [await cosign(signers.pop), await cosign(signers.popOther)];
    expect(codeOf(() => verifyWith(twice, 2))).toBe('AUDIT_COSIGNATURES_INSUFFICIENT');
    expect(codeOf(() => verifyWith([], 1))).toBe('AUDIT_COSIGNATURES_INSUFFICIENT');
    expect(verifyWith([], 0).cosigners).toEqual([]);
  });

  it('counts nothing for a forged, foreign, self-made or misdirected cosignature', async () => {
    const good = await cosign(signers.civ);
    const other = await signCheckpoint(
      { ...parseCheckpointBody(checkpoint.body), time: new Date(Date.now() + 1000) },
      signers.audit,
    );
    const cases: Record<string, Cosignature> = {
      forged: { ...good, time: new Date(Date.now() + 5000).toISOString() },
      foreign: await cosign(signers.foreign),
      byTheLog: await cosign(signers.audit),
      otherCheckpoint: await cosign(signers.pop, other),
    };
    const reasons = Object.fromEntries(
      Object.entries(cases).map(([name, c]) => [
        name,
        (() => {
          try {
            verifyWith([c, good], 2);
            return 'accepted';
          } catch (error) {
            const details = (error as { details?: { rejected?: { code: string }[] } }).details;
            return details?.rejected?.[0]?.code;
          }
        })(),
      ]),
    );
    expect(reasons).toEqual({
      forged: 'AUDIT_COSIGNATURE_INVALID',
      foreign: 'AUDIT_CERT_UNTRUSTED',
      byTheLog: 'AUDIT_COSIGNER_INVALID',
      otherCheckpoint: 'AUDIT_COSIGNATURE_INVALID',
    });
  });

  it('verifyLog requires k witnesses on the latest checkpoint', async () => {
    const cosignatures = [await cosign(signers.pop), await cosign(signers.civ)];
    const trust = { caPem, certificates, at };
    expect(verifyLog(entries, [checkpoint], trust, { cosignatures, minCosignatures: 2 })).toEqual(
      expect.objectContaining({ records: 5, cosigners: ['CIV', 'POP'] }),
    );
    expect(
      codeOf(() =>
        verifyLog(entries, [checkpoint], trust, {
          cosignatures: cosignatures.slice(1),
          minCosignatures: 2,
        }),
      ),
    ).toBe('AUDIT_COSIGNATURES_INSUFFICIENT');
    expect(codeOf(() => verifyLog([], [], trust, { minCosignatures: 1 }))).toBe(
      'AUDIT_COSIGNATURES_INSUFFICIENT',
    );
  });
});
