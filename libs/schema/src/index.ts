export { findRepositoryRoot, readSchemaFiles, type SchemaFile } from './schema-files';
export {
  PROBLEM_SCHEMA_ID,
  addProblemResponses,
  addSchemaComponents,
  openApiRef,
  openApiSchemaName,
  type OpenApiDocument,
} from './openapi';
export {
  SCHEMA_ID_PATTERN,
  formatSchemaId,
  parseSchemaId,
  schemaIdForPath,
  type SchemaIdParts,
} from './schema-id';
export {
  DATA_SUBJECT_SCHEMES,
  SUBJECT_KEYWORD,
  SchemaRegistry,
  type SubjectField,
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
export type * from './generated/message-types';
