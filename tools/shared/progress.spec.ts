import { formatDuration, startProgress, type ProgressStream } from './progress';

/** A stream that is not a terminal (a log file, CI), with a clock the test moves. */
function plainStream(): ProgressStream & { lines: string[] } {
  const lines: string[] = [];
  return { isTTY: false, lines, write: (text: string) => lines.push(text) };
}

describe('progress of long lt commands off a terminal', () => {
  it('prints a line with count, share, rate and time left at most once per interval', () => {
    const stream = plainStream();
    let now = 0;
    const progress = startProgress({
      label: 'seed',
      total: 1_000_000,
      unit: 'citizens',
      stream,
      lineIntervalMs: 5_000,
      now: () => now,
    });
    now = 2_000;
    progress.update(100_000);
    expect(stream.lines).toEqual([]);
    now = 5_000;
    progress.update(250_000);
    expect(stream.lines).toEqual([
      'seed: 250,000/1,000,000 citizens (25.0 %), 50,000/s, about 15 s left\n',
    ]);
    now = 6_000;
    progress.update(300_000);
    expect(stream.lines).toHaveLength(1);
  });

  it('ends with one line saying how long the whole work took', () => {
    const stream = plainStream();
    let now = 0;
    const progress = startProgress({
      label: 'verify-log',
      total: 3_000,
      unit: 'records',
      stream,
      now: () => now,
    });
    now = 1_500;
    progress.update(3_000);
    progress.finish();
    progress.finish();
    expect(stream.lines).toEqual(['verify-log: 3,000/3,000 records (100.0 %), 2,000/s, in 2 s\n']);
  });

  it('ignores a count that goes backwards and leaves out what an unknown total cannot give', () => {
    const stream = plainStream();
    let now = 0;
    const progress = startProgress({
      label: 'replay',
      total: 0,
      unit: 'events',
      stream,
      now: () => now,
    });
    now = 10_000;
    progress.update(500);
    progress.update(400);
    expect(stream.lines).toEqual(['replay: 500 events, 50/s\n']);
  });

  it('writes durations a person reads', () => {
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(7_380)).toBe('2 h 3 min');
    expect(formatDuration(Number.NaN)).toBe('?');
  });
});
