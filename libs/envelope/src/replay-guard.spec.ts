import { MemoryReplayGuard } from '@lienthong/envelope';

describe('MemoryReplayGuard', () => {
  let now = 0;
  const clock = () => new Date(now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('accepts an id once until it expires', () => {
    const sut = new MemoryReplayGuard({ clock });
    expect(sut.checkAndRemember('a', new Date(now + 1000))).toBe(true);
    expect(sut.checkAndRemember('a', new Date(now + 1000))).toBe(false);
    expect(sut.checkAndRemember('b', new Date(now + 1000))).toBe(true);
    now += 1001;
    expect(sut.checkAndRemember('a', new Date(now + 1000))).toBe(true);
  });

  it('evicts expired ids when full, and refuses new ids while every held id is live', () => {
    const sut = new MemoryReplayGuard({ clock, maxEntries: 2 });
    expect(sut.checkAndRemember('a', new Date(now + 10))).toBe(true);
    expect(sut.checkAndRemember('b', new Date(now + 1000))).toBe(true);
    expect(sut.checkAndRemember('c', new Date(now + 1000))).toBe(false);
    now += 11;
    expect(sut.checkAndRemember('c', new Date(now + 1000))).toBe(true);
    expect(sut.size).toBe(2);
    expect(sut.checkAndRemember('b', new Date(now + 1000))).toBe(false);
  });
});
