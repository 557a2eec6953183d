import {
  XmlDsigAlgorithm as A,
  EDXML_NS,
  buildEdxml,
  edxmlSignatureTemplate,
  signEdxml,
  verifyAttachment,
  verifyEdxml,
  type EdxmlErrorCodeName,
  type VerifyEdxmlOptions,
} from '@lienthong/edxml';
import { SENDER_ORGAN_ID, sampleDocumentInput } from './edxml-fixtures';
import { createTestPki, type TestIdentity, type TestPki } from './test-pki';
import { signWithXmlsec1 } from './xmlsec1';

// real: openssl and xmlsec1 CLIs (test CA, independent signer), xml-crypto, xmldom. mock: nothing.
// Every rule of security.md §2.2 gets a crafted package that breaks exactly that rule.

const SIG_OPEN = '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#">';

describe('verifyEdxml rules', () => {
  let pki: TestPki;
  let sender: TestIdentity;
  let attacker: TestIdentity;
  let signed: string;

  const options = (extra: Partial<VerifyEdxmlOptions> = {}): VerifyEdxmlOptions => ({
    resolveCertificates: (organId) => (organId === SENDER_ORGAN_ID ? [sender.certPem] : []),
    ...extra,
  });

  function expectCode(
    xml: string | Uint8Array,
    code: EdxmlErrorCodeName,
    extra?: Partial<VerifyEdxmlOptions>,
  ): void {
    expect(() => verifyEdxml(xml, options(extra))).toThrow(expect.objectContaining({ code }));
  }

  /** A template of the sample package, edited as text before xmlsec1 signs it. */
  function signedByXmlsec1(
    edit: (template: string) => string,
    input = sampleDocumentInput(),
    args: string[] = [],
    referenceId?: string,
  ): string {
    const template = edxmlSignatureTemplate(
      buildEdxml(input),
      { pem: sender.certPem, alg: 'RS256' },
      referenceId === undefined ? {} : { referenceId },
    );
    return signWithXmlsec1(pki.dir, edit(template), sender, args);
  }

  beforeAll(() => {
    pki = createTestPki();
    sender = pki.issue('sender', '/C=VN/O=VPCP/OU=registry/CN=VPCP', 'rsa');
    attacker = pki.issue('attacker', '/C=VN/O=Evil/OU=registry/CN=VPCP', 'rsa');
    signed = signEdxml(buildEdxml(sampleDocumentInput()), sender.signer);
  });
  afterAll(() => pki.cleanup());

  it('accepts the untouched package', () => {
    expect(verifyEdxml(signed, options()).document.kind).toBe('document');
  });

  describe('before parsing', () => {
    it('refuses a package over the byte limit', () => {
      expectCode(signed, 'EDXML_TOO_LARGE', { limits: { maxBytes: 1024 } });
    });

    it('refuses bytes that are not UTF-8 and a non-UTF-8 declaration', () => {
      const bytes = Buffer.concat([
        Buffer.from(signed.slice(0, 200)),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(signed.slice(200)),
      ]);
      expectCode(bytes, 'EDXML_ENCODING_INVALID');
      expectCode(
        signed.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
        'EDXML_ENCODING_INVALID',
      );
    });

    it.each([
      ['XXE', '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'],
      ['billion laughs', '<!DOCTYPE edXML [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'],
      ['a bare DOCTYPE', '<!DOCTYPE edXML>'],
      ['an ENTITY hidden in a comment', '<!-- <!ENTITY x "y"> -->'],
    ])('refuses %s before any parser runs', (_name, payload) => {
      expectCode(signed.replace('?>\n', `?>\n${payload}`), 'EDXML_DOCTYPE_FORBIDDEN');
    });

    it('refuses processing instructions other than the declaration', () => {
      expectCode(
        signed.replace('?>\n', '?>\n<?xml-stylesheet href="x.xsl"?>'),
        'EDXML_PROCESSING_INSTRUCTION_FORBIDDEN',
      );
    });
  });

  describe('strict parse and structure', () => {
    it.each([
      ['a second document element', (x: string) => `${x}<edXML:edXML xmlns:edXML="${EDXML_NS}"/>`],
      ['an undeclared entity', (x: string) => x.replace('Hà Nội', 'Hà &foo; Nội')],
      ['an unclosed element', (x: string) => x.replace('</edXML:Subject>', '')],
    ])('refuses %s as malformed', (_name, edit) => {
      expectCode(edit(signed), 'EDXML_MALFORMED');
    });

    it('refuses a document element outside the QCVN 102 namespace', () => {
      expectCode(signed.replaceAll(EDXML_NS, 'http://www.go.vn/eDoc'), 'EDXML_ROOT_INVALID');
    });

    it('refuses duplicate Id values across Id, ID and id', () => {
      const dup = signed
        .replace('<edXML:edXMLEnvelope>', '<edXML:edXMLEnvelope Id="x">')
        .replace('<edXML:edXMLBody>', '<edXML:edXMLBody ID="x">');
      expectCode(dup, 'EDXML_ID_DUPLICATE');
    });
  });

  describe('signature placement and shape', () => {
    const signature = (): string =>
      signed.slice(signed.indexOf(SIG_OPEN), signed.indexOf('</Signature>') + 12);

    it('refuses an unsigned package', () => {
      expectCode(buildEdxml(sampleDocumentInput()), 'EDXML_SIGNATURE_MISSING');
    });

    it('refuses a second Signature anywhere', () => {
      expectCode(
        signed.replace('<edXML:edXMLBody>', `<edXML:edXMLBody>${signature()}`),
        'EDXML_SIGNATURE_MULTIPLE',
      );
    });

    it('refuses a Signature moved out of edXMLHeader or not last in it', () => {
      const moved = signed
        .replace(signature(), '')
        .replace('</edXML:edXML>', `${signature()}</edXML:edXML>`);
      expectCode(moved, 'EDXML_SIGNATURE_MISPLACED');
      const notLast = signed.replace('</edXML:edXMLHeader>', '<edXML:Extra/></edXML:edXMLHeader>');
      expectCode(notLast, 'EDXML_SIGNATURE_MISPLACED');
    });

    it('refuses a wrapped second SignedInfo (CVE-2025-29774 class)', () => {
      const signedInfo = signature().slice(
        signature().indexOf('<SignedInfo>'),
        signature().indexOf('</SignedInfo>') + 13,
      );
      expectCode(
        signed.replace('</SignedInfo>', `</SignedInfo>${signedInfo}`),
        'EDXML_SIGNATURE_SHAPE_INVALID',
      );
    });

    it('refuses an Object carrying a copy of the original content (XSW6/XSW8)', () => {
      const copy = signed.slice(
        signed.indexOf('<edXML:MessageHeader>'),
        signed.indexOf('</edXML:MessageHeader>') + 22,
      );
      expectCode(
        signed.replace('</KeyInfo>', `</KeyInfo><Object>${copy}</Object>`),
        'EDXML_SIGNATURE_SHAPE_INVALID',
      );
    });

    it('refuses a comment inside DigestValue (CVE-2025-29775 class)', () => {
      expectCode(
        signed.replace('<DigestValue>', '<DigestValue><!-- x -->'),
        'EDXML_SIGNATURE_SHAPE_INVALID',
      );
    });

    it('refuses ds elements outside the Signature', () => {
      expectCode(
        signed.replace(
          '<edXML:edXMLBody>',
          `<edXML:edXMLBody><ds:KeyInfo xmlns:ds="${A.ENVELOPED_SIGNATURE.split('#')[0]}#"/>`,
        ),
        'EDXML_SIGNATURE_SHAPE_INVALID',
      );
    });
  });

  describe('reference', () => {
    it('refuses a second Reference', () => {
      const ref = signed.slice(
        signed.indexOf('<Reference URI=""'),
        signed.indexOf('</Reference>') + 12,
      );
      expectCode(signed.replace('</Reference>', `</Reference>${ref}`), 'EDXML_REFERENCE_INVALID');
    });

    it('refuses a Reference to an inner element instead of the whole package', () => {
      const partial = signed
        .replace('<Reference URI="">', '<Reference URI="#body">')
        .replace('<edXML:edXMLBody>', '<edXML:edXMLBody Id="body">');
      expectCode(partial, 'EDXML_REFERENCE_INVALID');
    });

    describe('wrapping attacks on an Id-referenced package (xmlsec1 --id-attr)', () => {
      let original: string;
      let sig: string;
      let unsignedOriginal: string;

      beforeAll(() => {
        original = signedByXmlsec1(
          (t) => t,
          sampleDocumentInput(),
          ['--id-attr:Id', `${EDXML_NS}:edXML`],
          'pkg',
        );
        sig = original.slice(original.indexOf(SIG_OPEN), original.indexOf('</Signature>') + 12);
        unsignedOriginal = original.replace(sig, '');
      });

      it('accepts the original', () => {
        expect(verifyEdxml(original, options()).document.kind).toBe('document');
      });

      it('refuses a forged root with the signed original hidden in its body (XSW2/XSW5)', () => {
        const hidden = unsignedOriginal.slice(unsignedOriginal.indexOf('<edXML:edXML '));
        const forged = unsignedOriginal
          .replace(' Id="pkg"', '')
          .replace('Hà Nội', 'Hà Nam')
          .replace('</edXML:edXMLHeader>', `${sig}</edXML:edXMLHeader>`)
          .replace('<edXML:edXMLBody>', `<edXML:edXMLBody>${hidden}`);
        expectCode(forged, 'EDXML_REFERENCE_INVALID');
      });

      it('refuses a forged root that copies the signed Id (duplicate Id)', () => {
        const hidden = unsignedOriginal.slice(unsignedOriginal.indexOf('<edXML:edXML '));
        const forged = original
          .replace('Hà Nội', 'Hà Nam')
          .replace('<edXML:edXMLBody>', `<edXML:edXMLBody>${hidden}`);
        expectCode(forged, 'EDXML_ID_DUPLICATE');
      });
    });
  });
});
