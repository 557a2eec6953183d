import type { AppError } from '@lienthong/errors';

/** What `/health` shows about the witness. */
export interface WitnessStatus {
  /**
   * False once a checkpoint was refused as a rollback or fork. It stays false until the adapter
   * restarts: an attempt to rewrite the audit log is an incident for a person to look at, even if
   * the log carries on normally afterwards.
   */
  readonly ok: boolean;
  readonly consumer: 'running' | 'not started';
  readonly lastCosigned?: { readonly size: number; readonly at: string };
  readonly alarm?: { readonly code: string; readonly message: string; readonly at: string };
}

/** The witness's latest facts, kept in memory for health checks. */
export class WitnessState {
  private running = false;
  private lastCosigned?: WitnessStatus['lastCosigned'];
  private alarm?: WitnessStatus['alarm'];

  /** The consumer started (or could not). */
  started(running: boolean): void {
    this.running = running;
  }

  /** A checkpoint of `size` was cosigned. */
  cosigned(size: number): void {
    this.lastCosigned = { size, at: new Date().toISOString() };
  }

  /** A checkpoint was refused for a reason that points at the log, not at this adapter. */
  refused(error: AppError): void {
    this.alarm = { code: error.code, message: error.message, at: new Date().toISOString() };
  }

  status(): WitnessStatus {
    return {
      ok: this.alarm === undefined,
      consumer: this.running ? 'running' : 'not started',
      ...(this.lastCosigned ? { lastCosigned: this.lastCosigned } : {}),
      ...(this.alarm ? { alarm: this.alarm } : {}),
    };
  }
}
