export { APP_NODE_OPTIONS } from './app-runtime';
export { createDatabase } from './database';
export { DevstackError, DevstackErrorCode } from './devstack.errors';
export {
  FULL_NATS_SERVER_VERSION,
  MIN_NATS_SERVER_VERSION,
  bundledNatsServer,
  findNatsServer,
  natsServerVersion,
  startNatsServer,
  versionAtLeast,
  type RunningNats,
  type StartNatsInput,
} from './nats-server';
export {
  startNatsCluster,
  type ClusterNode,
  type RunningNatsCluster,
  type StartNatsClusterInput,
} from './nats-cluster';
export { ensureNatsTls, type NatsTlsFiles } from './nats-tls';
export { checkTcpReachable, freePort, waitForHttp, waitForTcp } from './network-wait';
export { startPostgres, type RunningPostgres, type StartPostgresInput } from './postgres';
export {
  ProcessGroup,
  type GroupSpawnOptions,
  type ProcessGroupOptions,
  type UnexpectedExit,
} from './process-group';
