/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The `metadata` part (JSON text) of POST /v1/documents: the recipients and the edXML header, minus what the adapter fills in (from, to, documentId). Only the shape is checked here (DOCUMENT_METADATA_INVALID); every header value is validated and normalised by the edXML builder before anything is signed (EDXML_* codes).
 */
export interface SendMetadataV1 {
  /**
   * Member codes of the recipients; optional for revoke (then the revoked document's).
   *
   * @maxItems 64
   */
  recipients?: string[];
  /**
   * The edXML MessageHeader (QCVN 102) without from, to and documentId: code {number, notation}, promulgation {place, date YYYY-MM-DD}, documentType {type, typeName}, subject, signer {position, fullName}, and optionally content, dueDate, toPlaces, priority (0..4), otherInfo, responseFor, steeringType. Its values are checked by the edXML builder (EDXML_* codes), not here.
   */
  header: {
    [k: string]: unknown | undefined;
  };
  business?: {
    docType: 'revoke' | 'update' | 'replace';
    /**
     * edXML DocumentId of the document this agency sent that is revoked, updated or replaced.
     */
    documentId: string;
    reason?: string;
    paper?: boolean;
  };
  paper?: boolean;
}
