import { workingDayDeadline } from './deadlines';

describe('workingDayDeadline', () => {
  it('ends the same Vietnamese working day for 0 days', () => {
    // Monday 2026-11-23 10:00 in Hà Nội
    expect(workingDayDeadline(new Date('2026-11-23T03:00:00Z'), 0).toISOString()).toBe(
      '2026-11-23T16:59:59.999Z',
    );
  });

  it('skips the weekend', () => {
    // Thursday 2026-11-26 + 3 working days = Tuesday 2026-12-01
    expect(workingDayDeadline(new Date('2026-11-26T03:00:00Z'), 3).toISOString()).toBe(
      '2026-12-01T16:59:59.999Z',
    );
  });

  it('starts counting on Monday for a dossier received on a Saturday', () => {
    expect(workingDayDeadline(new Date('2026-11-28T03:00:00Z'), 0).toISOString()).toBe(
      '2026-11-30T16:59:59.999Z',
    );
  });

  it('uses the Vietnamese date, not the UTC date', () => {
    // 2026-11-23 23:30 UTC is already Tuesday 06:30 in Hà Nội
    expect(workingDayDeadline(new Date('2026-11-23T23:30:00Z'), 0).toISOString()).toBe(
      '2026-11-24T16:59:59.999Z',
    );
  });
});
