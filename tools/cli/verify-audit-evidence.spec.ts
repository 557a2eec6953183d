import { randomBytes, randomUUID, webcrypto } from 'node:crypto';
import {
  MemoryTree,
  buildEvidence,
  canonicalEntry,
  leafHash,
  parseAuditRecord,
  signCheckpoint,
  signCosignature,
  verifyEvidence,
  type EvidenceBundle,
  type SignedCheckpoint,
} from '@lienthong/audit-log';
import { Signer, createCsr, generateKeyPair } from '@lienthong/pki';
import { createTestPki, type TestPki } from '@lienthong/testing';
// the console's in-browser verifier, compared with `lt verify-evidence`'s on the same bundles
import { verifyAuditEvidence } from '../../apps/console/web/src/verify/audit-evidence';

const ORIGIN = 'lienthong.test/audit/log';

async function auditLogSigner(pki: TestPki): Promise<Signer> {
  const { privateKey, publicKey } = generateKeyPair('ES256');
  const identity = { member: 'AUDIT', subsystem: 'log' };
  const csr = await createCsr({ privateKey, publicKey, identity, organizationName: 'Kiểm toán' });
  const certificate = await pki.issuing.issueFromCsr(csr, { validityDays: 10 });
  return Signer.fromKeyObject({
    privateKey,
    certificatePem: certificate.pem,
    chainPems: [...pki.issuing.chainPems],
  });
}

function entryAt(seq: number): string {
  const record = parseAuditRecord({
    recordId: randomUUID(),
    messageId: randomUUID(),
    type: 'urn:lienthong:population:citizen-by-id-request:1',
    sender: { member: 'CIV', subsystem: 'registry' },
    recipient: { member: 'POP', subsystem: 'registry' },
    purpose: { procedure: '1.001193', legalBasis: 'Nghị định 63/2024/NĐ-CP', caseId: `HS-${seq}` },
    officer: 'officer-7',
    outcome: { status: 'accepted' },
    payloadDigest: `sha-256:${randomBytes(32).toString('base64url')}`,
    signatureDigest: `sha-256:${randomBytes(32).toString('base64url')}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
  });
  const loggedAt = new Date(Date.UTC(2026, 0, 1, 0, 1, seq)).toISOString();
  return canonicalEntry({ v: 1, seq, loggedAt, record });
}

/** The verdict of `lt verify-evidence` (libs/audit-log): VERIFIED or the code it fails with. */
function cliVerdict(bundle: unknown, caPem: string, minCosignatures = 0): string {
  try {
    verifyEvidence(bundle, { caPem, minCosignatures });
    return 'VERIFIED';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

async function browserVerdict(bundle: unknown, caPem: string, minCosignatures = 0) {
  const verdict = await verifyAuditEvidence(bundle, caPem, { minCosignatures, crypto: webcrypto });
  return verdict.verified ? 'VERIFIED' : (verdict.code ?? '?');
}

describe('lt verify-evidence and the console verify audit evidence alike', () => {
  let pki: TestPki;
  let caPem: string;
  let bundle: EvidenceBundle;
  let checkpoint: SignedCheckpoint;
  let stranger: Signer;

  beforeAll(async () => {
    pki = await createTestPki();
    caPem = pki.root.certificate.pem;
    const log = await auditLogSigner(pki);
    const tree = new MemoryTree();
    const entries: string[] = [];
    for (let seq = 0; seq < 11; seq += 1) {
      entries.push(entryAt(seq));
      tree.append(leafHash(Buffer.from(entries[seq] ?? '', 'utf8')));
    }
    const time = new Date(Date.UTC(2026, 0, 1, 1, 0));
    checkpoint = await signCheckpoint(
      { origin: ORIGIN, size: 11, rootHash: tree.root(11), time },
      log,
    );
    const parsed = { origin: ORIGIN, size: 11, rootHash: tree.root(11), time };
    const witnessed = [
      await signCosignature(checkpoint, parsed, pki.pop),
      await signCosignature(checkpoint, parsed, pki.civ),
    ];
    stranger = pki.stranger;
    bundle = buildEvidence({
      entry: entries[6] ?? '',
      leafIndex: 6,
      inclusionProof: tree.inclusionProof(6),
      checkpoint,
      treeSize: 11,
      certificates: [
        log.certificate.pem,
        ...log.chainPems,
        pki.pop.certificate.pem,
        pki.civ.certificate.pem,
      ],
      cosignatures: witnessed,
    });
  });

  const copy = (): EvidenceBundle => JSON.parse(JSON.stringify(bundle)) as EvidenceBundle;
  const edit = (patch: Partial<Record<keyof EvidenceBundle, unknown>>): unknown => ({
    ...copy(),
    ...patch,
  });

  it('verifies a genuine bundle with its two witnesses, as the command line does', async () => {
    const verdict = await verifyAuditEvidence(copy(), caPem, {
      minCosignatures: 2,
      crypto: webcrypto,
    });
    expect(verdict).toMatchObject({
      verified: true,
      seq: 6,
      treeSize: 11,
      cosigners: ['CIV', 'POP'],
      rejected: [],
    });
    expect(verdict.checks.map((c) => c.state)).toEqual([
      'passed',
      'passed',
      'passed',
      'passed',
      'passed',
    ]);
    expect(cliVerdict(copy(), caPem, 2)).toBe('VERIFIED');
  });

  it('names the same failed check for every kind of forgery', async () => {
    const forgedEntry = bundle.entry.replace('"officer-7"', '"officer-8"');
    const proof = [...bundle.inclusionProof];
    proof[1] = Buffer.alloc(32, 1).toString('base64');
    const cosignatures = [...(bundle.cosignatures ?? [])];
    const [first] = cosignatures;
    const forgedCosignature = first ? { ...first, time: '2026-01-01T02:00:00.000Z' } : first;
    const cases: Record<string, [unknown, string?, number?]> = {
      entry: [edit({ entry: forgedEntry })],
      entryAndLeaf: [
        edit({
          entry: forgedEntry,
          leafHash: leafHash(Buffer.from(forgedEntry)).toString('base64'),
        }),
      ],
      proof: [edit({ inclusionProof: proof })],
      index: [edit({ leafIndex: 7 })],
      envelope: [edit({ envelope: { payloadDigest: 'sha-256:x' } })],
      body: [
        edit({
          checkpoint: { ...checkpoint, body: checkpoint.body.replace('\n11\n', '\n12\n') },
        }),
      ],
      signature: [
        edit({ checkpoint: { ...checkpoint, signature: Buffer.alloc(64, 3).toString('base64') } }),
      ],
      otherCa: [copy(), stranger.chainPems.at(-1) ?? ''],
      shape: [edit({ version: 2 })],
      witnessForged: [edit({ cosignatures: [forgedCosignature, cosignatures[1]] }), caPem, 2],
      witnessMissing: [edit({ cosignatures: [] }), caPem, 1],
    };
    const cli: Record<string, string> = {};
    const browser: Record<string, string> = {};
    for (const [name, [input, ca, min]] of Object.entries(cases)) {
      cli[name] = cliVerdict(input, ca ?? caPem, min);
      browser[name] = await browserVerdict(input, ca ?? caPem, min);
    }
    expect(browser).toEqual(cli);
    expect(cli).toEqual({
      entry: 'AUDIT_RECORD_TAMPERED',
      entryAndLeaf: 'AUDIT_INCLUSION_INVALID',
      proof: 'AUDIT_INCLUSION_INVALID',
      index: 'AUDIT_INCLUSION_INVALID',
      envelope: 'AUDIT_RECORD_TAMPERED',
      body: 'AUDIT_CHECKPOINT_SIGNATURE_INVALID',
      signature: 'AUDIT_CHECKPOINT_SIGNATURE_INVALID',
      otherCa: 'AUDIT_CERT_UNTRUSTED',
      shape: 'AUDIT_BUNDLE_MALFORMED',
      witnessForged: 'AUDIT_COSIGNATURES_INSUFFICIENT',
      witnessMissing: 'AUDIT_COSIGNATURES_INSUFFICIENT',
    });
  });

  it('shows which check failed and that the later ones were not reached', async () => {
    const verdict = await verifyAuditEvidence(
      edit({ entry: bundle.entry.replace('"officer-7"', '"officer-8"') }),
      caPem,
      { crypto: webcrypto },
    );
    expect(verdict.checks.map((c) => [c.check, c.state, c.code])).toEqual([
      ['shape', 'passed', undefined],
      ['checkpoint', 'passed', undefined],
      ['record', 'failed', 'AUDIT_RECORD_TAMPERED'],
      ['inclusion', 'skipped', undefined],
      ['witnesses', 'skipped', undefined],
    ]);
  });
});
