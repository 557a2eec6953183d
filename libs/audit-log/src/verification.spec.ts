import { randomBytes, randomUUID } from 'node:crypto';
import {
  CertificateAuthority,
  Signer,
  createCsr,
  generateKeyPair,
  parseCertificate,
} from '@lienthong/pki';
import {
  MemoryTree,
  buildEvidence,
  canonicalEntry,
  leafHash,
  parseAuditRecord,
  signCheckpoint,
  subjectRef,
  verifyEvidence,
  verifyLog,
  type AuditRecord,
  type CheckpointSigner,
  type EvidenceBundle,
  type SignedCheckpoint,
} from '@lienthong/audit-log';

const ORIGIN = 'lienthong.test/audit/log';

interface Pki {
  caPem: string;
  chain: string[];
  signer: CheckpointSigner;
}

/** A bus CA with an issuing CA and an Ed25519 signer for `identity` (AUDIT/log by default). */
async function auditPki(identity = { member: 'AUDIT', subsystem: 'log' }): Promise<Pki> {
  const root = await CertificateAuthority.createRoot({ commonName: 'Test Root', validityDays: 30 });
  const issuing = await root.createIssuing({ commonName: 'Test Issuing', validityDays: 30 });
  const keys = generateKeyPair('EdDSA');
  const csr = await createCsr({ ...keys, identity, organizationName: 'Kiểm toán' });
  const cert = await issuing.issueFromCsr(csr, { validityDays: 10 });
  const chainPems = [issuing.toPem().certificatePem];
  return {
    caPem: parseCertificate(root.toPem().certificatePem).pem,
    chain: [cert.pem, ...chainPems],
    signer: Signer.fromKeyObject({
      privateKey: keys.privateKey,
      certificatePem: cert.pem,
      chainPems,
    }),
  };
}

function record(i: number): AuditRecord {
  return parseAuditRecord({
    recordId: randomUUID(),
    messageId: randomUUID(),
    type: 'urn:lienthong:population:citizen-by-id-request:1',
    sender: { member: 'BIZ', subsystem: 'registry' },
    recipient: { member: 'POP', subsystem: 'registry' },
    purpose: { procedure: '1.001234', legalBasis: 'Nghị định 59/2022/NĐ-CP', caseId: `HS-${i}` },
    officer: 'officer-7',
    subjectRef: subjectRef(Buffer.alloc(32, 7), 'cccd', `0010990${i}`),
    outcome: i % 5 === 0 ? { status: 'refused', code: 'ACCESS_DENIED' } : { status: 'accepted' },
    payloadDigest: `sha-256:${randomBytes(32).toString('base64url')}`,
    signatureDigest: `sha-256:${randomBytes(32).toString('base64url')}`,
    traceId: randomBytes(16).toString('hex'),
    correlationId: randomUUID(),
    fields: ['fullName', 'dateOfBirth'],
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  });
}

function buildLog(size: number): { entries: string[]; tree: MemoryTree } {
  const tree = new MemoryTree();
  const entries: string[] = [];
  for (let seq = 0; seq < size; seq += 1) {
    const loggedAt = new Date(Date.UTC(2026, 0, 1, 0, 1, seq)).toISOString();
    const entry = canonicalEntry({ v: 1, seq, loggedAt, record: record(seq) });
    entries.push(entry);
    tree.append(leafHash(Buffer.from(entry, 'utf8')));
  }
  return { entries, tree };
}

function checkpointAt(pki: Pki, tree: MemoryTree, size: number, minute: number) {
  const time = new Date(Date.UTC(2026, 0, 1, 1, minute));
  return signCheckpoint({ origin: ORIGIN, size, rootHash: tree.root(size), time }, pki.signer);
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

const at = new Date();

describe('verifyEvidence', () => {
  let pki: Pki;
  let bundle: EvidenceBundle;

  beforeAll(async () => {
    pki = await auditPki();
    const { entries, tree } = buildLog(13);
    bundle = buildEvidence({
      entry: entries[6],
      leafIndex: 6,
      inclusionProof: tree.inclusionProof(6),
      checkpoint: await checkpointAt(pki, tree, 13, 0),
      treeSize: 13,
      certificates: pki.chain,
    });
  });

  const check = (b: unknown, caPem = pki.caPem) => codeOf(() => verifyEvidence(b, { caPem, at }));
  const edit = (patch: Partial<Record<keyof EvidenceBundle, unknown>>): unknown => ({
    ...(JSON.parse(JSON.stringify(bundle)) as EvidenceBundle),
    ...patch,
  });

  it('verifies a bundle that went through JSON with only the CA certificate', () => {
    const sut = verifyEvidence(JSON.parse(JSON.stringify(bundle)), { caPem: pki.caPem, at });
    expect(sut.entry.seq).toBe(6);
    expect(sut.entry.record.purpose?.caseId).toBe('HS-6');
    expect(sut.checkpoint.size).toBe(13);
  });

  it('names every kind of forgery', async () => {
    const forgedEntry = bundle.entry.replace('"officer-7"', '"officer-8"');
    const otherPki = await auditPki();
    const popPki = await auditPki({ member: 'POP', subsystem: 'registry' });
    const popCheckpoint = await signCheckpoint(
      { origin: ORIGIN, size: 13, rootHash: Buffer.alloc(32), time: new Date() },
      popPki.signer,
    );
    const proof = [...bundle.inclusionProof];
    proof[1] = Buffer.alloc(32, 1).toString('base64');
    const body = bundle.checkpoint.body.replace('\n13\n', '\n14\n');
    expect({
      entry: check(edit({ entry: forgedEntry })),
      entryAndLeaf: check(
        edit({
          entry: forgedEntry,
          leafHash: leafHash(Buffer.from(forgedEntry)).toString('base64'),
        }),
      ),
      proof: check(edit({ inclusionProof: proof })),
      index: check(edit({ leafIndex: 7 })),
      envelope: check(edit({ envelope: { payloadDigest: 'sha-256:x' } })),
      body: check(edit({ checkpoint: { ...bundle.checkpoint, body } })),
      otherCa: check(bundle, otherPki.caPem),
      wrongSigner: check(
        edit({ checkpoint: popCheckpoint, certificates: popPki.chain }),
        popPki.caPem,
      ),
      selfSigned: check(edit({ certificates: otherPki.chain })),
      shape: check({ ...bundle, version: 2 }),
    }).toEqual({
      entry: 'AUDIT_RECORD_TAMPERED',
      entryAndLeaf: 'AUDIT_INCLUSION_INVALID',
      proof: 'AUDIT_INCLUSION_INVALID',
      index: 'AUDIT_INCLUSION_INVALID',
      envelope: 'AUDIT_RECORD_TAMPERED',
      body: 'AUDIT_CHECKPOINT_SIGNATURE_INVALID',
      otherCa: 'AUDIT_CERT_UNTRUSTED',
      wrongSigner: 'AUDIT_CHECKPOINT_SIGNER_INVALID',
      selfSigned: 'AUDIT_CERT_UNTRUSTED',
      shape: 'AUDIT_BUNDLE_MALFORMED',
    });
  });

  it('refuses a certificate outside its validity at the verification time', () => {
    const later = new Date(Date.now() + 40 * 86_400_000);
    expect(codeOf(() => verifyEvidence(bundle, { caPem: pki.caPem, at: later }))).toBe(
      'AUDIT_CERT_UNTRUSTED',
    );
  });
});

describe('verifyLog', () => {
  let pki: Pki;
  let entries: string[];
  let checkpoints: SignedCheckpoint[];

  beforeAll(async () => {
    pki = await auditPki();
    const log = buildLog(20);
    entries = log.entries;
    checkpoints = [
      await checkpointAt(pki, log.tree, 8, 1),
      await checkpointAt(pki, log.tree, 20, 2),
    ];
  });

  const verify = (records: string[], cps: SignedCheckpoint[] = checkpoints) =>
    codeOf(() => verifyLog(records, cps, { caPem: pki.caPem, certificates: pki.chain, at }));

  it('accepts the intact log and reports its latest checkpoint', () => {
    const sut = verifyLog(entries, checkpoints, {
      caPem: pki.caPem,
      certificates: pki.chain,
      at,
    });
    expect(sut.records).toBe(20);
    expect(sut.latest?.size).toBe(20);
  });

  it('names tampering, dropping, reordering and truncation', () => {
    const tampered = [...entries];
    tampered[11] = tampered[11].replace('"HS-11"', '"HS-99"');
    const swapped = [...entries];
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    expect({
      tampered: verify(tampered),
      dropped: verify(entries.filter((_, i) => i !== 5)),
      reordered: verify(swapped),
      truncated: verify(entries.slice(0, 17)),
      notJson: verify([...entries.slice(0, 19), '{"seq":']),
    }).toEqual({
      tampered: 'AUDIT_RECORD_TAMPERED',
      dropped: 'AUDIT_RECORD_MISSING',
      reordered: 'AUDIT_LOG_REORDERED',
      truncated: 'AUDIT_LOG_TRUNCATED',
      notJson: 'AUDIT_RECORD_TAMPERED',
    });
  });

  it('names a rollback and a forked history', async () => {
    const rewritten = buildLog(24);
    const afterRollback = await checkpointAt(pki, rewritten.tree, 15, 3);
    const forkedLatest = await checkpointAt(pki, rewritten.tree, 24, 4);
    expect(verify(rewritten.entries.slice(0, 15), [...checkpoints, afterRollback])).toBe(
      'AUDIT_LOG_ROLLED_BACK',
    );
    expect(verify(rewritten.entries, [checkpoints[1], forkedLatest])).toBe(
      'AUDIT_LOG_INCONSISTENT',
    );
  });
});
