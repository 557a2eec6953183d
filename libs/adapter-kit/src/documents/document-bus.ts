import type { EnvelopeBody, Party } from '@lienthong/envelope';
import type { BusNamespace, JetStreamClient } from '@lienthong/messaging';
import type { Signer } from '@lienthong/pki';
import type { SchemaRegistry } from '@lienthong/schema';
import type { Logger } from '@lienthong/telemetry';
import type { AuditOutcome } from '@lienthong/audit-log';
import type { VerifiedConfiguration } from '@lienthong/trust';

/** Token of the adapter's bus runtime, as the document exchange uses it. */
export const DOCUMENT_BUS = Symbol('DOCUMENT_BUS');
/** Token of the adapter's audit trail. */
export const DOCUMENT_AUDIT = Symbol('DOCUMENT_AUDIT');

/**
 * What the document exchange needs of the adapter's BusRuntime (the kit binds it with
 * `useExisting`, so this folder depends on a port rather than on the kit's classes).
 */
export interface DocumentBus {
  readonly logger: Logger;
  readonly namespace: BusNamespace;
  readonly signer: Signer;
  readonly schemas: SchemaRegistry;
  readonly configuration: { current(): VerifiedConfiguration };
  readonly self: Party;
  readonly jetstream: JetStreamClient;
}

/** What the document exchange needs of the adapter's AuditTrail. */
export interface DocumentAudit {
  record(facts: {
    body?: Partial<EnvelopeBody>;
    bytes?: Uint8Array;
    signature?: string;
    outcome: AuditOutcome;
    verified: boolean;
    claimedSender?: Party;
  }): Promise<unknown>;
}

/** The authenticated caller, as the kit's officer token verifier returns it. */
export interface DocumentOfficer {
  readonly id: string;
  readonly role: string;
  readonly member: string;
  readonly unit?: string;
  readonly name?: string;
}
