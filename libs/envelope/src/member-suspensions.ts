import { TrustStore, type TrustStoreInput } from '@lienthong/pki';
import { EnvelopeError } from './envelope.errors';
import type { Party } from './envelope.types';

/** A member's suspension as the global configuration marks it (`members[].suspension`). */
export interface MemberSuspension {
  /** When the operator suspended the member. */
  readonly since: string;
  /** When the suspension ends by itself; absent: until a configuration without the mark. */
  readonly until?: string;
}

/** Whether a suspension applies at `at`: always without `until`, before `until` otherwise. */
export function suspensionApplies(suspension: MemberSuspension, at: Date): boolean {
  return suspension.until === undefined || at.getTime() < Date.parse(suspension.until);
}

/**
 * The trust store of a verified global configuration: its certificates and revocations, plus
 * the members it marks suspended. Verifiers read the marks from the store they verify with, so
 * every verifier built on the configuration's store refuses a suspended sender without further
 * wiring (ENVELOPE_SENDER_SUSPENDED). A suspended member's certificates stay in the store: its
 * signature is still checked, so only a message it really signed is refused with this code.
 */
export class ConfigurationTrustStore extends TrustStore {
  readonly #suspensions: ReadonlyMap<string, MemberSuspension>;

  constructor(input: TrustStoreInput, suspensions: ReadonlyMap<string, MemberSuspension>) {
    super(input);
    this.#suspensions = new Map(suspensions);
  }

  /** The member's suspension if it applies at `at`, else undefined. */
  suspension(member: string, at: Date): MemberSuspension | undefined {
    const found = this.#suspensions.get(member);
    return found !== undefined && suspensionApplies(found, at) ? found : undefined;
  }
}

/** Refuses a message from a suspended member (step 7b of the verification order). */
export function assertSenderNotSuspended(store: TrustStore, sender: Party, at: Date): void {
  const suspension =
    store instanceof ConfigurationTrustStore ? store.suspension(sender.member, at) : undefined;
  if (suspension !== undefined) {
    throw new EnvelopeError('ENVELOPE_SENDER_SUSPENDED', `member ${sender.member} is suspended`, {
      details: { member: sender.member, ...suspension },
    });
  }
}
