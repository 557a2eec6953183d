import { startTelemetry } from '@lienthong/telemetry';

// Imported first by main.ts so http, express and pg are patched before they are loaded.
startTelemetry({ serviceName: 'console', member: 'CONSOLE' });
