import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts members by UTF-16 code units at every depth and drops whitespace', () => {
    const sut = canonicalJson({
      b: [1, { z: true, a: null }],
      a: 'x',
      '\u20ac': 1,
      '\ud83d\ude00': 2,
      '\r': 3,
    });
    expect(sut).toBe('{"\\r":3,"a":"x","b":[1,{"a":null,"z":true}],"€":1,"😀":2}');
  });

  it('serialises numbers and strings as ECMAScript does (RFC 8785 §3.2.2)', () => {
    expect(canonicalJson([1e21, 1e-7, 0.000001, -0, 333333333.3333333, 1.0])).toBe(
      '[1e+21,1e-7,0.000001,0,333333333.3333333,1]',
    );
    expect(canonicalJson('\u0007\n"\\\u2028é')).toBe('"\\u0007\\n\\"\\\\\u2028é"');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow('NaN');
    expect(() => canonicalJson({ a: () => 1 })).toThrow('not JSON');
  });
});
