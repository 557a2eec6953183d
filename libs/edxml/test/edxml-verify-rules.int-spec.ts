import {
  XmlDsigAlgorithm as A,
  EDXML_NS,
  buildEdxml,
  edxmlSignatureTemplate,
  signEdxml,
  verifyAttachment,
  verifyEdxml,
  type VerifyEdxmlOptions,
} from '@lienthong/edxml';
import { SENDER_ORGAN_ID, codeOf, sampleDocumentInput } from './edxml-fixtures';
import { createTestPki, type TestIdentity, type TestPki } from './test-pki';
import { signWithXmlsec1 } from './xmlsec1';

// real: openssl and xmlsec1 CLIs (test CA, independent signer), xml-crypto, xmldom. mock: nothing.
// Every rule of docs/security.md §2.2 gets a crafted package that breaks exactly that rule.

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

  /** The code verifyEdxml refuses with, or 'ACCEPTED'. */
  function rejection(xml: string | Uint8Array, extra?: Partial<VerifyEdxmlOptions>): string {
    return codeOf(() => verifyEdxml(xml, options(extra)));
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
      expect(rejection(signed, { limits: { maxBytes: 1024 } })).toBe('EDXML_TOO_LARGE');
    });

    it('refuses bytes that are not UTF-8 and a non-UTF-8 declaration', () => {
      const bytes = Buffer.concat([
        Buffer.from(signed.slice(0, 200)),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(signed.slice(200)),
      ]);
      expect(rejection(bytes)).toBe('EDXML_ENCODING_INVALID');
      expect(rejection(signed.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'))).toBe(
        'EDXML_ENCODING_INVALID',
      );
    });

    it.each([
      ['XXE', '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'],
      ['billion laughs', '<!DOCTYPE edXML [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'],
      ['a bare DOCTYPE', '<!DOCTYPE edXML>'],
      ['an ENTITY hidden in a comment', '<!-- <!ENTITY x "y"> -->'],
    ])('refuses %s before any parser runs', (_name, payload) => {
      expect(rejection(signed.replace('?>\n', `?>\n${payload}`))).toBe('EDXML_DOCTYPE_FORBIDDEN');
    });

    it('refuses processing instructions other than the declaration', () => {
      expect(rejection(signed.replace('?>\n', '?>\n<?xml-stylesheet href="x.xsl"?>'))).toBe(
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
      expect(rejection(edit(signed))).toBe('EDXML_MALFORMED');
    });

    it('refuses a document element outside the QCVN 102 namespace', () => {
      expect(rejection(signed.replaceAll(EDXML_NS, 'http://www.go.vn/eDoc'))).toBe(
        'EDXML_ROOT_INVALID',
      );
    });

    it('refuses duplicate Id values across Id, ID and id', () => {
      const dup = signed
        .replace('<edXML:edXMLEnvelope>', '<edXML:edXMLEnvelope Id="x">')
        .replace('<edXML:edXMLBody>', '<edXML:edXMLBody ID="x">');
      expect(rejection(dup)).toBe('EDXML_ID_DUPLICATE');
    });
  });

  describe('signature placement and shape', () => {
    const signature = (): string =>
      signed.slice(signed.indexOf(SIG_OPEN), signed.indexOf('</Signature>') + 12);

    it('refuses an unsigned package', () => {
      expect(rejection(buildEdxml(sampleDocumentInput()))).toBe('EDXML_SIGNATURE_MISSING');
    });

    it('refuses a second Signature anywhere', () => {
      expect(
        rejection(signed.replace('<edXML:edXMLBody>', `<edXML:edXMLBody>${signature()}`)),
      ).toBe('EDXML_SIGNATURE_MULTIPLE');
    });

    it('refuses a Signature moved out of edXMLHeader or not last in it', () => {
      const moved = signed
        .replace(signature(), '')
        .replace('</edXML:edXML>', `${signature()}</edXML:edXML>`);
      expect(rejection(moved)).toBe('EDXML_SIGNATURE_MISPLACED');
      const notLast = signed.replace('</edXML:edXMLHeader>', '<edXML:Extra/></edXML:edXMLHeader>');
      expect(rejection(notLast)).toBe('EDXML_SIGNATURE_MISPLACED');
    });

    it('refuses a wrapped second SignedInfo (CVE-2025-29774 class)', () => {
      const signedInfo = signature().slice(
        signature().indexOf('<SignedInfo>'),
        signature().indexOf('</SignedInfo>') + 13,
      );
      expect(rejection(signed.replace('</SignedInfo>', `</SignedInfo>${signedInfo}`))).toBe(
        'EDXML_SIGNATURE_SHAPE_INVALID',
      );
    });

    it('refuses an Object carrying a copy of the original content (XSW6/XSW8)', () => {
      const copy = signed.slice(
        signed.indexOf('<edXML:MessageHeader>'),
        signed.indexOf('</edXML:MessageHeader>') + 22,
      );
      expect(rejection(signed.replace('</KeyInfo>', `</KeyInfo><Object>${copy}</Object>`))).toBe(
        'EDXML_SIGNATURE_SHAPE_INVALID',
      );
    });

    it('refuses a comment inside DigestValue (CVE-2025-29775 class)', () => {
      expect(rejection(signed.replace('<DigestValue>', '<DigestValue><!-- x -->'))).toBe(
        'EDXML_COMMENT_FORBIDDEN',
      );
    });

    it('refuses ds elements outside the Signature', () => {
      expect(
        rejection(
          signed.replace(
            '<edXML:edXMLBody>',
            `<edXML:edXMLBody><ds:KeyInfo xmlns:ds="${A.ENVELOPED_SIGNATURE.split('#')[0]}#"/>`,
          ),
        ),
      ).toBe('EDXML_SIGNATURE_SHAPE_INVALID');
    });
  });

  describe('reference', () => {
    it('refuses a second Reference', () => {
      const ref = signed.slice(
        signed.indexOf('<Reference URI=""'),
        signed.indexOf('</Reference>') + 12,
      );
      expect(rejection(signed.replace('</Reference>', `</Reference>${ref}`))).toBe(
        'EDXML_REFERENCE_INVALID',
      );
    });

    it('refuses a Reference to an inner element instead of the whole package', () => {
      const partial = signed
        .replace('<Reference URI="">', '<Reference URI="#body">')
        .replace('<edXML:edXMLBody>', '<edXML:edXMLBody Id="body">');
      expect(rejection(partial)).toBe('EDXML_REFERENCE_INVALID');
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
        expect(rejection(forged)).toBe('EDXML_REFERENCE_INVALID');
      });

      it('refuses a forged root that copies the signed Id (duplicate Id)', () => {
        const hidden = unsignedOriginal.slice(unsignedOriginal.indexOf('<edXML:edXML '));
        const forged = original
          .replace('Hà Nội', 'Hà Nam')
          .replace('<edXML:edXMLBody>', `<edXML:edXMLBody>${hidden}`);
        expect(rejection(forged)).toBe('EDXML_ID_DUPLICATE');
      });
    });
  });

  describe('algorithm allow-list', () => {
    it.each([
      ['RSA-SHA1', (x: string) => x.replace(A.RSA_SHA256, A.RSA_SHA1)],
      ['HMAC-SHA1', (x: string) => x.replace(A.RSA_SHA256, A.HMAC_SHA1)],
      ['a SHA-1 digest', (x: string) => x.replace(A.SHA256, A.SHA1)],
      [
        'exclusive C14N with comments',
        (x: string) => x.replace(`"${A.EXC_C14N}"`, `"${A.EXC_C14N_WITH_COMMENTS}"`),
      ],
      [
        'inclusive C14N',
        (x: string) =>
          x.replace(
            `<CanonicalizationMethod Algorithm="${A.EXC_C14N}"`,
            `<CanonicalizationMethod Algorithm="${A.C14N}"`,
          ),
      ],
      [
        'a missing exclusive C14N transform',
        (x: string) => x.replace(`<Transform Algorithm="${A.EXC_C14N}"/>`, ''),
      ],
      [
        'an HMACOutputLength parameter',
        (x: string) =>
          x.replace(
            `${A.RSA_SHA256}"/>`,
            `${A.RSA_SHA256}"><HMACOutputLength>0</HMACOutputLength></SignatureMethod>`,
          ),
      ],
    ])('refuses %s', (_name, edit) => {
      expect(rejection(edit(signed))).toMatch(
        /^EDXML_(ALGORITHM_REJECTED|SIGNATURE_SHAPE_INVALID)$/,
      );
    });

    it('accepts an RSA-SHA1 package signed by xmlsec1 only as a flagged legacy ingest', () => {
      const legacy = signedByXmlsec1((t) =>
        t.replace(A.RSA_SHA256, A.RSA_SHA1).replace(A.SHA256, A.SHA1),
      );
      expect(rejection(legacy)).toBe('EDXML_ALGORITHM_REJECTED');
      const sut = verifyEdxml(legacy, options({ allowLegacySha1: true }));
      expect(sut.legacy).toBe(true);
      expect(sut.algorithm).toBe(A.RSA_SHA1);
      expect(sut.digest.algorithm).toBe(A.SHA1);
    });
  });

  describe('signer and certificate', () => {
    it('refuses a sender without registered certificates', () => {
      expect(rejection(signed, { resolveCertificates: () => [] })).toBe('EDXML_SIGNER_UNKNOWN');
    });

    it('refuses a package without the signed certificate digest', () => {
      expect(
        rejection(
          signed.replace(/<lt:SigningCertificate[^>]*>[0-9a-f]+<\/lt:SigningCertificate>/, ''),
        ),
      ).toBe('EDXML_SIGNING_CERT_MISSING');
    });

    it('refuses a package re-signed by a foreign key with its own certificate in KeyInfo', () => {
      expect(rejection(signEdxml(buildEdxml(sampleDocumentInput()), attacker.signer))).toBe(
        'EDXML_CERT_MISMATCH',
      );
    });

    it('refuses a foreign certificate in KeyInfo even when the pinned digest names the registered one', () => {
      const template = edxmlSignatureTemplate(buildEdxml(sampleDocumentInput()), {
        pem: sender.certPem,
        alg: 'RS256',
      });
      expect(rejection(signWithXmlsec1(pki.dir, template, attacker))).toBe('EDXML_CERT_MISMATCH');
    });

    it('refuses a foreign signature that claims the registered certificate everywhere', () => {
      const impostor = { ...attacker.signer, certificate: { pem: sender.certPem } };
      expect(rejection(signEdxml(buildEdxml(sampleDocumentInput()), impostor))).toBe(
        'EDXML_SIGNATURE_INVALID',
      );
    });

    it('refuses a certificate outside its validity period', () => {
      expect(rejection(signed, { at: new Date('2099-01-01T00:00:00Z') })).toBe(
        'EDXML_CERT_EXPIRED',
      );
    });
  });

  describe('signature value and signed content', () => {
    it('refuses any altered value', () => {
      expect(rejection(signed.replace('Hà Nội', 'Hà Nam'))).toBe('EDXML_SIGNATURE_INVALID');
      expect(rejection(signed.replace('<SignatureValue>', '<SignatureValue>AAAA'))).toBe(
        'EDXML_SIGNATURE_INVALID',
      );
    });

    it('refuses a tampered attachment digest in the manifest', () => {
      expect(
        rejection(
          signed.replace(`>${'a'.repeat(64)}</lt:Digest>`, `>${'b'.repeat(64)}</lt:Digest>`),
        ),
      ).toBe('EDXML_SIGNATURE_INVALID');
    });

    // C14N without comments drops a comment and turns a CDATA section into text, so each of these
    // still verifies; the stored bytes would then read differently from the signed content to a
    // reader that takes an element's first text node (docs/security.md §2.2)
    it.each([
      ['a comment splitting a text value', 'vpcp@chinhphu.vn', 'vpcp@chinhphu<!---->.vn'],
      ['a comment with text inside a value', 'Hà Nội', 'Hà<!-- x --> Nội'],
      ['a comment before a value', 'Hà Nội', '<!-- Hà Nam -->Hà Nội'],
      ['a comment after a value', 'Hà Nội', 'Hà Nội<!-- Hà Nam -->'],
      ['a comment between elements', '<edXML:edXMLBody>', '<!-- x --><edXML:edXMLBody>'],
      ['a comment before the document element', '<edXML:edXML ', '<!-- x --><edXML:edXML '],
      ['a comment after the document element', '</edXML:edXML>', '</edXML:edXML><!-- x -->'],
      ['a comment inside SignedInfo', '<SignedInfo>', '<SignedInfo><!-- x -->'],
    ])('refuses %s, although the signature still verifies over it', (_name, from, to) => {
      const edited = signed.replace(from, to);
      expect(edited).not.toBe(signed);
      expect(rejection(edited)).toBe('EDXML_COMMENT_FORBIDDEN');
    });

    it.each([
      ['a CDATA section splitting a text value', 'Hà Nội', 'Hà<![CDATA[ Nội]]>'],
      ['a CDATA section holding a whole value', 'Hà Nội', '<![CDATA[Hà Nội]]>'],
    ])('refuses %s, although the signature still verifies over it', (_name, from, to) => {
      expect(rejection(signed.replace(from, to))).toBe('EDXML_CDATA_FORBIDDEN');
    });

    it('reads every value from content that canonicalises to exactly what was verified', () => {
      const sut = verifyEdxml(signed, options()).document;
      expect(sut.kind === 'document' && sut.header.from.email).toBe('vpcp@chinhphu.vn');
      expect(sut.kind === 'document' && sut.header.promulgation.place).toBe('Hà Nội');
    });

    it('refuses a correctly signed package whose header is invalid', () => {
      const bad = signedByXmlsec1((t) =>
        t.replace('<edXML:Priority>1</edXML:Priority>', '<edXML:Priority>9</edXML:Priority>'),
      );
      expect(rejection(bad)).toBe('EDXML_HEADER_INVALID');
    });

    it('refuses a correctly signed inline attachment that does not match its manifest digest', () => {
      const input = sampleDocumentInput({
        attachments: [
          {
            contentType: 'application/pdf',
            attachmentName: 'a.pdf',
            bytes: Buffer.from('%PDF-1.7 original'),
            inline: true,
          },
        ],
      });
      const tampered = Buffer.from('%PDF-1.7 forged!!').toString('base64');
      const original = Buffer.from('%PDF-1.7 original').toString('base64');
      expect(rejection(signedByXmlsec1((t) => t.replace(original, tampered), input))).toBe(
        'EDXML_ATTACHMENT_DIGEST_MISMATCH',
      );
      expect(
        rejection(
          signedByXmlsec1(
            (t) =>
              t.replace(
                /<edXML:ContentId>cid:([0-9a-f]+)<\/edXML:ContentId><edXML:AttachmentName>/,
                '<edXML:ContentId>cid:other</edXML:ContentId><edXML:AttachmentName>',
              ),
            input,
          ),
        ),
      ).toBe('EDXML_ATTACHMENT_UNLISTED');
      const sut = verifyEdxml(
        signedByXmlsec1((t) => t, input),
        options(),
      ).document;
      expect(sut.kind === 'document' && sut.inlineContentIds).toHaveLength(1);
    });

    it('checks out-of-band attachment bytes against the verified manifest', () => {
      const bytes = Buffer.from('%PDF-1.7 out of band');
      const input = sampleDocumentInput({
        attachments: [{ contentType: 'application/pdf', attachmentName: 'b.pdf', bytes }],
      });
      const sut = verifyEdxml(signEdxml(buildEdxml(input), sender.signer), options()).document;
      if (sut.kind !== 'document') {
        throw new Error('expected a document');
      }
      expect(() => verifyAttachment(sut.manifest[0], bytes)).not.toThrow();
      expect(
        codeOf(() => verifyAttachment(sut.manifest[0], Buffer.from('%PDF-1.7 out of bend'))),
      ).toBe('EDXML_ATTACHMENT_DIGEST_MISMATCH');
    });
  });
});
