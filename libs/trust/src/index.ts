export {
  decodeConfigurationRecord,
  encodeConfigurationRecord,
  type SignedConfiguration,
} from './configuration-record';
export { putConfiguration, watchConfiguration, type ConfigurationValue } from './configuration-kv';
export { ConfigurationState } from './configuration-state';
export {
  CONFIGURATION_SIGNER,
  signGlobalConfiguration,
  verifyConfigurationDocument,
  type AccessRight,
  type BusSettings,
  type EventRight,
  type GlobalConfiguration,
  type MemberDef,
  type OpenConfigurationInput,
  type RevocationEntry,
  type ServiceDef,
} from './global-configuration';
export {
  GlobalConfigurationError,
  GlobalConfigurationErrorCode,
} from './global-configuration.errors';
export { ConfigurationTrustStore, suspensionApplies } from './member-suspensions';
export { CONFIGURATION_JWS_TYPE, GLOBAL_CONFIGURATION_SCHEMA_ID } from './trust.constants';
export { VerifiedConfiguration } from './verified-configuration';
