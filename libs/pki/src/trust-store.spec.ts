import {
  CertificateAuthority,
  createCsr,
  generateKeyPair,
  TrustStore,
  type CertificateInfo,
  type MemberIdentity,
  type SigningAlgorithm,
} from '@lienthong/pki';

const DAY = 86_400_000;
const pop: MemberIdentity = { member: 'POP', subsystem: 'registry' };

async function issueMember(
  ca: CertificateAuthority,
  options: { alg?: SigningAlgorithm; validityDays?: number; notBefore?: Date } = {},
): Promise<CertificateInfo> {
  const keys = generateKeyPair(options.alg ?? 'ES256');
  const csr = await createCsr({ ...keys, identity: pop, organizationName: 'Bộ Công an' });
  return ca.issueFromCsr(csr, {
    validityDays: options.validityDays ?? 30,
    ...(options.notBefore ? { notBefore: options.notBefore } : {}),
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

describe('TrustStore', () => {
  let root: CertificateAuthority;
  let issuing: CertificateAuthority;
  let member: CertificateInfo;
  let future: CertificateInfo;
  let foreign: CertificateInfo;
  const now = new Date();

  function store(extra: Partial<ConstructorParameters<typeof TrustStore>[0]> = {}): TrustStore {
    return new TrustStore({
      anchors: [root.certificate.pem],
      intermediates: [issuing.certificate.pem],
      certificates: [member.pem, future.pem, foreign.pem, issuing.certificate.pem],
      ...extra,
    });
  }

  beforeAll(async () => {
    root = await CertificateAuthority.createRoot({ commonName: 'Root', validityDays: 3650 });
    issuing = await root.createIssuing({ commonName: 'Issuing', validityDays: 365 });
    member = await issueMember(issuing);
    future = await issueMember(issuing, { notBefore: new Date(Date.now() + 2 * DAY) });
    const otherRoot = await CertificateAuthority.createRoot({
      commonName: 'Root',
      validityDays: 10,
    });
    foreign = await issueMember(
      await otherRoot.createIssuing({ commonName: 'Issuing', validityDays: 5 }),
    );
  });

  it.each<SigningAlgorithm>(['ES256', 'EdDSA', 'RS256'])(
    'resolves a member of a %s root → issuing → member chain',
    async (alg) => {
      const algRoot = await CertificateAuthority.createRoot({
        commonName: 'R',
        validityDays: 9,
        alg,
      });
      const algIssuing = await algRoot.createIssuing({ commonName: 'I', validityDays: 8, alg });
      const leaf = await issueMember(algIssuing, { alg });
      const sut = new TrustStore({
        anchors: [algRoot.certificate.pem],
        intermediates: [algIssuing.certificate.pem],
        certificates: [leaf.pem],
      });
      expect(sut.resolve(leaf.thumbprint, now).identity).toEqual(pop);
    },
  );

  it('resolves a registered member by thumbprint', () => {
    const sut = store().resolve(member.thumbprint, now);
    expect(sut.thumbprint).toBe(member.thumbprint);
    expect(sut.identity).toEqual(pop);
  });

  it('rejects an unknown kid', () => {
    expect(codeOf(() => store().resolve('AAAA', now))).toBe('PKI_CERT_UNKNOWN');
  });

  it('re-checks validity on every call although the chain is cached', () => {
    const sut = store();
    expect(sut.resolve(member.thumbprint, now).identity).toEqual(pop);
    expect(codeOf(() => sut.resolve(member.thumbprint, new Date(Date.now() + 40 * DAY)))).toBe(
      'PKI_CERT_EXPIRED',
    );
    expect(codeOf(() => sut.resolve(member.thumbprint, new Date(Date.now() - DAY)))).toBe(
      'PKI_CERT_NOT_YET_VALID',
    );
  });

  it('rejects a certificate that is not yet valid', () => {
    expect(codeOf(() => store().resolve(future.thumbprint, now))).toBe('PKI_CERT_NOT_YET_VALID');
  });

  it('rejects revocation by thumbprint and by serial in any spelling', () => {
    const byThumbprint = store({ revoked: [{ thumbprint: member.thumbprint }] });
    expect(codeOf(() => byThumbprint.resolve(member.thumbprint, now))).toBe('PKI_CERT_REVOKED');
    const bySerial = store({
      revoked: [{ serialNumber: `00${member.serialNumber.toUpperCase()}` }],
    });
    expect(codeOf(() => bySerial.resolve(member.thumbprint, now))).toBe('PKI_CERT_REVOKED');
    expect(codeOf(() => bySerial.resolve(future.thumbprint, new Date(Date.now() + 3 * DAY)))).toBe(
      undefined,
    );
  });

  it('rejects every member below a revoked issuing CA', () => {
    const sut = store({ revoked: [{ serialNumber: issuing.certificate.serialNumber }] });
    expect(codeOf(() => sut.resolve(member.thumbprint, now))).toBe('PKI_CERT_REVOKED');
  });

  it('rejects a certificate from a foreign CA with the same names', () => {
    const sut = store();
    expect(codeOf(() => sut.resolve(foreign.thumbprint, now))).toBe('PKI_CERT_UNTRUSTED');
    expect(codeOf(() => sut.verifyCertificate(foreign.pem, now))).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects a member whose issuing CA is missing from the store', () => {
    const sut = store({ intermediates: [] });
    expect(codeOf(() => sut.resolve(member.thumbprint, now))).toBe('PKI_CERT_UNTRUSTED');
  });

  it('rejects a CA certificate used as a member key', () => {
    const sut = store();
    expect(codeOf(() => sut.resolve(issuing.certificate.thumbprint, now))).toBe(
      'PKI_CERT_NOT_MEMBER',
    );
  });

  it('verifies a certificate given in full without registration', () => {
    const sut = store({ certificates: [] });
    expect(sut.verifyCertificate(member.pem, now).thumbprint).toBe(member.thumbprint);
    expect(codeOf(() => sut.verifyCertificate(member.pem, new Date(Date.now() + 40 * DAY)))).toBe(
      'PKI_CERT_EXPIRED',
    );
  });

  it('refuses a non-CA anchor and malformed PEM', () => {
    expect(codeOf(() => store({ anchors: [member.pem] }))).toBe('PKI_CERT_INVALID');
    expect(
      codeOf(() =>
        store({ certificates: ['-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----'] }),
      ),
    ).toBe('PKI_CERT_INVALID');
  });
});
