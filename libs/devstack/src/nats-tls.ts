import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateAuthority } from '@lienthong/pki';

/** The TLS files of a local NATS server or cluster, all under one folder. */
export interface NatsTlsFiles {
  /** The transport CA every client verifies the servers with. */
  readonly caFile: string;
  /** The nodes' certificate (serverAuth for clients, clientAuth too for the routes). */
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  /** A client certificate of that CA for mutual TLS, per client name. */
  clientCertificate(name: string): Promise<{ certFile: string; keyFile: string }>;
}

const VALIDITY_DAYS = 825;
const CLIENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The local transport CA of NATS and its node certificate (for 127.0.0.1 and localhost), created
 * in `dir` on first use and reused after: the local stack's and the test run's TLS. The CA key
 * stays in `dir` (0600); it issues client certificates for mutual TLS on demand. A deployment
 * uses the operator's own CA instead (docs/operations.md §2.4).
 */
export async function ensureNatsTls(dir: string): Promise<NatsTlsFiles> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(dir, name);
  let ca: CertificateAuthority;
  if (existsSync(file('ca.key.pem')) && existsSync(file('ca.pem'))) {
    ca = CertificateAuthority.fromPem({
      certificatePem: readFileSync(file('ca.pem'), 'utf8'),
      privateKeyPem: readFileSync(file('ca.key.pem'), 'utf8'),
    });
  } else {
    ca = await CertificateAuthority.createRoot({
      commonName: 'Lienthong local NATS transport CA',
      validityDays: VALIDITY_DAYS,
    });
    const { certificatePem, privateKeyPem } = ca.toPem();
    writeFileSync(file('ca.key.pem'), privateKeyPem, { mode: 0o600 });
    writeFileSync(file('ca.pem'), certificatePem);
  }
  if (!existsSync(file('server.key.pem')) || !existsSync(file('server.pem'))) {
    const server = await ca.issueTls({
      commonName: 'nats',
      usages: ['server', 'client'],
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1', '::1'],
      validityDays: VALIDITY_DAYS,
    });
    writeFileSync(file('server.key.pem'), server.privateKeyPem, { mode: 0o600 });
    writeFileSync(file('server.pem'), server.certificatePem);
  }
  return {
    caFile: file('ca.pem'),
    serverCertFile: file('server.pem'),
    serverKeyFile: file('server.key.pem'),
    clientCertificate: async (name) => {
      if (!CLIENT_NAME.test(name)) {
        throw new Error(`not a client name: ${name}`);
      }
      const certFile = file(`client-${name}.pem`);
      const keyFile = file(`client-${name}.key.pem`);
      if (!existsSync(certFile) || !existsSync(keyFile)) {
        const client = await ca.issueTls({
          commonName: name,
          usages: ['client'],
          validityDays: VALIDITY_DAYS,
        });
        writeFileSync(keyFile, client.privateKeyPem, { mode: 0o600 });
        writeFileSync(certFile, client.certificatePem);
      }
      return { certFile, keyFile };
    },
  };
}
