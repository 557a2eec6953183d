import {
  benchXmlSignVerify,
  buildEdxml,
  buildSignedEdxml,
  buildStatus,
  signEdxml,
  verifyEdxml,
  type EdxmlStatus,
} from '@lienthong/edxml';
import {
  RECIPIENT_ORGAN_ID,
  SENDER_ORGAN_ID,
  sampleDocumentInput,
  sampleStatusInput,
  codeOf,
} from './edxml-fixtures';
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

  it.each([
    ['the sample', () => sampleDocumentInput()],
    [
      'a replacement with values to escape and an inline attachment',
      () =>
        sampleDocumentInput({
          header: {
            ...sampleDocumentInput().header,
            subject: '  V/v <thay thế> & "đính chính"\tvăn bản  ',
            content: 'Dòng 1\nDòng 2',
          },
          business: {
            docType: 'replace',
            documentId: '000.00.00.G22,2025/09/01,7000/VPCP-TTĐT',
            paper: false,
            replacements: [
              {
                documentId: '000.00.00.G22,2025/09/01,7000/VPCP-TTĐT',
                organIds: [RECIPIENT_ORGAN_ID],
              },
            ],
          },
          attachments: [
            {
              contentType: 'text/plain',
              attachmentName: 'phu-luc.txt',
              bytes: Buffer.from('phụ lục'),
              inline: true,
            },
          ],
        }),
    ],
  ])(
    'buildSignedEdxml makes the package signEdxml makes, and says what a verifier reads (%s)',
    (_name, input) => {
      const sut = buildSignedEdxml(input(), rsa.signer);
      const verified = verifyEdxml(sut.xml, { resolveCertificates: () => [rsa.certPem] });
      expect(sut.document).toEqual(verified.document);
      // RSA PKCS#1 v1.5 is deterministic: the same package gets the same signature
      const root = (xml: string) => xml.slice(xml.indexOf('<edXML:edXML'));
      expect(root(sut.xml)).toBe(root(signEdxml(buildEdxml(input()), rsa.signer)));
      const invalid = { ...input(), header: { ...input().header, priority: 8 } };
      expect(codeOf(() => buildSignedEdxml(invalid, rsa.signer))).toBe('EDXML_HEADER_INVALID');
    },
  );

  it('signs and verifies a Status packet, resolving the signer from Status/From', () => {
    const signed = signEdxml(buildStatus(sampleStatusInput()), ec.signer);
    const sut = verifyEdxml(signed, {
      resolveCertificates: (organId) => (organId === RECIPIENT_ORGAN_ID ? [ec.certPem] : []),
    });
    expect((sut.document as EdxmlStatus).statusCode).toBe('03');
    expect(codeOf(() => verifyEdxml(signed, { resolveCertificates: () => [] }))).toBe(
      'EDXML_SIGNER_UNKNOWN',
    );
  });

  it('refuses to sign a package twice or a package whose header is invalid', () => {
    const signed = signEdxml(buildEdxml(sampleDocumentInput()), rsa.signer);
    expect(codeOf(() => signEdxml(signed, rsa.signer))).toBe('EDXML_ALREADY_SIGNED');
    const invalid = buildEdxml(sampleDocumentInput()).replace(
      '<edXML:Priority>1<',
      '<edXML:Priority>8<',
    );
    expect(codeOf(() => signEdxml(invalid, rsa.signer))).toBe('EDXML_HEADER_INVALID');
  });

  it('refuses a signer whose certificate key does not fit its algorithm', () => {
    const mismatched = { ...rsa.signer, alg: 'ES256' };
    expect(codeOf(() => signEdxml(buildEdxml(sampleDocumentInput()), mismatched))).toBe(
      'EDXML_ALGORITHM_REJECTED',
    );
  });

  it('benchmarks bare xml-crypto against the library over the same sample, side by side', () => {
    const sut = benchXmlSignVerify(buildEdxml(sampleDocumentInput()), ec.signer, [ec.certPem], 400);
    expect(sut.raw.iterations).toBeGreaterThan(0);
    expect(sut.library.iterations).toBeGreaterThan(0);
    expect(sut.ratio).toBeCloseTo(sut.library.pairsPerSecond / sut.raw.pairsPerSecond);
    process.stdout.write(`edxml bench: ${JSON.stringify(sut)}\n`);
  });
});
