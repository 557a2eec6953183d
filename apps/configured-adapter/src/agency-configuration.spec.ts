import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaRegistry, findRepositoryRoot } from '@lienthong/schema';
import { loadAgencyConfiguration } from './agency-configuration';

const root = findRepositoryRoot(__dirname);
const schemas = new SchemaRegistry({ rootDir: root });

describe('loadAgencyConfiguration', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lt-agency-'));
    writeFileSync(join(dir, 'merit-client-secret'), 'secret\n');
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function write(config: unknown): string {
    const file = join(dir, `agency-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(config));
    return file;
  }

  const demoFile = join(root, 'deploy/agencies/merit-registry.agency.json');

  it('opens the demo configuration: one service on the legacy registry', async () => {
    const agency = loadAgencyConfiguration(demoFile, schemas, { filesDir: dir });
    try {
      expect(agency).toMatchObject({ member: 'NCC', subsystem: 'registry', databaseSchema: 'ncc' });
      expect(agency.services.map((s) => [s.code, s.requestFields])).toEqual([
        ['merit-status-by-person', ['personalId']],
      ]);
    } finally {
      await agency.close();
    }
  });

  const http = { kind: 'http', origin: 'http://127.0.0.1:9' };
  const base = {
    member: 'NCC',
    subsystem: 'registry',
    title: 't',
    databaseSchema: 'ncc',
    backends: { legacy: http },
  };
  const service = {
    code: 'merit-status-by-person',
    requestType: 'urn:lienthong:merit:merit-status-by-person-request:1',
    identifierField: 'personalId',
    backend: 'legacy',
    request: { method: 'GET', path: '/x/{personalId}' },
    outcomes: [{ status: [200], outcome: 'FOUND' }],
    record: '$',
  };

  it.each([
    [
      'an origin with a path',
      { backends: { legacy: { ...http, origin: 'http://h/x' } } },
      /origin/,
    ],
    [
      'an origin with credentials',
      { backends: { legacy: { ...http, origin: 'http://u:p@h' } } },
      /origin/,
    ],
    ['another scheme', { backends: { legacy: { ...http, origin: 'file://h' } } }, /origin/],
    ['an unknown key', { extra: 1 }, /additional/],
  ])('refuses %s (schema)', (_name, change, message) => {
    expect(() =>
      loadAgencyConfiguration(write({ ...base, ...change, services: [service] }), schemas),
    ).toThrow(message);
  });

  it('refuses a request schema that is unknown or names no data subject', () => {
    const file = write({
      ...base,
      services: [
        { ...service, requestType: 'urn:lienthong:merit:no-such-request:1' },
        { ...service, code: 'second', requestType: 'urn:lienthong:bus:ping-request:1' },
      ],
    });
    expect(() => loadAgencyConfiguration(file, schemas)).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringContaining(
            '(merit-status-by-person).requestType: no schema urn:lienthong:merit:no-such-request:1',
          ),
          expect.stringContaining(
            '(second).requestType: urn:lienthong:bus:ping-request:1 names no data subject',
          ),
        ],
      }),
    );
  });

  it('lists every problem at once: unknown back end, JSONata syntax, secret file, headers', () => {
    const file = write({
      ...base,
      backends: {
        legacy: {
          ...http,
          auth: {
            kind: 'client-credentials',
            tokenPath: '/oauth/token',
            clientId: 'x',
            clientSecretFile: 'missing-secret',
          },
        },
      },
      services: [
        { ...service, backend: 'nowhere' },
        {
          ...service,
          code: 'second',
          record: 'du_lieu.{',
          request: { ...service.request, headers: { Authorization: 'Bearer x' } },
        },
      ],
    });

    expect(() => loadAgencyConfiguration(file, schemas)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        problems: [
          expect.stringContaining('cannot read missing-secret'),
          expect.stringContaining('no back end named nowhere'),
          expect.stringContaining('record: S0203'),
          expect.stringContaining('Authorization is set by the adapter'),
        ],
      }),
    );
  });

  it('refuses a query that is not a SELECT, and a missing database URL', () => {
    const file = write({
      ...base,
      backends: { db: { kind: 'postgres', urlEnv: 'MERIT_DB_URL' } },
      services: [
        {
          code: 'merit-status-by-person',
          requestType: 'urn:lienthong:merit:merit-status-by-person-request:1',
          identifierField: 'personalId',
          backend: 'db',
          sql: 'DELETE FROM ho_so',
          parameters: ['personalId'],
          record: '$',
        },
      ],
    });

    expect(() => loadAgencyConfiguration(file, schemas, { readEnv: () => undefined })).toThrow(
      expect.objectContaining({
        problems: [
          expect.stringContaining('MERIT_DB_URL is not set'),
          expect.stringContaining('one SELECT'),
        ],
      }),
    );
  });
});
