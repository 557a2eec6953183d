import { AUDITED_QUERIES } from './audited-query';

const refOf = (id: string) => `ref(${id})`;

describe('what a query record takes from its request', () => {
  it('keeps the valid filters as given and leaves out invalid, repeated or unknown ones', () => {
    const sut = AUDITED_QUERIES.search.filters({
      params: {},
      query: {
        sender: 'CIV',
        recipient: 'pop',
        procedure: 'KS-LT',
        outcome: ['accepted', 'refused'],
        limit: '0',
        cursor: '12',
        from: '2026-01-01T00:00:00Z',
        to: 'yesterday',
        personalId: '001085012345',
      },
    });
    expect(sut).toEqual({
      sender: 'CIV',
      procedure: 'KS-LT',
      cursor: '12',
      from: '2026-01-01T00:00:00Z',
    });
  });

  it('names the person of an access log only by reference, and only a valid personal id', () => {
    const spec = AUDITED_QUERIES.subjectAccesses;
    const valid = { params: { personalId: '001085012345' }, query: {} };
    const invalid = { params: { personalId: '00108501234X' }, query: {} };
    expect([spec.filters(), spec.subjects(valid, refOf), spec.subjects(invalid, refOf)]).toEqual([
      {},
      ['ref(001085012345)'],
      [],
    ]);
  });

  it('renames the correlation id of a lineage and drops a malformed one', () => {
    const id = '0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4d10';
    const spec = AUDITED_QUERIES.lineageByCorrelation;
    expect([
      spec.filters({ params: { id }, query: {} }),
      spec.filters({ params: { id: 'x' }, query: {} }),
    ]).toEqual([{ correlationId: id }, {}]);
  });
});
