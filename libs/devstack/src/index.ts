export { APP_NODE_OPTIONS } from './app-runtime';
export { createDatabase } from './database';
export { DevstackError, DevstackErrorCode } from './devstack.errors';
export {
  findNatsServer,
  natsServerVersion,
  startNatsServer,
  type RunningNats,
  type StartNatsInput,
} from './nats-server';
export { checkTcpReachable, freePort, waitForHttp, waitForTcp } from './network-wait';
export { startPostgres, type RunningPostgres, type StartPostgresInput } from './postgres';
export {
  ProcessGroup,
  type GroupSpawnOptions,
  type ProcessGroupOptions,
  type UnexpectedExit,
} from './process-group';
