import { expandTemplate, templateFields } from './request-template';

describe('expandTemplate', () => {
  it('puts each field into its place as one percent-encoded segment', () => {
    expect(
      expandTemplate({ path: '/api/v1/doi-tuong/{personalId}' }, { personalId: '001058012345' }),
    ).toBe('/api/v1/doi-tuong/001058012345');
  });

  it.each([
    ['a/b', '/x/a%2Fb'],
    ['?q=1', '/x/%3Fq%3D1'],
    ['#frag', '/x/%23frag'],
    ['//evil.example', '/x/%2F%2Fevil.example'],
    ['%2e%2e', '/x/%252e%252e'],
    ["it's (x)*!", '/x/it%27s%20%28x%29%2A%21'],
    ['Nguyễn', '/x/Nguy%E1%BB%85n'],
  ])('cannot leave its segment with %j', (value, expected) => {
    expect(expandTemplate({ path: '/x/{v}' }, { v: value })).toBe(expected);
  });

  it.each(['.', '..', '...'])('refuses a value that is a dot segment (%j)', (value) => {
    expect(() => expandTemplate({ path: '/x/{v}' }, { v: value })).toThrow(
      expect.objectContaining({ code: 'PROVIDER_REQUEST_UNMAPPABLE' }),
    );
  });

  it.each([[undefined], [null], [''], [{ a: 1 }], [['a']], [true]])(
    'refuses a missing or non-scalar value (%j)',
    (value) => {
      expect(() => expandTemplate({ path: '/x/{v}' }, { v: value })).toThrow(
        expect.objectContaining({ code: 'PROVIDER_REQUEST_UNMAPPABLE' }),
      );
    },
  );

  it('fills query parameters the same way', () => {
    expect(
      expandTemplate(
        { path: '/search', query: { so_dinh_danh: '{personalId}', nam: '{year}' } },
        { personalId: '001058012345', year: 2026 },
      ),
    ).toBe('/search?so_dinh_danh=001058012345&nam=2026');
  });
});

describe('templateFields', () => {
  it('lists the fields of the path and the query once each', () => {
    expect(templateFields({ path: '/a/{x}/{y}', query: { q: '{x}', r: 'fixed' } })).toEqual([
      'x',
      'y',
    ]);
  });
});
