import { canonicalJson } from '@lienthong/envelope';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

const text = (value: unknown) => canonicalJson(value).toString('utf8');

describe('canonicalJson', () => {
  it('produces the RFC 8785 §3.2.3 sample output', () => {
    // The RFC's input, as a JS value: numbers and escapes already parsed.
    const input = {
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000F\u000aA\'\u0042\u0022\u005c\\"/',
      literals: [null, true, false],
    };
    expect(text(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units, recursively, and drops undefined members', () => {
    expect(
      text({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: undefined }, '\u20ac': 2, '\ud83d\ude00': 3 }),
    ).toBe('{"a":{"d":[1,{"y":1,"z":0}]},"b":1,"€":2,"😀":3}');
    // U+1F600 (surrogates D83D DE00) sorts before U+FB33 by code units, after it by code points.
    expect(text({ '\ufb33': 1, '\ud83d\ude00': 2 })).toBe('{"\ud83d\ude00":2,"\ufb33":1}');
  });

  it('writes -0 as 0 and integers without exponent up to 1e21', () => {
    expect(text([-0, 1e20, 1e21, 5e-7])).toBe('[0,100000000000000000000,1e+21,5e-7]');
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a lone surrogate', '\ud800x'],
    ['a lone surrogate key', { '\udc00': 1 }],
    ['a Date', new Date(0)],
    ['a bigint', BigInt(1)],
    ['undefined in an array', [undefined]],
  ])('refuses %s', (_name, value) => {
    expect(codeOf(() => canonicalJson(value))).toBe('ENVELOPE_VALUE_INVALID');
  });

  it('refuses circular structures', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(codeOf(() => canonicalJson(cycle))).toBe('ENVELOPE_VALUE_INVALID');
  });
});
