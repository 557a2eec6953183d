/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * An official document on LT_DOCS (lt.doc.<recipient>.edoc): the signed edXML package, byte for byte, in base64. Attachments travel in the object store; the package's signed manifest names them by SHA-256. The copies of document id, business type and attachment references here are routing hints that the receiver checks against the verified package.
 */
export interface EdocV1 {
  /**
   * edXML DocumentId: <issuer OrganId>,<YYYY/MM/DD or YYYY>,<số>/<ký hiệu>.
   */
  documentId: string;
  /**
   * BussinessDocType of the package: new, revoke, update or replace.
   */
  businessType: 'new' | 'revoke' | 'update' | 'replace';
  /**
   * The signed edXML package (UTF-8 bytes), standard base64.
   */
  package: string;
  /**
   * Object-store references of the attachments listed in the manifest.
   *
   * @maxItems 64
   */
  attachments: {
    sha256: string;
    size: number;
  }[];
}
