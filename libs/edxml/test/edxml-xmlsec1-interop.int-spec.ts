import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EDXML_NS,
  buildEdxml,
  edxmlSignatureTemplate,
  signEdxml,
  verifyEdxml,
} from '@lienthong/edxml';
import { SENDER_ORGAN_ID, sampleDocumentInput } from './edxml-fixtures';
import { createTestPki, type TestIdentity, type TestPki } from './test-pki';
import { signWithXmlsec1, xmlsec1 } from './xmlsec1';

// real: xmlsec1 and openssl CLIs, xml-crypto, xmldom. mock: nothing.

const ID_ATTR = ['--id-attr:Id', `${EDXML_NS}:edXML`];

describe('edXML XMLDSig interoperability with xmlsec1', () => {
  let pki: TestPki;
  const identities: Record<'rsa' | 'ec', TestIdentity> = {} as never;

  beforeAll(() => {
    pki = createTestPki();
    identities.rsa = pki.issue('sender-rsa', '/C=VN/O=VPCP/OU=registry/CN=VPCP', 'rsa');
    identities.ec = pki.issue('sender-ec', '/C=VN/O=VPCP/OU=registry/CN=VPCP', 'ec');
  });
  afterAll(() => pki.cleanup());

  const resolve = (organId: string) =>
    organId === SENDER_ORGAN_ID ? [identities.rsa.certPem, identities.ec.certPem] : [];

  it.each(['rsa', 'ec'] as const)('xmlsec1 verifies a package we signed (%s)', (kind) => {
    const file = join(pki.dir, `ours-${kind}.xml`);
    writeFileSync(file, signEdxml(buildEdxml(sampleDocumentInput()), identities[kind].signer));
    const sut = xmlsec1(['--verify', '--trusted-pem', pki.caPath, file]);
    expect(sut.output).toContain('OK');
    expect(sut.status).toBe(0);
  });

  it('xmlsec1 rejects a package we signed once a value is altered', () => {
    const signed = signEdxml(buildEdxml(sampleDocumentInput()), identities.rsa.signer);
    const file = join(pki.dir, 'ours-tampered.xml');
    writeFileSync(file, signed.replace('Hà Nội', 'Hà Nam'));
    expect(xmlsec1(['--verify', '--trusted-pem', pki.caPath, file]).status).not.toBe(0);
  });

  it.each([
    ['rsa', undefined],
    ['ec', undefined],
    ['rsa', 'pkg-1'],
    ['ec', 'pkg-2'],
  ] as const)(
    'we verify a package signed by xmlsec1 (%s, reference id %s)',
    (kind, referenceId) => {
      const identity = identities[kind];
      const template = edxmlSignatureTemplate(
        buildEdxml(sampleDocumentInput()),
        { pem: identity.certPem, alg: identity.signer.alg },
        referenceId === undefined ? {} : { referenceId },
      );
      const signed = signWithXmlsec1(
        pki.dir,
        template,
        identity,
        referenceId === undefined ? [] : ID_ATTR,
      );
      const sut = verifyEdxml(signed, { resolveCertificates: resolve });
      expect(sut.signerCertificatePem).toBe(identity.certPem);
      expect(sut.document.kind).toBe('document');
      const file = join(pki.dir, `theirs-${kind}-${referenceId}.xml`);
      writeFileSync(file, signed);
      const idArgs = referenceId === undefined ? [] : ID_ATTR;
      expect(xmlsec1(['--verify', ...idArgs, '--trusted-pem', pki.caPath, file]).status).toBe(0);
    },
  );
});
