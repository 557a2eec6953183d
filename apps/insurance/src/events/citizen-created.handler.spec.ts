import { dayBeforeBirthday } from './citizen-created.handler';

describe('dayBeforeBirthday', () => {
  it('ends a TE card the day before the sixth birthday', () => {
    expect(dayBeforeBirthday('2026-11-20', 6)).toBe('2032-11-19');
  });

  it('handles a birthday on the first of a month', () => {
    expect(dayBeforeBirthday('2026-03-01', 6)).toBe('2032-02-29');
  });
});
