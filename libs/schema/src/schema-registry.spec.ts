import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SchemaError, SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';

const PING = 'urn:lienthong:bus:ping-request:1';

function caught(fn: () => unknown): SchemaError {
  try {
    fn();
  } catch (error) {
    return error as SchemaError;
  }
  throw new Error('expected a throw');
}

describe('SchemaRegistry', () => {
  const sut = new SchemaRegistry();

  it('loads every schema of the repository by $id', () => {
    expect(sut.ids()).toEqual(
      expect.arrayContaining([
        'urn:lienthong:bus:envelope:1',
        'urn:lienthong:bus:error:1',
        'urn:lienthong:bus:global-configuration:1',
        PING,
        'urn:lienthong:bus:ping-response:1',
      ]),
    );
    expect(sut.has(PING)).toBe(true);
    expect(sut.has('urn:lienthong:bus:ping-request:2')).toBe(false);
    expect(sut.get(PING)['$id']).toBe(PING);
    expect(Object.isFrozen(sut.get(PING))).toBe(true);
  });

  it('returns valid data unchanged and typed', () => {
    const data = Object.freeze({ nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag' });
    expect(sut.validate<{ nonce: string }>(PING, data)).toBe(data);
  });

  it('rejects invalid data with paths and keywords but never the data values', () => {
    const secret = 'SECRET VALUE 001203012345';
    const error = caught(() => sut.validate(PING, { nonce: secret }));
    expect(error.code).toBe('PAYLOAD_SCHEMA_INVALID');
    expect(error.details?.['errors']).toEqual([
      expect.objectContaining({ instancePath: '/nonce', keyword: 'pattern' }),
    ]);
    expect(JSON.stringify(error.details)).not.toContain(secret);
    expect(error.message).not.toContain(secret);
  });

  it('does not coerce, default or strip anything', () => {
    const data = { nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag', extra: 1 };
    expect(caught(() => sut.validate(PING, data)).code).toBe('PAYLOAD_SCHEMA_INVALID');
    expect(data).toEqual({ nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag', extra: 1 });
    const response = 'urn:lienthong:bus:ping-response:1';
    const numeric = {
      nonce: 'q3Zx0bY7pTn4Kc2VwLm9Ag',
      member: 'POP',
      subsystem: 'registry',
      time: 5,
    };
    expect(caught(() => sut.validate(response, numeric)).code).toBe('PAYLOAD_SCHEMA_INVALID');
  });

  it('applies the Vietnamese identifier formats', () => {
    const envelope = sut.get('urn:lienthong:bus:envelope:1');
    expect(JSON.stringify(envelope)).toContain('vn-personal-id');
    const body = (subject: object) => ({
      v: 1,
      id: '0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4d10',
      type: PING,
      sender: { member: 'CIV', subsystem: 'registry' },
      recipient: { member: 'POP', subsystem: 'registry' },
      issuedAt: '2025-07-01T08:00:00.000Z',
      expiresAt: '2025-07-01T08:01:00.000Z',
      correlationId: '0197c2a4-6a00-7c3e-9b1d-3f5a2e8c4d10',
      subject,
      payload: {},
    });
    const id = 'urn:lienthong:bus:envelope:1';
    expect(() =>
      sut.validate(id, body({ scheme: 'personal-id', id: '001203012345' })),
    ).not.toThrow();
    // 003 is no province code; 0100047517 has a wrong check digit.
    expect(
      caught(() => sut.validate(id, body({ scheme: 'personal-id', id: '003203012345' }))).code,
    ).toBe('PAYLOAD_SCHEMA_INVALID');
    expect(
      caught(() => sut.validate(id, body({ scheme: 'enterprise-code', id: '0100047517' }))).code,
    ).toBe('PAYLOAD_SCHEMA_INVALID');
  });

  it('throws SCHEMA_UNKNOWN for an unknown id', () => {
    expect(caught(() => sut.validate('urn:lienthong:bus:nothing:1', {})).code).toBe(
      'SCHEMA_UNKNOWN',
    );
    expect(caught(() => sut.get('urn:lienthong:bus:nothing:1')).code).toBe('SCHEMA_UNKNOWN');
  });

  it('fails fast on a schema that does not compile in strict mode', () => {
    const rootDir = join(__dirname, 'fixtures', 'broken-schema');
    const error = caught(() => new SchemaRegistry({ rootDir }));
    expect(error.code).toBe('SCHEMA_DEFINITION_INVALID');
    expect(error.message).toContain('maxLenght');
  });

  it('fails fast when a $id disagrees with its path', () => {
    const rootDir = join(__dirname, 'fixtures', 'id-mismatch');
    expect(caught(() => new SchemaRegistry({ rootDir })).code).toBe('SCHEMA_ID_MISMATCH');
  });

  it('finds the repository root from a nested folder, and fails where there is none', () => {
    const root = findRepositoryRoot(__dirname);
    expect(findRepositoryRoot(join(root, 'libs', 'schema', 'src'))).toBe(root);
    expect(caught(() => findRepositoryRoot('/')).code).toBe('SCHEMA_ROOT_NOT_FOUND');
  });

  describe('the data subject of a request (x-lienthong-subject)', () => {
    const dirs: string[] = [];
    afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

    /** A registry of one schema `urn:lienthong:demo:query:1` with the given properties. */
    function registryOf(properties: Record<string, unknown>, required: string[]) {
      const rootDir = mkdtempSync(join(tmpdir(), 'lt-subject-'));
      dirs.push(rootDir);
      const folder = join(rootDir, 'schemas', 'demo', 'query');
      mkdirSync(folder, { recursive: true });
      const schema = {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: 'urn:lienthong:demo:query:1',
        type: 'object',
        additionalProperties: false,
        required,
        properties,
      };
      writeFileSync(join(folder, 'v1.schema.json'), JSON.stringify(schema));
      return () => new SchemaRegistry({ rootDir });
    }

    it('names the field and scheme of every look-up request of the repository', () => {
      const lookups = sut.ids().filter((id) => /-by-[a-z-]+-request:/.test(id));
      expect(lookups.length).toBeGreaterThanOrEqual(5);
      for (const id of lookups) {
        expect(sut.subjectField(id)).toEqual({
          field: expect.stringMatching(/^(personalId|enterpriseCode)$/),
          scheme: expect.stringMatching(/^(personal-id|enterprise-code)$/),
        });
      }
      expect(
        sut.subjectField('urn:lienthong:business-registry:enterprise-by-code-request:1'),
      ).toEqual({ field: 'enterpriseCode', scheme: 'enterprise-code' });
      expect(sut.subjectField(PING)).toBeUndefined();
      expect(caught(() => sut.subjectField('urn:lienthong:bus:nothing:1')).code).toBe(
        'SCHEMA_UNKNOWN',
      );
    });

    it('reads the annotation of a required string property', () => {
      const open = registryOf(
        { code: { type: 'string', 'x-lienthong-subject': 'social-insurance-number' } },
        ['code'],
      );
      expect(open().subjectField('urn:lienthong:demo:query:1')).toEqual({
        field: 'code',
        scheme: 'social-insurance-number',
      });
    });

    it.each([
      [
        'an unknown scheme',
        { id: { type: 'string', 'x-lienthong-subject': 'passport' } },
        ['id'],
        /does not compile/,
      ],
      [
        'two annotated fields',
        {
          a: { type: 'string', 'x-lienthong-subject': 'personal-id' },
          b: { type: 'string', 'x-lienthong-subject': 'personal-id' },
        },
        ['a', 'b'],
        /on a, b; one field names the subject/,
      ],
      [
        'an optional field',
        { id: { type: 'string', 'x-lienthong-subject': 'personal-id' } },
        [],
        /on id, which is not a required string/,
      ],
      [
        'a nested field',
        {
          person: {
            type: 'object',
            properties: { id: { type: 'string', 'x-lienthong-subject': 'personal-id' } },
          },
        },
        [],
        /belongs on a top-level property/,
      ],
    ])('fails fast on %s', (_name, properties, required, message) => {
      const error = caught(registryOf(properties, required));
      expect(error.code).toBe('SCHEMA_DEFINITION_INVALID');
      expect(error.message).toMatch(message);
    });
  });
});
