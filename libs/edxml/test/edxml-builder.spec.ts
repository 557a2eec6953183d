import { buildEdxml, buildStatus, parseEdxmlHeader, type EdxmlError } from '@lienthong/edxml';
import { sampleDocumentInput, sampleStatusInput } from './edxml-fixtures';

describe('buildEdxml', () => {
  it('round-trips through the parser with dates normalised and the document id derived', () => {
    const sut = parseEdxmlHeader(buildEdxml(sampleDocumentInput()));
    expect(sut.kind).toBe('document');
    if (sut.kind !== 'document') return;
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
});
