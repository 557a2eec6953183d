import type { Party } from '@lienthong/envelope';
import type { MemberDef, VerifiedConfiguration } from '@lienthong/trust';
import type { DocumentRecipient } from './document.entity';
import { DocumentError } from './documents.errors';

/**
 * Who is who for documents, read from the verified global configuration: an edXML agency is a
 * member with an `organId`. The rule for the right to send (docs/protocol.md §11): every registered
 * member with an organ id may send documents to every other such member; the NATS grants
 * (`sendsDocumentsTo`) may narrow that on the transport, and the receiver still refuses a package
 * whose edXML `To` list does not name it (NĐ 30/2020 Art. 21(2): wrong recipient → 02).
 */
export class DocumentDirectory {
  constructor(private readonly config: VerifiedConfiguration) {}

  /** The member whose organ id this is. */
  memberByOrganId(organId: string): MemberDef | undefined {
    return this.config.config.members.find((m) => m.organId === organId);
  }

  /** This agency's own organ id; without one it cannot take part in document exchange. */
  ownOrganId(member: string): string {
    const organId = this.config.member(member)?.organId;
    if (!organId) {
      throw new DocumentError(
        'DOCUMENT_SENDER_UNREGISTERED',
        `member ${member} has no organ id in the global configuration`,
      );
    }
    return organId;
  }

  /**
   * A recipient by member code: its organ id and the subsystem that receives its documents — the
   * one the configuration names (`documentsSubsystem`), else the member's only subsystem. A member
   * with several subsystems and none named cannot be addressed: guessing could pick a client
   * system (an X-Road client subsystem) that runs no adapter.
   */
  recipient(member: string, self: string): DocumentRecipient {
    const def = this.config.member(member);
    const subsystem =
      def?.documentsSubsystem ??
      (def?.subsystems.length === 1 ? def.subsystems[0].code : undefined);
    if (!def?.organId || !subsystem || member === self) {
      throw new DocumentError(
        'DOCUMENT_RECIPIENT_UNKNOWN',
        `${member} is not another registered member with an organ id`,
        { details: { member } },
      );
    }
    return { member, subsystem, organId: def.organId };
  }

  /** Name of a member for the edXML `OrganName`. */
  organName(member: string): string {
    return this.config.member(member)?.name ?? member;
  }

  /**
   * The certificates (PEM) of the member holding `organId` that are valid now, chain to the bus
   * anchors and are not revoked: the only keys an edXML signature of that agency may verify with.
   */
  certificatesOf(organId: string, at: Date): string[] {
    const member = this.memberByOrganId(organId);
    if (!member) {
      return [];
    }
    const store = this.config.trustStore;
    return member.subsystems
      .flatMap((s) => s.certificates)
      .filter((pem) => {
        try {
          store.verifyCertificate(pem, at);
          return true;
        } catch {
          return false;
        }
      });
  }

  /** Whether `sender` (a verified envelope sender) may send documents to `recipient`. */
  maySend(sender: Party, recipient: string): boolean {
    return (
      sender.member !== recipient &&
      Boolean(this.config.member(sender.member)?.organId) &&
      Boolean(this.config.member(recipient)?.organId)
    );
  }
}
