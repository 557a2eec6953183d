/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

/**
 * The person's entry in the registry of people with meritorious service (người có công với cách mạng), or NOT_FOUND when the registry holds none.
 */
export type MeritStatusByPersonResponseV1 = Found | NotFound;

/**
 * The entry, minimised to the fields the access right allows.
 */
export interface Found {
  status: 'FOUND';
  record: Record;
  policy: Policy;
}
/**
 * One person's entry. Every field but personalId may be left out by minimisation.
 */
export interface Record {
  personalId: string;
  fullName?: string;
  /**
   * As the registry holds it: a full date, a year and month, or a year.
   */
  dateOfBirth?: string;
  /**
   * WAR_INVALID thương binh; TREATED_AS_WAR_INVALID người hưởng chính sách như thương binh; SICK_SOLDIER bệnh binh.
   */
  category?: 'WAR_INVALID' | 'TREATED_AS_WAR_INVALID' | 'SICK_SOLDIER';
  /**
   * Tỷ lệ tổn thương cơ thể: the assessed loss of working capacity, in percent.
   */
  injuryRate?: number;
  /**
   * Số giấy chứng nhận: the number of the war-invalid (or sick-soldier) certificate.
   */
  certificateNumber?: string;
  certificateIssuedOn?: string;
  /**
   * The provincial authority that manages the person's file.
   */
  managingAuthority?: string;
  /**
   * Monthly allowance (trợ cấp hằng tháng): RECEIVING, SUSPENDED or ENDED.
   */
  allowanceStatus?: 'RECEIVING' | 'SUSPENDED' | 'ENDED';
  /**
   * When the registry last changed the entry.
   */
  updatedOn?: string;
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
   *
   * @maxItems 32
   */
  fields: string[];
}
/**
 * The registry holds no entry for this person.
 */
export interface NotFound {
  status: 'NOT_FOUND';
}
