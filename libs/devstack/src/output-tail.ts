import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';

/** Where a child's output goes besides the in-memory tail. */
export interface OutputSink {
  /** Appends every line to this file (created with its folder). */
  readonly logFile?: string;
  /** Writes every line, prefixed with `[name] `, to the parent's stdout/stderr. */
  readonly echoPrefix?: string;
}

/**
 * Keeps the last lines a child printed, so that a failure report can show why it died without
 * asking the user to go and find a log file.
 */
export class OutputTail {
  private readonly buffer: string[] = [];
  private readonly file?: WriteStream;
  private partial = '';

  constructor(
    private readonly sink: OutputSink = {},
    private readonly capacity = 40,
  ) {
    if (sink.logFile) {
      mkdirSync(dirname(sink.logFile), { recursive: true });
      this.file = createWriteStream(sink.logFile, { flags: 'a' });
      this.file.on('error', (error) => this.push(`[log file error] ${error.message}`));
    }
  }

  /** Follows a stream of the child (stdout or stderr). */
  follow(stream: Readable | null, toStderr: boolean): void {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => this.write(chunk, toStderr));
  }

  /** Records a chunk of output; complete lines enter the tail, a trailing fragment waits. */
  write(chunk: string, toStderr = false): void {
    this.file?.write(chunk);
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.push(line);
      if (this.sink.echoPrefix !== undefined) {
        (toStderr ? process.stderr : process.stdout).write(`[${this.sink.echoPrefix}] ${line}\n`);
      }
    }
  }

  /** The most recent lines, oldest first, including an unterminated last line. */
  lines(): string[] {
    const all = this.partial ? [...this.buffer, this.partial] : [...this.buffer];
    return all.slice(-this.capacity);
  }

  /** Flushes and closes the log file. */
  close(): Promise<void> {
    const file = this.file;
    if (!file || file.closed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => file.end(() => resolve()));
  }

  private push(line: string): void {
    this.buffer.push(line);
    if (this.buffer.length > this.capacity) {
      this.buffer.shift();
    }
  }
}
