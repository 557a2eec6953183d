import { natsServerUrls } from './connection';

describe('natsServerUrls', () => {
  it('splits a comma-separated NATS_URL into the cluster it names', () => {
    expect(natsServerUrls('nats://a:4222, nats://b:4222 ,tls://c:4222')).toEqual([
      'nats://a:4222',
      'nats://b:4222',
      'tls://c:4222',
    ]);
  });

  it('keeps one URL and a list as they are', () => {
    expect(natsServerUrls('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
    expect(natsServerUrls(['nats://a:1', 'nats://b:2'])).toEqual(['nats://a:1', 'nats://b:2']);
  });
});
