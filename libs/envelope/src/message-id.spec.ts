import { newMessageId } from './message-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newMessageId', () => {
  it('gives valid, distinct UUIDv7s across many refills of its pool', () => {
    const ids = Array.from({ length: 10_000 }, () => newMessageId());
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('carries the given time in its first 48 bits', () => {
    const msecs = Date.UTC(2026, 11, 7, 10, 0, 0, 123);
    const id = newMessageId(msecs);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(msecs);
  });
});
