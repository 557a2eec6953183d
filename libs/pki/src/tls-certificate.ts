import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';
import { generateKeyPair, webCryptoSigning } from './algorithms';
import { PkiError } from './pki.errors';
import { exportPrivateKeyPem } from './private-key';
import { x509 } from './x509-provider';

const DAY_MS = 86_400_000;

/** What a self-signed TLS certificate is for. */
export interface CreateTlsCertificateInput {
  /** Subject common name, e.g. `NCC adapter (X-Road edge)`. */
  readonly commonName: string;
  /** DNS names and IP addresses the certificate names (subjectAltName). */
  readonly hosts: readonly string[];
  readonly validityDays?: number;
  readonly now?: Date;
}

/**
 * A self-signed TLS certificate and its key (EC P-256), for a listener whose clients pin it
 * explicitly — as X-Road's security server generates its internal TLS certificate that information
 * systems import. It names its hosts in subjectAltName, serves both TLS server and client auth, and
 * is never a bus signing certificate (the bus CA issues those).
 */
export async function createTlsCertificate(
  input: CreateTlsCertificateInput,
): Promise<{ certificatePem: string; privateKeyPem: string }> {
  if (input.hosts.length === 0) {
    throw new PkiError('PKI_CERT_INVALID', 'a TLS certificate names at least one host');
  }
  const { privateKey, publicKey } = generateKeyPair('ES256');
  const { importParams, signingAlgorithm } = webCryptoSigning(privateKey);
  const now = input.now ?? new Date();
  const name = new x509.Name([{ CN: [input.commonName] }]);
  const subjectKey = publicKey.toCryptoKey(importParams, true, ['verify']);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomBytes(16).toString('hex'),
    subject: name,
    issuer: name,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + (input.validityDays ?? 825) * DAY_MS),
    publicKey: subjectKey,
    signingKey: privateKey.toCryptoKey(importParams, false, ['sign']),
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension(
        [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth],
        false,
      ),
      new x509.SubjectAlternativeNameExtension(
        input.hosts.map((host): x509.JsonGeneralName =>
          isIP(host) ? { type: 'ip', value: host } : { type: 'dns', value: host },
        ),
        false,
      ),
      await x509.SubjectKeyIdentifierExtension.create(subjectKey),
    ],
  });
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: exportPrivateKeyPem(privateKey),
  };
}
