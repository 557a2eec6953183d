import { buildEdxml, signEdxml, verifyEdxml } from '@lienthong/edxml';
import { SENDER_ORGAN_ID, sampleDocumentInput } from './edxml-fixtures';
import { createTestPki, type TestIdentity, type TestPki } from './test-pki';

// real: openssl CLI (test CA), node:crypto keys, xml-crypto, xmldom. mock: nothing.
describe('signEdxml / verifyEdxml', () => {
  let pki: TestPki;
  let rsa: TestIdentity;
  let ec: TestIdentity;

  beforeAll(() => {
    pki = createTestPki();
    rsa = pki.issue(
      'vpcp-rsa',
      '/C=VN/O=VPCP/OU=registry/CN=VPCP/serialNumber=000.00.00.G22',
      'rsa',
    );
    ec = pki.issue('vpcp-ec', '/C=VN/O=VPCP/OU=registry/CN=VPCP/serialNumber=000.00.00.G22', 'ec');
  });
  afterAll(() => pki.cleanup());

  it.each([
    ['RSA-SHA256', () => rsa, 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'],
    ['ECDSA-SHA256', () => ec, 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256'],
  ])(
    'verifies a package signed with %s and reads it from the signed content',
    (_name, id, algorithm) => {
      const signed = signEdxml(buildEdxml(sampleDocumentInput()), id().signer);
      const sut = verifyEdxml(Buffer.from(signed), {
        resolveCertificates: (organId) =>
          organId === SENDER_ORGAN_ID ? [rsa.certPem, ec.certPem] : [],
      });
      expect(sut.algorithm).toBe(algorithm);
      expect(sut.signerCertificatePem).toBe(id().certPem);
      expect(sut.legacy).toBe(false);
      expect(sut.document.kind).toBe('document');
    },
  );
});
