import {
  buildEdxml,
  buildStatus,
  documentIdOf,
  normaliseHeader,
  parseDocumentId,
  parseEdxmlHeader,
  signEdxml,
  type EdxmlDocument,
  type EdxmlStatus,
} from '@lienthong/edxml';
import { sampleDocumentInput, sampleStatusInput, codeOf } from './edxml-fixtures';

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    return ((error as { details?: { issues?: string[] } }).details?.issues ?? []).concat(
      (error as { code: string }).code,
    );
  }
  throw new Error('expected a refusal');
}

describe('buildEdxml', () => {
  it('round-trips through the parser with dates normalised and the document id derived', () => {
    const sut = parseEdxmlHeader(buildEdxml(sampleDocumentInput())) as EdxmlDocument;
    expect(sut.kind).toBe('document');
    expect(sut.header.documentId).toBe('000.00.00.G22,2025/09/30,7816/VPCP-TTĐT');
    expect(sut.header.promulgation.date).toBe('2025-09-30');
    expect(sut.header.dueDate).toBe('2025-10-15');
    expect(sut.header.documentKey).toEqual({
      issuer: '000.00.00.G22',
      year: 2025,
      number: '7816',
      notation: 'VPCP-TTĐT',
    });
    expect(sut.trace).toEqual([
      { organId: '000.00.00.G22', timestamp: '2025-09-30T09:15:00+07:00' },
    ]);
    expect(sut.business).toEqual({ docType: 'new', paper: false, replacements: [] });
    expect(sut.manifest[0]).toMatchObject({ contentId: `cid:${'a'.repeat(64)}`, size: 102_400 });
  });

  it('writes the QCVN 102 layout with edXML dates and escapes markup in values', () => {
    const input = sampleDocumentInput();
    const sut = buildEdxml({ ...input, header: { ...input.header, subject: 'A < B & "C"' } });
    expect(sut).toContain('<edXML:PromulgationDate>2025/09/30</edXML:PromulgationDate>');
    expect(sut).toContain('<edXML:Timestamp>2025/09/30 09:15:00</edXML:Timestamp>');
    expect(sut).toContain('<edXML:Subject>A &lt; B &amp; "C"</edXML:Subject>');
    expect((parseEdxmlHeader(sut) as EdxmlDocument).header.subject).toBe('A < B & "C"');
  });

  it('normalises the three date spellings and Date objects in Vietnam time', () => {
    const header = sampleDocumentInput().header;
    for (const date of [
      '2025-09-30',
      '2025/09/30',
      '30/09/2025',
      new Date('2025-09-29T18:00:00Z'),
    ]) {
      expect(
        normaliseHeader({ ...header, promulgation: { place: 'Hà Nội', date } }).promulgation.date,
      ).toBe('2025-09-30');
    }
  });

  it('lists every header problem at once', () => {
    const header = sampleDocumentInput().header;
    const sut = issuesOf(() =>
      normaliseHeader({
        ...header,
        from: { organId: 'G22', organName: '' },
        to: [],
        code: { number: 'x y', notation: '' },
        promulgation: { place: 'Hà Nội', date: '2025/02/30' },
        priority: 7,
        steeringType: 4,
        subject: '  ',
      }),
    );
    expect(sut).toEqual(
      expect.arrayContaining([
        'from.organId: "G22" is not a qcvn102 identifier',
        'from.organName: is required',
        'to: at least one recipient is required',
        'code.number: "x y" is not a document number',
        'code.notation: is required',
        'promulgation.date: "2025/02/30" is not a date (YYYY-MM-DD, YYYY/MM/DD or DD/MM/YYYY)',
        'priority: "7" is not an integer in 0..4',
        'steeringType: "4" is not an integer in 0..3',
        'subject: is required',
        'EDXML_HEADER_INVALID',
      ]),
    );
  });

  it('accepts the other identifier schemes only when declared', () => {
    const header = sampleDocumentInput().header;
    const qd20 = {
      ...header,
      from: { organId: 'G09.20', scheme: 'qd20' as const, organName: 'Bộ Nội vụ' },
    };
    expect(normaliseHeader(qd20).from.scheme).toBe('qd20');
    const parsed = parseEdxmlHeader(
      buildEdxml({
        ...sampleDocumentInput(),
        header: qd20,
        trace: [{ organId: 'G09.20', timestamp: new Date() }],
      }),
    );
    expect((parsed as EdxmlDocument).header.from).toMatchObject({
      organId: 'G09.20',
      scheme: 'qd20',
    });
    expect(
      issuesOf(() => normaliseHeader({ ...header, from: { ...qd20.from, scheme: 'qcvn102' } })),
    ).toContain('from.organId: "G09.20" is not a qcvn102 identifier');
  });

  it('refuses a document id that disagrees with issuer, date, number and notation', () => {
    const header = sampleDocumentInput().header;
    expect(
      normaliseHeader({ ...header, documentId: '000.00.00.G22,2025,7816/VPCP-TTĐT' }).documentId,
    ).toBe('000.00.00.G22,2025,7816/VPCP-TTĐT');
    expect(
      issuesOf(() =>
        normaliseHeader({ ...header, documentId: '000.00.00.G22,2025/09/30,7817/VPCP-TTĐT' }),
      ),
    ).toContain('EDXML_HEADER_INVALID');
  });

  it('requires the target document for revoke, update and replace, and a reason to revoke', () => {
    const sut = issuesOf(() =>
      buildEdxml({ ...sampleDocumentInput(), business: { docType: 'revoke' } }),
    );
    expect(sut).toEqual(
      expect.arrayContaining(['business.documentId: is required', 'business.reason: is required']),
    );
    const replace = buildEdxml({
      ...sampleDocumentInput(),
      business: {
        docType: 'replace',
        documentId: '000.00.00.G22,2025/09/01,7000/VPCP-TTĐT',
        paper: true,
        replacements: [
          { documentId: '000.00.00.G22,2025/09/01,7000/VPCP-TTĐT', organIds: ['000.00.00.H41'] },
        ],
      },
    });
    expect((parseEdxmlHeader(replace) as EdxmlDocument).business).toMatchObject({
      docType: 'replace',
      paper: true,
    });
  });

  it('requires the first trace hop to be the sender', () => {
    expect(
      issuesOf(() =>
        buildEdxml({
          ...sampleDocumentInput(),
          trace: [{ organId: '000.00.00.H41', timestamp: new Date() }],
        }),
      ),
    ).toContain('trace[0].organId: first hop must be the sender 000.00.00.G22');
  });

  it('digests attachment bytes and refuses malformed digests', () => {
    const bytes = Buffer.from('%PDF-1.7');
    const sut = parseEdxmlHeader(
      buildEdxml({
        ...sampleDocumentInput(),
        attachments: [{ contentType: 'application/pdf', attachmentName: 'x.pdf', bytes }],
      }),
    ) as EdxmlDocument;
    expect(sut.manifest[0]?.size).toBe(8);
    expect(sut.manifest[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(
      issuesOf(() =>
        buildEdxml({
          ...sampleDocumentInput(),
          attachments: [{ contentType: 'pdf', attachmentName: 'x', sha256: 'XYZ', size: 1 }],
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        'manifest[0].sha256: is not a lowercase hex SHA-256 digest',
        'manifest[0].contentType: "pdf" is not a media type',
      ]),
    );
  });
});

describe('buildStatus', () => {
  it('builds a status bound to the document id and reads it back', () => {
    const sut = parseEdxmlHeader(buildStatus(sampleStatusInput())) as EdxmlStatus;
    expect(sut).toMatchObject({
      kind: 'status',
      statusCode: '03',
      timestamp: '2025-09-30T10:00:00+07:00',
      responseFor: {
        documentId: '000.00.00.G22,2025/09/30,7816/VPCP-TTĐT',
        promulgationDate: '2025-09-30',
      },
      staff: { staff: 'Trần Thị B', department: 'Văn thư' },
    });
  });

  it.each(['01', '02', '03', '04', '05', '06', '13', '15', '16'])(
    'accepts status code %s',
    (statusCode) => {
      const sut = buildStatus(sampleStatusInput({ statusCode, description: 'lý do' }));
      expect((parseEdxmlHeader(sut) as EdxmlStatus).statusCode).toBe(statusCode);
    },
  );

  it('refuses unknown codes, rejections without a reason and unbound statuses', () => {
    expect(issuesOf(() => buildStatus(sampleStatusInput({ statusCode: '07' })))).toContain(
      'EDXML_STATUS_INVALID',
    );
    expect(issuesOf(() => buildStatus(sampleStatusInput({ statusCode: '02' })))).toContain(
      'description: is required',
    );
    const unbound = sampleStatusInput();
    expect(
      issuesOf(() =>
        buildStatus({ ...unbound, responseFor: { ...unbound.responseFor, documentId: '7816' } }),
      ),
    ).toContain('responseFor.documentId: "7816" is not <issuer>,<date>,<số>/<ký hiệu>');
  });
});

describe('documentIdOf / parseDocumentId', () => {
  it('builds and reads both the full-date and the year-only forms', () => {
    expect(documentIdOf('000.00.00.G22', '2015-09-30', '7816', 'VPCP-TTĐT')).toBe(
      '000.00.00.G22,2015/09/30,7816/VPCP-TTĐT',
    );
    expect(parseDocumentId('000.00.00.G22,2015/09/30,7816/VPCP-TTĐT')).toEqual({
      issuer: '000.00.00.G22',
      year: 2015,
      number: '7816',
      notation: 'VPCP-TTĐT',
      date: '2015-09-30',
    });
    expect(parseDocumentId('000.00.00.G22,2015,7816/VPCP-TTĐT')).toMatchObject({ year: 2015 });
    expect(parseDocumentId('000.00.00.G22,2015/02/30,7816/VPCP')).toBeUndefined();
  });
});

describe('signEdxml', () => {
  it('refuses EdDSA and unknown algorithms before touching the package', () => {
    const signer = { alg: 'EdDSA', sign: () => Buffer.alloc(64), certificate: { pem: '' } };
    expect(codeOf(() => signEdxml(buildEdxml(sampleDocumentInput()), signer))).toBe(
      'EDXML_ALGORITHM_REJECTED',
    );
  });
});
