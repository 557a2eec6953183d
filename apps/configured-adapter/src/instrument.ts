import { readFileSync } from 'node:fs';
import { readEnv } from '@lienthong/config';
import { startTelemetry } from '@lienthong/telemetry';

/** The member the configuration names, for the traces' resource (read before anything loads). */
function configuredMember(): string | undefined {
  const file = readEnv('LT_AGENCY_CONFIG_FILE');
  try {
    const member = file
      ? (JSON.parse(readFileSync(file, 'utf8')) as { member?: unknown }).member
      : undefined;
    return typeof member === 'string' ? member : undefined;
  } catch {
    return undefined; // main.ts reports an unreadable configuration with every other problem
  }
}

// Imported first by main.ts so http, express and pg are patched before they are loaded.
startTelemetry({ serviceName: 'configured-adapter', member: configuredMember() ?? 'UNKNOWN' });
