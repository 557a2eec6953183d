import { ConfigError, natsSettingsFromEnv } from '@lienthong/config';

describe('natsSettingsFromEnv', () => {
  it('maps credentials and TLS files', () => {
    expect(
      natsSettingsFromEnv({
        NATS_URL: 'tls://a:4222,tls://b:4222',
        NATS_CREDS_FILE: '/k/user.creds',
        NATS_TLS_CA_FILE: '/k/ca.pem',
        NATS_TLS_CERT_FILE: '/k/c.pem',
        NATS_TLS_KEY_FILE: '/k/c.key',
      }),
    ).toEqual({
      url: 'tls://a:4222,tls://b:4222',
      credsFile: '/k/user.creds',
      tls: { caFile: '/k/ca.pem', certFile: '/k/c.pem', keyFile: '/k/c.key' },
    });
  });

  it('refuses two ways of authenticating, and a client certificate without its key', () => {
    expect(() =>
      natsSettingsFromEnv({
        NATS_URL: 'nats://a:4222',
        NATS_USER: 'u',
        NATS_PASS: 'p',
        NATS_NKEY_SEED_FILE: '/k/u.nk',
        NATS_TLS_CERT_FILE: '/k/c.pem',
      }),
    ).toThrow(ConfigError);
  });
});
