import { TrustStore, type MemberSuspension, type TrustStoreInput } from '@lienthong/pki';

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
  override suspension(member: string, at: Date): MemberSuspension | undefined {
    const found = this.#suspensions.get(member);
    return found !== undefined && suspensionApplies(found, at) ? found : undefined;
  }
}
