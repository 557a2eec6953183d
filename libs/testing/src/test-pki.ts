import {
  CertificateAuthority,
  Signer,
  TrustStore,
  createCsr,
  generateKeyPair,
  type Revocation,
  type SigningAlgorithm,
} from '@lienthong/pki';
import type { Party } from '@lienthong/envelope';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Options of one test member certificate. */
interface MemberOptions {
  alg?: SigningAlgorithm;
  notBefore?: Date;
  validityDays?: number;
}

/** A real bus PKI for tests: root → issuing CA → member signers, and trust stores over them. */
export interface TestPki {
  root: CertificateAuthority;
  issuing: CertificateAuthority;
  /** CIV/registry: the usual consumer. */
  civ: Signer;
  /** POP/registry: the usual provider. */
  pop: Signer;
  /** TRUST/central: signs global configurations. */
  trust: Signer;
  /** CIV/registry with a certificate that expired yesterday. */
  civExpired: Signer;
  /** POP/registry with a certificate listed in {@link TestPki.revoked}. */
  popRevoked: Signer;
  /** A member certified by another root the trust store does not know. */
  stranger: Signer;
  revoked: Revocation[];
  /** Every member certificate registered in the trust store. */
  certificates: string[];
  trustStore(): TrustStore;
}

async function issueSigner(
  ca: CertificateAuthority,
  identity: Party,
  options: MemberOptions = {},
): Promise<Signer> {
  const { privateKey, publicKey } = generateKeyPair(options.alg ?? 'ES256');
  const csr = await createCsr({
    privateKey,
    publicKey,
    identity,
    organizationName: `${identity.member} test agency`,
  });
  const certificate = await ca.issueFromCsr(csr, {
    validityDays: options.validityDays ?? 30,
    notBefore: options.notBefore,
  });
  return Signer.fromKeyObject({
    privateKey,
    certificatePem: certificate.pem,
    chainPems: [...ca.chainPems],
  });
}

/** Creates the test PKI: a few EC keys and one CA pair, about a hundred milliseconds. */
export async function createTestPki(): Promise<TestPki> {
  const root = await CertificateAuthority.createRoot({
    commonName: 'Test Root',
    validityDays: 365,
  });
  const issuing = await root.createIssuing({ commonName: 'Test Issuing', validityDays: 180 });
  const civ = await issueSigner(issuing, { member: 'CIV', subsystem: 'registry' });
  const pop = await issueSigner(
    issuing,
    { member: 'POP', subsystem: 'registry' },
    { alg: 'EdDSA' },
  );
  const trust = await issueSigner(issuing, { member: 'TRUST', subsystem: 'central' });
  const civExpired = await issueSigner(
    issuing,
    { member: 'CIV', subsystem: 'registry' },
    { notBefore: new Date(Date.now() - 3 * DAY_MS), validityDays: 2 },
  );
  const popRevoked = await issueSigner(issuing, { member: 'POP', subsystem: 'registry' });
  const otherRoot = await CertificateAuthority.createRoot({
    commonName: 'Other',
    validityDays: 30,
  });
  const stranger = await issueSigner(otherRoot, { member: 'CIV', subsystem: 'registry' });
  const revoked = [{ thumbprint: popRevoked.kid }];
  const certificates = [civ, pop, trust, civExpired, popRevoked, stranger].map(
    (signer) => signer.certificate.pem,
  );
  return {
    root,
    issuing,
    civ,
    pop,
    trust,
    civExpired,
    popRevoked,
    stranger,
    revoked,
    certificates,
    trustStore: () =>
      new TrustStore({
        anchors: [root.certificate.pem],
        intermediates: [issuing.certificate.pem],
        certificates,
        revoked,
      }),
  };
}
