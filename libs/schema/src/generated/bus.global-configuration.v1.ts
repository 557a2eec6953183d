/* Generated from schemas/ by libs/schema/src/generate-types.ts (npm run schemas:generate).
 * Do not edit: change the schema and regenerate. */

export type Timestamp = string;
export type Pem = string;
export type MemberCode = string;
export type SubsystemCode = string;
export type Code = string;
export type SchemaId = string;
/**
 * A payload field, dotted for nested fields (e.g. address.province).
 */
export type FieldName = string;
/**
 * Lower-case ASCII: the kind of text (luat, nd, qd, tt), its name or number and year, optionally an article after a dot (luat-ho-tich-2014.d16).
 */
export type LegalBasisCode = string;

/**
 * The signed snapshot the trust service publishes to KV bucket LT_CONFIG, key global: trust material, members, service catalog, rights, revocations and bus settings. Valid only when signed by TRUST/central.
 */
export interface GlobalConfigurationV1 {
  /**
   * Monotonic snapshot number; a receiver never goes back to a lower one.
   */
  version: number;
  /**
   * Name of the bus instance (environment), e.g. LT-DEV.
   */
  instance: string;
  issuedAt: Timestamp;
  expiresAt: Timestamp;
  /**
   * Bus root CA certificates (PEM).
   *
   * @minItems 1
   * @maxItems 16
   */
  anchors: Pem[];
  /**
   * Issuing CA certificates (PEM).
   *
   * @maxItems 64
   */
  intermediates: Pem[];
  /**
   * @maxItems 10000
   */
  members: Member[];
  /**
   * @maxItems 10000
   */
  services: Service[];
  /**
   * @maxItems 100000
   */
  accessRights: AccessRight[];
  /**
   * @maxItems 100000
   */
  eventRights: EventRight[];
  /**
   * @maxItems 100000
   */
  revocations: Revocation[];
  settings: Settings;
}
export interface Member {
  code: MemberCode;
  name: string;
  /**
   * QCVN 102 agency code, e.g. 000.00.00.G22.
   */
  organId?: string;
  /**
   * The subsystem that sends and receives the organ's official documents (its adapter); absent, a member with one subsystem uses that one.
   */
  documentsSubsystem?: string;
  /**
   * @maxItems 64
   */
  subsystems: Subsystem[];
  suspension?: Suspension;
}
export interface Subsystem {
  code: SubsystemCode;
  /**
   * Registered signing certificates (PEM); kid = SHA-256 thumbprint of one of them.
   *
   * @maxItems 16
   */
  certificates: Pem[];
}
/**
 * Present on a member the operator has suspended: while the mark is present (and, when until is given, before until) verifiers refuse the member's messages (ENVELOPE_SENDER_SUSPENDED) and senders send nothing to it (ENVELOPE_RECIPIENT_SUSPENDED). since is when the suspension began. Absent on an active member.
 */
export interface Suspension {
  since: Timestamp;
  until?: Timestamp;
}
export interface Service {
  code: Code;
  version: number;
  provider: Party;
  requestType: SchemaId;
  responseType: SchemaId;
  title: string;
  /**
   * Response fields a consumer may be granted.
   *
   * @maxItems 256
   */
  fields: FieldName[];
}
export interface Party {
  member: MemberCode;
  subsystem: SubsystemCode;
}
export interface AccessRight {
  consumer: Party;
  service: Code;
  /**
   * Procedure codes the consumer may invoke the service for.
   *
   * @minItems 1
   * @maxItems 256
   */
  purposes: string[];
  /**
   * Granted response fields (a subset of the service's fields).
   *
   * @maxItems 256
   */
  fields: FieldName[];
  /**
   * For each purpose (procedure code), the legal bases a request for it may cite in purpose.legalBasis, by code. A purpose absent here has no legal basis allowed: every request for it is refused with ACCESS_LEGAL_BASIS_NOT_ALLOWED.
   */
  legalBases?: {
    /**
     * @minItems 1
     * @maxItems 32
     */
    [k: string]: LegalBasis[] | undefined;
  };
}
/**
 * A legal basis: a stable code (what purpose.legalBasis carries) and the citation of the legal text it stands for, in Vietnamese (e.g. luat-cu-tru-2020: Luật Cư trú số 68/2020/QH14).
 */
export interface LegalBasis {
  code: LegalBasisCode;
  citation: string;
}
export interface EventRight {
  subscriber: Party;
  publisher: MemberCode;
  eventType: Code;
}
export interface Revocation {
  /**
   * base64url SHA-256 of the certificate DER (its kid).
   */
  thumbprint: string;
  serialNumber: string;
  revokedAt: Timestamp;
  /**
   * RFC 5280 CRLReason.
   */
  reason:
    | 'unspecified'
    | 'keyCompromise'
    | 'cACompromise'
    | 'affiliationChanged'
    | 'superseded'
    | 'cessationOfOperation'
    | 'privilegeWithdrawn';
}
export interface Settings {
  clockSkewSeconds: number;
  maxMessageBytes: number;
  maxLifetimeSeconds: number;
}
