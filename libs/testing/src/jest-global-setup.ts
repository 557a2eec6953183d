import { registerLienthongAliases } from './alias-hooks';

/** jest globalSetup of the int and e2e projects: the run's nats-server and PostgreSQL. */
export default async function setup(
  _globalConfig: unknown,
  projectConfig: { rootDir: string },
): Promise<void> {
  registerLienthongAliases(projectConfig.rootDir);
  // Loaded only now: its @lienthong imports need the aliases registered above.
  const { startTestServers } = await import('./test-servers');
  await startTestServers();
}
