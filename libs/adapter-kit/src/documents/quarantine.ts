import { v7 as uuidv7 } from 'uuid';
import { peekUnverifiedBody, type VerifiedEnvelope } from '@lienthong/envelope';
import type { AppError } from '@lienthong/errors';
import { LT_SIGNATURE, type DurableMessage } from '@lienthong/messaging';
import type { QuarantinedDocument } from './quarantined-document.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PARTY = /^[A-Z][A-Z0-9]{1,15}\/[a-z][a-z0-9-]{0,31}$/;

/**
 * The quarantine row of a refused delivery: the raw bytes as received, the reason, and what the
 * delivery claimed. Claims of an envelope that did not verify are kept only when well formed,
 * and flagged as unverified.
 */
export function quarantineEntry(
  message: DurableMessage,
  envelope: VerifiedEnvelope<{ documentId?: string }> | undefined,
  error: AppError,
  statusSent: boolean,
): Omit<QuarantinedDocument, 'receivedAt'> {
  const body = (envelope?.body ?? peekUnverifiedBody(message.data)) as {
    id?: unknown;
    sender?: { member?: unknown; subsystem?: unknown };
    payload?: { documentId?: unknown };
  };
  const sender = `${String(body.sender?.member)}/${String(body.sender?.subsystem)}`;
  const documentId = body.payload?.documentId;
  return {
    id: uuidv7(),
    deliveryId: typeof body.id === 'string' && UUID.test(body.id) ? body.id : null,
    claimedSender: PARTY.test(sender) ? sender : null,
    envelopeVerified: envelope !== undefined,
    documentId: typeof documentId === 'string' && documentId.length <= 300 ? documentId : null,
    reasonCode: error.code,
    reason: error.message.slice(0, 2000),
    subject: message.subject.slice(0, 200),
    raw: Buffer.from(message.data),
    signature: message.headers[LT_SIGNATURE]?.slice(0, 4000) ?? null,
    statusSent,
  };
}
