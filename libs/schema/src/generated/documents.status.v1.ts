/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * A business status of an official document on LT_DOCS (lt.doc.<member>.status): the signed edXML Status packet (01..16) bound to the document's DocumentId, in base64. A 02 sent because a package failed verification also carries the machine-readable reason code.
 */
export interface StatusV1 {
  /**
   * edXML DocumentId of the document the status reports on.
   */
  documentId: string;
  /**
   * QĐ 28/2018 status code: 01 arrived, 02 refused/returned, 03 accepted, 04 assigned, 05 processing, 06 completed, 13 take back, 15 change agreed, 16 change refused.
   */
  statusCode: '01' | '02' | '03' | '04' | '05' | '06' | '13' | '15' | '16';
  /**
   * The signed edXML Status packet (UTF-8 bytes), standard base64.
   */
  package: string;
  /**
   * On a 02 answering a package that failed verification: the stable code of the first failed check.
   */
  reasonCode?: string;
  /**
   * Envelope id of the delivery this status answers, when it answers one.
   */
  deliveryId?: string;
}
