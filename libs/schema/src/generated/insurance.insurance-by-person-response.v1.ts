/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The person's insurance status and card, or NOT_FOUND.
 */
export type InsuranceByPersonResponseV1 = Found | NotFound;

/**
 * The record, minimised to the fields the access right allows.
 */
export interface Found {
  status: 'FOUND';
  record: Record;
  policy: Policy;
}
/**
 * A person's social-insurance status: number, participation history and current health-insurance card. Every field but personalId may be left out by minimisation.
 */
export interface Record {
  personalId: string;
  socialInsuranceNumber?: string;
  /**
   * Whether a participation period is open today.
   */
  participating?: boolean;
  participation?: {
    scheme: 'COMPULSORY' | 'VOLUNTARY';
    employerCode?: string | null;
    fromMonth: string;
    toMonth: string | null;
  }[];
  healthInsuranceCard?: {
    cardCode: string;
    beneficiaryGroup: string;
    benefitLevel: number;
    validFrom: string;
    validTo: string | null;
    registeredClinic: string;
    status: 'ACTIVE' | 'EXPIRED' | 'REVOKED';
  } | null;
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
