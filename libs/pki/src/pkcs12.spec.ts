import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CertificateAuthority,
  createCsr,
  exportPrivateKeyPem,
  generateKeyPair,
  importPkcs12,
  Signer,
  TrustStore,
  verifyDetachedJws,
  type CertificateInfo,
  type SigningAlgorithm,
} from '@lienthong/pki';

const identity = { member: 'INS', subsystem: 'registry' };
const password = 'p12-Secret 1';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('importPkcs12', () => {
  let dir: string;
  let root: CertificateAuthority;
  let issuing: CertificateAuthority;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lt-p12-'));
    // an all-RSA chain takes forge's own certificate parser; the EC case takes the raw-ASN.1 path
    root = await CertificateAuthority.createRoot({
      commonName: 'Gov Root',
      validityDays: 30,
      alg: 'RS256',
    });
    issuing = await root.createIssuing({
      commonName: 'Gov Issuing',
      validityDays: 20,
      alg: 'RS256',
    });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Issues a member key + certificate and exports them with `openssl pkcs12 -export`. */
  async function exportP12(
    alg: SigningAlgorithm,
    name: string,
  ): Promise<{ p12: Buffer; certificate: CertificateInfo }> {
    const keys = generateKeyPair(alg);
    const csr = await createCsr({ ...keys, identity, organizationName: 'Bảo hiểm xã hội' });
    const certificate = await issuing.issueFromCsr(csr, { validityDays: 10 });
    const files = {
      key: exportPrivateKeyPem(keys.privateKey),
      cert: certificate.pem,
      chain: [...issuing.chainPems].reverse().join(''),
    };
    for (const [file, pem] of Object.entries(files)) {
      writeFileSync(join(dir, `${name}.${file}.pem`), pem);
    }
    const out = join(dir, `${name}.p12`);
    const result = spawnSync('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      join(dir, `${name}.key.pem`),
      '-in',
      join(dir, `${name}.cert.pem`),
      '-certfile',
      join(dir, `${name}.chain.pem`),
      '-passout',
      `pass:${password}`,
      '-out',
      out,
    ]);
    expect(result.stderr.toString()).toBe('');
    return { p12: readFileSync(out), certificate };
  }

  it.each<SigningAlgorithm>(['RS256', 'ES256'])(
    'imports a %s key with its certificate and chain, then signs verifiably',
    async (alg) => {
      const { p12, certificate } = await exportP12(alg, alg);
      const sut = importPkcs12(p12, password);
      const signer = Signer.fromPem(sut);
      expect(signer.kid).toBe(certificate.thumbprint);
      expect(sut.chainPems).toEqual([...issuing.chainPems]);
      const trustStore = new TrustStore({
        anchors: [root.certificate.pem],
        intermediates: [issuing.certificate.pem],
        certificates: [sut.certificatePem],
      });
      const payload = Buffer.from('{"a":1}');
      const verified = await verifyDetachedJws(
        signer.signDetachedJws(payload),
        payload,
        trustStore,
        {
          at: new Date(),
        },
      );
      expect(verified.certificate.identity).toEqual(identity);
    },
  );

  it('rejects a wrong password and a file that is not PKCS#12', async () => {
    const { p12 } = await exportP12('RS256', 'wrong');
    expect(codeOf(() => importPkcs12(p12, 'not the password'))).toBe('PKI_PKCS12_INVALID');
    expect(codeOf(() => importPkcs12(Buffer.from('not a p12'), password))).toBe(
      'PKI_PKCS12_INVALID',
    );
  });
});
