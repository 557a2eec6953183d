import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CertificateAuthority,
  createCsr,
  generateKeyPair,
  parseCertificate,
  type SigningAlgorithm,
} from '@lienthong/pki';

const identity = { member: 'POP', subsystem: 'registry' };

async function memberCsr(alg: SigningAlgorithm, organId?: string): Promise<string> {
  const keys = generateKeyPair(alg);
  return createCsr({ ...keys, identity, organizationName: 'Bộ Công an', organId });
}

function opensslVerify(dir: string, root: string, issuing: string, member: string): number {
  const files = { root, issuing, member };
  for (const [name, pem] of Object.entries(files)) {
    writeFileSync(join(dir, `${name}.pem`), pem);
  }
  const result = spawnSync('openssl', [
    'verify',
    '-CAfile',
    join(dir, 'root.pem'),
    '-untrusted',
    join(dir, 'issuing.pem'),
    join(dir, 'member.pem'),
  ]);
  return result.status ?? -1;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('CertificateAuthority', () => {
  let root: CertificateAuthority;
  let issuing: CertificateAuthority;
  let dir: string;

  beforeAll(async () => {
    root = await CertificateAuthority.createRoot({
      commonName: 'Lienthong Root',
      validityDays: 3650,
    });
    issuing = await root.createIssuing({ commonName: 'Lienthong Issuing', validityDays: 1825 });
    dir = mkdtempSync(join(tmpdir(), 'lt-pki-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a root and an issuing CA with the CA profile and a root-terminated chain', () => {
    expect(root.certificate.isCa).toBe(true);
    expect(root.certificate.identity).toBeNull();
    expect(root.chainPems).toEqual([root.certificate.pem]);
    expect(issuing.chainPems).toEqual([issuing.certificate.pem, root.certificate.pem]);
    expect(issuing.certificate.issuer).toBe(root.certificate.subject);
  });

  it.each<SigningAlgorithm>(['ES256', 'EdDSA', 'RS256'])(
    'issues a %s member certificate that openssl verifies against the root',
    async (alg) => {
      const sut = await issuing.issueFromCsr(await memberCsr(alg, '000.00.00.G22'), {
        validityDays: 365,
        expectedIdentity: identity,
      });
      expect(sut.identity).toEqual(identity);
      expect(sut.organizationName).toBe('Bộ Công an');
      expect(sut.organId).toBe('000.00.00.G22');
      expect(sut.isCa).toBe(false);
      // 16 random bytes, shown without leading zeros (1 in 4,096 serials has three of them)
      expect(sut.serialNumber).toMatch(/^[1-9a-f][0-9a-f]{0,31}$/);
      expect(sut.algorithms).toEqual(alg === 'RS256' ? ['RS256', 'PS256'] : [alg]);
      expect(opensslVerify(dir, root.certificate.pem, issuing.certificate.pem, sut.pem)).toBe(0);
    },
  );

  it.each<SigningAlgorithm>(['EdDSA', 'RS256'])(
    'builds a whole %s root → issuing → member chain that openssl verifies',
    async (alg) => {
      const algRoot = await CertificateAuthority.createRoot({
        commonName: 'R',
        validityDays: 9,
        alg,
      });
      const algIssuing = await algRoot.createIssuing({ commonName: 'I', validityDays: 8, alg });
      const sut = await algIssuing.issueFromCsr(await memberCsr(alg), { validityDays: 1 });
      expect(opensslVerify(dir, algRoot.certificate.pem, algIssuing.certificate.pem, sut.pem)).toBe(
        0,
      );
    },
  );

  it('writes the member profile: critical CA:false, digitalSignature + nonRepudiation, SKI/AKI', async () => {
    const member = await issuing.issueFromCsr(await memberCsr('ES256'), { validityDays: 30 });
    writeFileSync(join(dir, 'profile.pem'), member.pem);
    const text = spawnSync('openssl', [
      'x509',
      '-noout',
      '-text',
      '-in',
      join(dir, 'profile.pem'),
    ]).stdout.toString();
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(text).toContain('Subject Key Identifier');
    expect(text).toContain('Authority Key Identifier');
    expect(text).toMatch(/Subject: C ?= ?VN, O ?= ?.+, OU ?= ?registry, CN ?= ?POP/);
  });

  it('produces certificates openssl rejects under a different root', async () => {
    const otherRoot = await CertificateAuthority.createRoot({
      commonName: 'Other',
      validityDays: 10,
    });
    const otherIssuing = await otherRoot.createIssuing({ commonName: 'Other I', validityDays: 5 });
    const foreign = await otherIssuing.issueFromCsr(await memberCsr('ES256'), { validityDays: 1 });
    expect(opensslVerify(dir, root.certificate.pem, issuing.certificate.pem, foreign.pem)).not.toBe(
      0,
    );
  });

  it('rejects a tampered CSR', async () => {
    const csr = await memberCsr('ES256');
    const der = Buffer.from(csr.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('POP'));
    der.write('BIZ', at);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
    await expect(issuing.issueFromCsr(tampered, { validityDays: 1 })).rejects.toMatchObject({
      code: 'PKI_CSR_INVALID',
    });
  });

  it('rejects a CSR for another identity than expected, and garbage', async () => {
    await expect(
      issuing.issueFromCsr(await memberCsr('ES256'), {
        validityDays: 1,
        expectedIdentity: { member: 'BIZ', subsystem: 'registry' },
      }),
    ).rejects.toMatchObject({ code: 'PKI_CSR_INVALID' });
    await expect(issuing.issueFromCsr('not a csr', { validityDays: 1 })).rejects.toMatchObject({
      code: 'PKI_CSR_INVALID',
    });
  });

  it('refuses to create a CSR with invalid member codes', async () => {
    const keys = generateKeyPair('ES256');
    await expect(
      createCsr({ ...keys, identity: { member: 'pop', subsystem: 'x.y' }, organizationName: 'X' }),
    ).rejects.toMatchObject({ code: 'PKI_CSR_INVALID' });
  });

  it('refuses a second level of issuing CAs below a pathLen 0 CA', async () => {
    await expect(
      issuing.createIssuing({ commonName: 'Too deep', validityDays: 1 }),
    ).rejects.toMatchObject({
      code: 'PKI_CERT_INVALID',
    });
  });

  it('round-trips through PEM and keeps issuing', async () => {
    const sut = CertificateAuthority.fromPem(issuing.toPem());
    expect(sut.chainPems).toEqual(issuing.chainPems);
    const member = await sut.issueFromCsr(await memberCsr('EdDSA'), { validityDays: 2 });
    expect(parseCertificate(member.pem).issuer).toBe(issuing.certificate.subject);
  });

  it('refuses a persisted CA whose key is not its own', () => {
    const pem = issuing.toPem();
    expect(
      codeOf(() =>
        CertificateAuthority.fromPem({ ...pem, privateKeyPem: root.toPem().privateKeyPem }),
      ),
    ).toBe('PKI_KEY_INVALID');
  });
});
