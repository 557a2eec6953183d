export { findRepositoryRoot, readSchemaFiles, type SchemaFile } from './schema-files';
export {
  SCHEMA_ID_PATTERN,
  formatSchemaId,
  parseSchemaId,
  schemaIdForPath,
  type SchemaIdParts,
} from './schema-id';
export {
  SchemaRegistry,
  type SchemaRegistryOptions,
  type SchemaViolation,
} from './schema-registry';
export { SchemaError, SchemaErrorCode } from './schema.errors';
export {
  HEALTH_INSURANCE_GROUPS,
  LEGACY_PROVINCES,
  PROVINCES_2025,
  PROVINCE_MERGER_DATE,
  VIETNAMESE_FORMATS,
  addVietnameseFormats,
  enterpriseCheckDigit,
  isEnterpriseCode,
  isHealthInsuranceCardCode,
  isOrganId,
  isPersonalId,
  isSocialInsuranceNumber,
  parsePersonalId,
  type MergedProvince,
  type PersonalIdParts,
} from './vn-identifiers';
export type { EnvelopeV1 } from './generated/bus.envelope.v1';
export type { ErrorV1 } from './generated/bus.error.v1';
export type { GlobalConfigurationV1 } from './generated/bus.global-configuration.v1';
export type { PingRequestV1 } from './generated/bus.ping-request.v1';
export type { PingResponseV1 } from './generated/bus.ping-response.v1';
export type { AuditRecordV1 } from './generated/audit.audit-record.v1';
export type { AuditBatchV1 } from './generated/audit.audit-batch.v1';
export type { CheckpointV1 } from './generated/audit.checkpoint.v1';
export type { EnterpriseByCodeRequestV1 } from './generated/business-registry.enterprise-by-code-request.v1';
export type { EnterpriseByCodeResponseV1 } from './generated/business-registry.enterprise-by-code-response.v1';
export type { EventsByPersonRequestV1 } from './generated/civil-status.events-by-person-request.v1';
export type { EventsByPersonResponseV1 } from './generated/civil-status.events-by-person-response.v1';
export type { InsuranceByPersonRequestV1 } from './generated/insurance.insurance-by-person-request.v1';
export type { InsuranceByPersonResponseV1 } from './generated/insurance.insurance-by-person-response.v1';
export type { CitizenByIdRequestV1 } from './generated/population.citizen-by-id-request.v1';
export type { CitizenByIdResponseV1 } from './generated/population.citizen-by-id-response.v1';
export type { CitizenProfileRequestV1 } from './generated/profile.citizen-profile-request.v1';
export type { CitizenProfileResponseV1 } from './generated/profile.citizen-profile-response.v1';
export type { AgencyConfigurationV1 } from './generated/gateway.agency-configuration.v1';
export type { MeritStatusByPersonRequestV1 } from './generated/merit.merit-status-by-person-request.v1';
export type { MeritStatusByPersonResponseV1 } from './generated/merit.merit-status-by-person-response.v1';
