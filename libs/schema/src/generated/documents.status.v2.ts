/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * A business status of an official document on LT_DOCS (lt.doc.<member>.status), bound to the document's DocumentId. The envelope's detached JWS, made with the sending agency's registered key, is the status's signature (docs/adr/0010): the receiver keeps the envelope body and its JWS, which verify offline. A 02 sent because a package or status failed a check also carries the machine-readable reason code; the answer to a resend names the delivery the copy came with (resendOf).
 */
export interface StatusV2 {
  /**
   * edXML DocumentId of the document the status reports on.
   */
  documentId: string;
  /**
   * QĐ 28/2018 status code: 01 arrived, 02 refused/returned, 03 accepted, 04 assigned, 05 processing, 06 completed, 13 take back, 15 change agreed, 16 change refused.
   */
  statusCode: '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';
  /**
   * The reason (edXML Status Description): required by the lifecycle for 02 and 16.
   */
  description?: string;
  /**
   * Who set the status (edXML StaffInfo).
   */
  staff?: {
    staff: string;
    department?: string;
  };
  /**
   * On a 02 answering a package or status that failed a check: the stable code of the first failed check.
   */
  reasonCode?: string;
  /**
   * Envelope id of the delivery this status answers, when it answers one.
   */
  deliveryId?: string;
  /**
   * On the answer to a resend (the same signed package again, in another envelope: deliveryId): the envelope id of the delivery that brought the copy the receiver holds. The status code is then that copy's current status; the answer is a report, never a timeline entry.
   */
  resendOf?: string;
}
