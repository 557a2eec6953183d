import { assertIdentifier, withDatabase } from './database';
import { natsServerArgs, parseNatsVersion } from './nats-server';
import { parseEndpoints, safeUrl, urlHost } from './network-wait';
import { OutputTail } from './output-tail';

function codeThrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
}

describe('parseEndpoints', () => {
  it('fills the default port of each scheme and splits server lists', () => {
    expect(parseEndpoints('postgres://u:p@db.local/app')).toEqual([
      { host: 'db.local', port: 5432 },
    ]);
    expect(parseEndpoints('nats://a:4223, nats://b')).toEqual([
      { host: 'a', port: 4223 },
      { host: 'b', port: 4222 },
    ]);
    expect(parseEndpoints('127.0.0.1:4999')).toEqual([{ host: '127.0.0.1', port: 4999 }]);
    expect(parseEndpoints('nats://[::1]:4222')).toEqual([{ host: '::1', port: 4222 }]);
  });

  it('refuses text that is no URL and schemes without a default port', () => {
    expect(codeThrownBy(() => parseEndpoints('nats://exa mple'))).toBe('DEVSTACK_URL_INVALID');
    expect(codeThrownBy(() => parseEndpoints('redis://cache'))).toBe('DEVSTACK_URL_INVALID');
  });
});

describe('safeUrl and urlHost', () => {
  it('hide passwords and bracket IPv6 literals', () => {
    expect(safeUrl('postgres://app:s3cret@h:1/db')).toBe('postgres://app:[redacted]@h:1/db');
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('parseNatsVersion', () => {
  it('reads the version nats-server prints', () => {
    expect(parseNatsVersion('nats-server: v2.9.10\n')).toBe('2.9.10');
    expect(parseNatsVersion('nats-server: v2.14.0-RC.1')).toBe('2.14.0-RC.1');
    expect(() => parseNatsVersion('command not found')).toThrow(/unexpected version output/);
  });
});

describe('natsServerArgs', () => {
  it('enables JetStream and puts the flags after the config file so that they win', () => {
    expect(
      natsServerArgs({
        storeDir: 'store',
        host: '127.0.0.1',
        port: 4222,
        monitorPort: 8222,
        configFile: 'store/nats-server.conf',
      }),
    ).toEqual([
      '-c',
      'store/nats-server.conf',
      '-js',
      '-sd',
      'store',
      '-a',
      '127.0.0.1',
      '-p',
      '4222',
      '-m',
      '8222',
    ]);
    expect(natsServerArgs({ storeDir: 's', host: 'h', port: 1 })).not.toContain('-m');
  });
});

describe('database names', () => {
  it('accepts lower-case identifiers only', () => {
    expect(() => assertIdentifier('lienthong_pop', 'database')).not.toThrow();
    for (const bad of ['Pop', '1db', 'a-b', 'x"; DROP', '', 'a'.repeat(64)]) {
      expect(codeThrownBy(() => assertIdentifier(bad, 'schema'))).toBe(
        'DEVSTACK_DATABASE_NAME_INVALID',
      );
    }
  });

  it('points a URL at another database and keeps its credentials and options', () => {
    expect(withDatabase('postgres://u:p%40ss@h:5/postgres?sslmode=disable', 'app')).toBe(
      'postgres://u:p%40ss@h:5/app?sslmode=disable',
    );
  });
});

describe('OutputTail', () => {
  it('keeps the last complete lines and the unterminated rest', () => {
    const sut = new OutputTail({}, 3);
    sut.write('one\ntwo\r\nthr');
    sut.write('ee\nfour\nfive');
    expect(sut.lines()).toEqual(['three', 'four', 'five']);
    sut.write('\nsix\n');
    expect(sut.lines()).toEqual(['four', 'five', 'six']);
  });
});
