/** Message type of a checkpoint AUDIT/log publishes on LT_AUDIT (schemas/audit/checkpoint/v1). */
export const AUDIT_CHECKPOINT_TYPE = 'urn:lienthong:audit:checkpoint:1';

/** Message type of a witness cosignature (schemas/audit/cosignature/v1). */
export const COSIGNATURE_TYPE = 'urn:lienthong:audit:cosignature:1';

/** Injection token of the witness's state, read by `/health`. */
export const WITNESS_STATE = Symbol('WITNESS_STATE');

const MEMBER = /^[A-Z][A-Z0-9]{1,15}$/;
const SUBSYSTEM = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Durable consumer on LT_AUDIT through which one agency system reads the log's checkpoints,
 * `<MEMBER>_<subsystem>_witness`: provisioned by the operator (agencies may not create
 * consumers), read and acked by the agency's own NATS user.
 */
export function witnessConsumerName(member: string, subsystem: string): string {
  if (!MEMBER.test(member) || !SUBSYSTEM.test(subsystem)) {
    throw new TypeError(`not a member system: ${member}/${subsystem}`);
  }
  return `${member}_${subsystem}_witness`;
}
