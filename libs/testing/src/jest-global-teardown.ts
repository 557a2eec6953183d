import { registerLienthongAliases } from './alias-hooks';

/** jest globalTeardown of the int and e2e projects: stops what globalSetup started. */
export default async function teardown(
  _globalConfig: unknown,
  projectConfig: { rootDir: string },
): Promise<void> {
  registerLienthongAliases(projectConfig.rootDir);
  const { stopTestServers } = await import('./test-servers');
  await stopTestServers();
}
