import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Roles a person of the local stack can hold (the console routes each to its own pages). */
export type DemoRole = 'officer' | 'auditor' | 'operator' | 'leader' | 'citizen';

/** A person of the local identity provider and the claims its tokens carry. */
export interface DemoAccount {
  readonly username: string;
  /** `scrypt$<salt b64url>$<hash b64url>` */
  readonly passwordHash: string;
  /** Stable subject (`sub`). */
  readonly subject: string;
  readonly name: string;
  readonly role: DemoRole;
  /** Agency the staff member acts for. */
  readonly member?: string;
  readonly unit?: string;
  /** A citizen's personal id. */
  readonly personalId?: string;
}

const SCRYPT = { N: 16384, r: 8, p: 1 } as const;

/** Hashes a password for an accounts file (scrypt, random salt). */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFC'), salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) {
    return false;
  }
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64url'), 32, SCRYPT);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The people of the local identity provider, read once from its accounts file. */
export class DemoAccounts {
  private readonly byUsername: Map<string, DemoAccount>;
  private readonly bySubject: Map<string, DemoAccount>;

  constructor(accounts: readonly DemoAccount[]) {
    this.byUsername = new Map(accounts.map((a) => [a.username.toLowerCase(), a]));
    this.bySubject = new Map(accounts.map((a) => [a.subject, a]));
  }

  static fromFile(path: string): DemoAccounts {
    return new DemoAccounts(JSON.parse(readFileSync(path, 'utf8')) as DemoAccount[]);
  }

  /** The account whose password matches, or undefined (same work whether the user exists or not). */
  authenticate(username: string, password: string): DemoAccount | undefined {
    const account = this.byUsername.get(username.trim().toLowerCase());
    const matches = passwordMatches(password, account?.passwordHash ?? DECOY);
    return account && matches ? account : undefined;
  }

  find(subject: string): DemoAccount | undefined {
    return this.bySubject.get(subject);
  }
}

// compared against when the user name is unknown, so a wrong name costs as much as a wrong password
const DECOY = hashPassword(randomBytes(12).toString('base64url'));
