/** JWS `typ` of the signed global configuration. */
export const CONFIGURATION_JWS_TYPE = 'lt-config+jws';

/** Schema of the global configuration document. */
export const GLOBAL_CONFIGURATION_SCHEMA_ID = 'urn:lienthong:bus:global-configuration:1';
