import { loadAdapterConfig } from './adapter.config';

const base = {
  HTTP_PORT: '0',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
  LT_KEY_FILE: 'key.pem',
  LT_CERT_FILE: 'cert.pem',
  LT_ANCHOR_FILE: 'anchor.pem',
  LT_SUBJECT_KEY_FILE: 'subject.key',
};
const load = (natsUrl: string) =>
  loadAdapterConfig({ ...base, NATS_URL: natsUrl }, { requireOfficerKey: false });

describe('adapter configuration: NATS_URL', () => {
  it('takes one URL or a comma-separated cluster', () => {
    expect(load('nats://127.0.0.1:4222').nats.url).toBe('nats://127.0.0.1:4222');
    expect(load('nats://n1:4222, nats://n2:4222,tls://n3:4222').nats.url).toBe(
      'nats://n1:4222, nats://n2:4222,tls://n3:4222',
    );
  });

  it('refuses anything that is not a list of nats:// or tls:// URLs', () => {
    expect(() => load('http://n1:4222')).toThrow(/NATS_URL/);
    expect(() => load('nats://n1:4222,http://n2:4222')).toThrow(/NATS_URL/);
    expect(() => load('nats://n1:4222,')).toThrow(/NATS_URL/);
  });
});
