import { SingleBar } from 'cli-progress';

/**
 * How long work of `lt` shows that it is moving (ADR 0022): a bar with rate and time left on a
 * terminal, plain periodic lines otherwise (a log file, a CI job, a pipe). Both go to stderr, so a
 * command's JSON result on stdout stays machine-readable.
 */
export interface Progress {
  /** `done` units of the total are finished (monotonic; a smaller value is ignored). */
  update(done: number): void;
  /** The work ended (successfully or not): the bar is closed or a last line printed. */
  finish(): void;
}

export interface ProgressOptions {
  /** Short name of the work, e.g. `seed`. */
  readonly label: string;
  /** Units of the whole work; 0 when unknown (then no percentage and no time left). */
  readonly total: number;
  /** Plural name of a unit, e.g. `citizens`. */
  readonly unit: string;
  readonly stream?: NodeJS.WriteStream | ProgressStream;
  /** Seconds between two plain lines when the stream is not a terminal. */
  readonly lineIntervalMs?: number;
  readonly now?: () => number;
}

/** What a plain-line progress needs of its stream (a file, a pipe, a test's buffer). */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const DEFAULT_LINE_INTERVAL_MS = 5_000;

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  return stream.isTTY === true && 'columns' in stream
    ? new TerminalProgress(options, stream, now)
    : new LineProgress(options, stream, now);
}

/** Rate since the start and the time left at that rate. */
function pace(done: number, total: number, startedAt: number, at: number) {
  const seconds = Math.max((at - startedAt) / 1000, 0.001);
  const rate = done / seconds;
  const left = total > 0 && rate > 0 ? Math.max(total - done, 0) / rate : Number.NaN;
  return { rate, left, seconds };
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) {
    return '?';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

class LineProgress implements Progress {
  private readonly startedAt: number;
  private lastLineAt: number;
  private done = 0;
  private finished = false;

  constructor(
    private readonly options: ProgressOptions,
    private readonly stream: ProgressStream,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
    this.lastLineAt = this.startedAt;
  }

  update(done: number): void {
    if (this.finished || done <= this.done) {
      return;
    }
    this.done = done;
    const at = this.now();
    if (at - this.lastLineAt >= (this.options.lineIntervalMs ?? DEFAULT_LINE_INTERVAL_MS)) {
      this.lastLineAt = at;
      this.line(at);
    }
  }

  finish(): void {
    if (!this.finished) {
      this.finished = true;
      // work refused before it began (a seed already there, a file that does not parse) says so itself
      if (this.done > 0) {
        this.line(this.now());
      }
    }
  }

  private line(at: number): void {
    const { label, total, unit } = this.options;
    const { rate, left, seconds } = pace(this.done, total, this.startedAt, at);
    const share = total > 0 ? ` (${((100 * this.done) / total).toFixed(1)} %)` : '';
    const of = total > 0 ? `/${integer.format(total)}` : '';
    const tail = this.finished
      ? `, in ${formatDuration(seconds)}`
      : total > 0
        ? `, about ${formatDuration(left)} left`
        : '';
    this.stream.write(
      `${label}: ${integer.format(this.done)}${of} ${unit}${share}, ${integer.format(rate)}/s${tail}\n`,
    );
  }
}

class TerminalProgress implements Progress {
  private readonly bar: SingleBar;
  private readonly startedAt: number;
  private done = 0;
  private finished = false;

  constructor(
    private readonly options: ProgressOptions,
    stream: NodeJS.WriteStream | ProgressStream,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
    const counted = options.total > 0;
    this.bar = new SingleBar({
      stream: stream as NodeJS.WriteStream,
      format: counted
        ? `${options.label} [{bar}] {percentage}% | {value}/{total} ${options.unit} | {rate}/s | {left} left`
        : `${options.label} {value} ${options.unit} | {rate}/s`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
      // the bar is redrawn from update() when the work is synchronous (a timer would never fire)
      synchronousUpdate: true,
    });
    this.bar.start(Math.max(options.total, 1), 0, { rate: '0', left: '?' });
  }

  update(done: number): void {
    if (this.finished || done <= this.done) {
      return;
    }
    this.done = done;
    const { rate, left } = pace(done, this.options.total, this.startedAt, this.now());
    this.bar.update(done, { rate: integer.format(rate), left: formatDuration(left) });
  }

  finish(): void {
    if (!this.finished) {
      this.finished = true;
      this.bar.stop();
    }
  }
}
