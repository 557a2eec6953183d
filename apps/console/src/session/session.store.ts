import { createHash, randomBytes } from 'node:crypto';
import { LessThan } from 'typeorm';
import type { TransactionRunner } from '@lienthong/persistence';
import {
  ConsoleSession,
  PendingSignIn,
  type Realm,
  type SessionPerson,
} from './console-session.entity';

/** A sign-in may take this long between the redirect to the IdP and the callback. */
const SIGN_IN_TTL_MS = 10 * 60_000;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const secret = () => randomBytes(32).toString('base64url');

/** What a new session starts with. */
export interface NewSession {
  readonly realm: Realm;
  readonly person: SessionPerson;
  readonly accessToken: string;
  readonly idToken: string;
  /** When the access token expires: the session cannot outlive it. */
  readonly tokenExpiresAt: Date;
}

/**
 * Sessions and sign-ins in PostgreSQL (the console's schema). The browser holds only a random
 * 256-bit id in an httpOnly cookie; the table keeps its SHA-256. A session ends at the first of:
 * its access token's expiry, the maximum lifetime, or an idle period.
 */
export class SessionStore {
  constructor(
    private readonly runner: TransactionRunner,
    private readonly limits: { readonly idleMs: number; readonly maxMs: number },
  ) {}

  /** Records a sign-in under way; returns the cookie value that finds it again. */
  async beginSignIn(input: Omit<PendingSignIn, 'idHash' | 'createdAt'>): Promise<string> {
    const id = secret();
    const repository = this.runner.repository({}, PendingSignIn);
    await repository.delete({ createdAt: LessThan(new Date(Date.now() - SIGN_IN_TTL_MS)) });
    await repository.insert({ ...input, idHash: hashOf(id), createdAt: new Date() });
    return id;
  }

  /** Takes a sign-in under way (once): undefined when unknown or too old. */
  async takeSignIn(id: string): Promise<PendingSignIn | undefined> {
    const repository = this.runner.repository({}, PendingSignIn);
    const found = await repository.findOneBy({ idHash: hashOf(id) });
    if (!found) {
      return undefined;
    }
    await repository.delete({ idHash: found.idHash });
    return Date.now() - found.createdAt.getTime() > SIGN_IN_TTL_MS ? undefined : found;
  }

  /** Opens a session; returns the cookie value (never stored) and the session. */
  async open(input: NewSession): Promise<{ id: string; session: ConsoleSession }> {
    const id = secret();
    const now = new Date();
    const expiresAt = new Date(
      Math.min(now.getTime() + this.limits.maxMs, input.tokenExpiresAt.getTime()),
    );
    const session: ConsoleSession = {
      idHash: hashOf(id),
      csrfToken: secret(),
      realm: input.realm,
      person: input.person,
      accessToken: input.accessToken,
      idToken: input.idToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    };
    await this.runner.repository({}, ConsoleSession).insert(session);
    return { id, session };
  }

  /**
   * The live session of a cookie value, its idle clock restarted; `expired` when it existed but
   * ended (then it is deleted), `missing` when there is none.
   */
  async touch(id: string): Promise<ConsoleSession | 'expired' | 'missing'> {
    const repository = this.runner.repository({}, ConsoleSession);
    const session = await repository.findOneBy({ idHash: hashOf(id) });
    if (!session) {
      return 'missing';
    }
    const now = Date.now();
    if (
      session.expiresAt.getTime() <= now ||
      session.lastSeenAt.getTime() + this.limits.idleMs <= now
    ) {
      await repository.delete({ idHash: session.idHash });
      return 'expired';
    }
    // one write a minute at most: the idle clock does not need millisecond precision
    if (now - session.lastSeenAt.getTime() > 60_000) {
      session.lastSeenAt = new Date(now);
      await repository.update({ idHash: session.idHash }, { lastSeenAt: session.lastSeenAt });
    }
    return session;
  }

  async close(id: string): Promise<ConsoleSession | undefined> {
    const repository = this.runner.repository({}, ConsoleSession);
    const session = await repository.findOneBy({ idHash: hashOf(id) });
    if (session) {
      await repository.delete({ idHash: session.idHash });
    }
    return session ?? undefined;
  }

  /** Deletes ended sessions (called on a timer). */
  async sweep(): Promise<void> {
    await this.runner.repository({}, ConsoleSession).delete({ expiresAt: LessThan(new Date()) });
  }
}
