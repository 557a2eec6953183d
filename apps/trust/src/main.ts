import './instrument';
import { exitOnConfigError, redactConfig } from '@lienthong/config';
import { createLogger } from '@lienthong/telemetry';
import { createTrustApp } from './trust.app';
import { loadTrustConfig, type TrustConfig } from './trust.config';

async function main(): Promise<void> {
  let config: Readonly<TrustConfig>;
  try {
    config = loadTrustConfig();
  } catch (error) {
    exitOnConfigError(error, 'trust');
  }
  const logger = createLogger({ name: 'trust' });
  logger.info({ config: redactConfig(config) }, 'starting');
  const app = await createTrustApp(config);
  await app.listen(config.http.port, config.http.host);
  logger.info({ url: await app.getUrl() }, 'trust service listening');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `trust: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
