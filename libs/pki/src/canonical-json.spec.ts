import { canonicalJson } from '@lienthong/pki';

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
    expect(codeOf(() => canonicalJson(value))).toBe('PKI_VALUE_NOT_JSON');
  });

  it('refuses circular structures', () => {
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(codeOf(() => canonicalJson(cycle))).toBe('PKI_VALUE_NOT_JSON');
  });
});

/** RFC 8785 written the plainest way, to check the fast path against. */
function reference(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(reference).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${reference(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A random JSON value from a seeded generator (xorshift), keys including array indices. */
function randomValue(next: () => number, depth: number): unknown {
  const pick = next() % (depth > 3 ? 4 : 7);
  const keyPool = ['a', 'B', 'é', '0', '10', '9', '01', '-1', '4294967295', '😀', '\ufb33', 'z z'];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return next() % 2 === 0;
    case 2:
      return [0, -0, 1.5, 1e21, 5e-7, -123456789, 2 ** 53][next() % 7];
    case 3:
      return ['', 'x', 'Nguyễn', '"\\\n\t', '\u0000\u001f', '😀'][next() % 6];
    case 4:
      return Array.from({ length: next() % 4 }, () => randomValue(next, depth + 1));
    default: {
      const record: Record<string, unknown> = {};
      for (let i = next() % 5; i > 0; i--) {
        record[keyPool[next() % keyPool.length]] =
          next() % 9 === 0 ? undefined : randomValue(next, depth + 1);
      }
      return record;
    }
  }
}

describe('canonicalJson against a plain reference', () => {
  it('writes objects with array-index keys in code-unit order', () => {
    expect(text({ b: 1, '10': 2, '9': 3, a: { '1': 0, '0': 1 } })).toBe(
      '{"10":2,"9":3,"a":{"0":1,"1":0},"b":1}',
    );
  });

  it('agrees with the reference on 5,000 random values', () => {
    let state = 0x2545f491;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    for (let i = 0; i < 5000; i++) {
      const value = randomValue(next, 0);
      expect(text(value)).toBe(reference(value));
    }
  });

  it('refuses nesting deeper than 256 levels', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 300; i++) {
      deep = [deep];
    }
    expect(codeOf(() => canonicalJson(deep))).toBe('PKI_VALUE_NOT_JSON');
  });
});
