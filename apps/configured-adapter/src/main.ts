import './instrument';
import { runAdapter } from '@lienthong/adapter-kit';
import { ConfigError, exitOnConfigError, readEnv } from '@lienthong/config';
import { SchemaRegistry } from '@lienthong/schema';
import { loadAgencyConfiguration } from './agency-configuration';
import { configuredAgencyDefinition } from './configured-agency';

/**
 * An agency adapter declared by configuration: `LT_AGENCY_CONFIG_FILE` names the agency
 * configuration file (schemas/gateway/agency-configuration), `LT_AGENCY_FILES_DIR` optionally the
 * folder its relative file paths (secrets, certificates) are read from; everything else is the
 * environment of every adapter (docs/operations.md).
 */
function main(): void {
  const file = readEnv('LT_AGENCY_CONFIG_FILE');
  try {
    if (!file) {
      throw new ConfigError(['LT_AGENCY_CONFIG_FILE is required but not set']);
    }
    const filesDir = readEnv('LT_AGENCY_FILES_DIR');
    const agency = loadAgencyConfiguration(file, new SchemaRegistry(), {
      ...(filesDir ? { filesDir } : {}),
    });
    void runAdapter(configuredAgencyDefinition(agency));
  } catch (error) {
    exitOnConfigError(error, 'configured-adapter');
  }
}

main();
