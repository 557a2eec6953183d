/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The enterprise with the requested code, or NOT_FOUND.
 */
export type EnterpriseByCodeResponseV1 = Found | NotFound;

/**
 * The record, minimised to the fields the access right allows.
 */
export interface Found {
  status: 'FOUND';
  record: Record;
  policy: Policy;
}
/**
 * An enterprise or branch of the national business registration database. Every field but enterpriseCode may be left out by minimisation.
 */
export interface Record {
  enterpriseCode: string;
  parentCode?: string | null;
  name?: string;
  shortName?: string | null;
  legalForm?:
    | 'PRIVATE_ENTERPRISE'
    | 'LLC_SINGLE_MEMBER'
    | 'LLC_MULTI_MEMBER'
    | 'JOINT_STOCK'
    | 'PARTNERSHIP'
    | 'BRANCH';
  status?: 'ACTIVE' | 'SUSPENDED' | 'DISSOLVING' | 'DISSOLVED' | 'BANKRUPT';
  foundingDate?: string;
  registeredAddress?: {
    communeCode: string;
    address: string;
  };
  /**
   * In VND; null for branches.
   */
  charterCapital?: number | null;
  legalRepresentatives?: {
    personalId: string;
    fullName: string;
    position: string;
    since: string;
  }[];
  registrationHistory?: {
    seq: number;
    kind: 'FOUNDED' | 'AMENDED' | 'SUSPENDED' | 'RESUMED' | 'DISSOLVED';
    registeredOn: string;
    description?: string | null;
  }[];
}
/**
 * What minimisation was applied to the record.
 */
export interface Policy {
  /**
   * Service code the answer was given for.
   */
  service: string;
  /**
   * Purpose (procedure code) the access right was granted for.
   */
  purpose: string;
  /**
   * Record fields the access right allows; every other field was removed.
   */
  fields: string[];
}
/**
 * The registry holds no record for the key.
 */
export interface NotFound {
  status: 'NOT_FOUND';
}
