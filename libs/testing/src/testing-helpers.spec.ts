import { eventually } from './eventually';
import { testDatabaseUrl, testNatsUrl } from './test-env';
import { testNamespace, uniqueSuffix } from './test-namespace';
import { withSearchPath } from './test-schema';
import { TestingError } from './testing.errors';

describe('testNamespace', () => {
  it('derives subject root and stream prefix from one random suffix', () => {
    expect(testNamespace('ab12cd34ef')).toEqual({
      subjectRoot: 'tab12cd34ef',
      streamPrefix: 'TAB12CD34EF',
    });
    const suffixes = new Set(Array.from({ length: 200 }, () => uniqueSuffix()));
    expect(suffixes.size).toBe(200);
    for (const suffix of suffixes) {
      expect(suffix).toMatch(/^[a-z0-9]{10}$/);
    }
  });
});

describe('eventually', () => {
  it('retries until the function stops throwing and returns its value', async () => {
    let calls = 0;
    const value = await eventually(
      () => {
        calls += 1;
        if (calls < 3) {
          throw new Error('not yet');
        }
        return calls;
      },
      { intervalMs: 1 },
    );
    expect(value).toBe(3);
  });

  it('rethrows the last failure after the timeout', async () => {
    let calls = 0;
    await expect(
      eventually(
        () => {
          calls += 1;
          throw new Error(`failure ${calls}`);
        },
        { timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(/failure [2-9]/);
  });
});

describe('test environment', () => {
  const saved = { ...process.env };

  afterEach(() => {
    process.env['TEST_NATS_URL'] = saved['TEST_NATS_URL'];
    process.env['TEST_DATABASE_URL'] = saved['TEST_DATABASE_URL'];
    for (const name of ['TEST_NATS_URL', 'TEST_DATABASE_URL']) {
      if (saved[name] === undefined) {
        delete process.env[name];
      }
    }
  });

  it('returns the URLs or says how tests get them', () => {
    process.env['TEST_NATS_URL'] = 'nats://127.0.0.1:1';
    delete process.env['TEST_DATABASE_URL'];
    expect(testNatsUrl()).toBe('nats://127.0.0.1:1');
    expect(() => testDatabaseUrl()).toThrow(/TEST_DATABASE_URL is not set.*npm run test:int/s);
    expect(() => testDatabaseUrl()).toThrow(TestingError);
  });
});

describe('withSearchPath', () => {
  it('adds the search path as a libpq options parameter', () => {
    const url = new URL(withSearchPath('postgres://u:p@h:1/db?sslmode=disable', 't_abc'));
    expect(url.searchParams.get('options')).toBe('-c search_path=t_abc,public');
    expect(url.searchParams.get('sslmode')).toBe('disable');
  });
});
