import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createTlsCertificate } from './tls-certificate';

describe('createTlsCertificate', () => {
  it('names its hosts (DNS and IP) and matches its key', async () => {
    const { certificatePem, privateKeyPem } = await createTlsCertificate({
      commonName: 'NCC adapter',
      hosts: ['localhost', '127.0.0.1'],
    });
    const certificate = new X509Certificate(certificatePem);

    expect(certificate.subject).toBe('CN=NCC adapter');
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkHost('evil.example')).toBeUndefined();
    expect(certificate.checkPrivateKey(createPrivateKey(privateKeyPem))).toBe(true);
    expect(certificate.ca).toBe(false);
  });

  it('refuses a certificate without hosts', async () => {
    await expect(createTlsCertificate({ commonName: 'x', hosts: [] })).rejects.toMatchObject({
      code: 'PKI_CERT_INVALID',
    });
  });
});
