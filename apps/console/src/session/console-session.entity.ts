import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which identity provider a person signed in with. */
export type Realm = 'staff' | 'citizen';

/** The person of a session, as the console shows and routes them (from the verified tokens). */
export interface SessionPerson {
  readonly subject: string;
  readonly name?: string;
  readonly role: string;
  readonly member?: string;
  readonly unit?: string;
  readonly personalId?: string;
}

/** A signed-in browser: its tokens stay here (docs/console.md, Sessions). */
@Entity({ name: 'sessions' })
export class ConsoleSession {
  @PrimaryColumn({ name: 'id_hash', type: 'char', length: 64 })
  idHash!: string;

  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  @Column({ type: 'varchar', length: 10 })
  realm!: Realm;

  @Column({ type: 'jsonb' })
  person!: SessionPerson;

  @Column({ name: 'access_token', type: 'text' })
  accessToken!: string;

  @Column({ name: 'id_token', type: 'text' })
  idToken!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;
}

/** A sign-in under way: what the callback must find again (PKCE verifier, state, nonce). */
@Entity({ name: 'sign_ins' })
export class PendingSignIn {
  @PrimaryColumn({ name: 'id_hash', type: 'char', length: 64 })
  idHash!: string;

  @Column({ type: 'varchar', length: 10 })
  realm!: Realm;

  @Column({ name: 'code_verifier', type: 'varchar', length: 128 })
  codeVerifier!: string;

  @Column({ type: 'varchar', length: 128 })
  state!: string;

  @Column({ type: 'varchar', length: 128 })
  nonce!: string;

  @Column({ name: 'return_to', type: 'varchar', length: 300 })
  returnTo!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
