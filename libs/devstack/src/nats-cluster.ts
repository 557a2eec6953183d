import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNatsServerConfig, type NatsListenerTls, type NatsUser } from '@lienthong/messaging';
import { DevstackError } from './devstack.errors';
import {
  FULL_NATS_SERVER_VERSION,
  findNatsServer,
  launchNatsServer,
  natsServerArgs,
  natsServerVersion,
  versionAtLeast,
  type RunningNats,
} from './nats-server';
import { freePort } from './network-wait';

/** How {@link startNatsCluster} runs its nodes. */
export interface StartNatsClusterInput {
  /** Number of nodes (3 for R3 streams); each keeps its store in `<storeDir>/n<i>`. */
  readonly size: number;
  readonly storeDir: string;
  /** `cluster.name`; default `lienthong`. */
  readonly name?: string;
  readonly host?: string;
  /** Client TLS; the same certificate serves the routes (mutual TLS between the nodes). */
  readonly tls?: NatsListenerTls;
  readonly users?: readonly NatsUser[];
  /** Where each node's log goes: `<logDir>/nats-n<i>.log`. */
  readonly logDir?: string;
  /** Fixed client ports, one per node; default free ports. */
  readonly ports?: readonly number[];
  /** Monitoring endpoints (`/healthz`, `/jsz`) on free ports. */
  readonly monitor?: boolean;
}

/** One node of a running cluster. */
export interface ClusterNode {
  /** `server_name`, e.g. `n1`: what JetStream reports as a stream's or consumer's leader. */
  readonly name: string;
  readonly url: string;
  readonly monitorUrl?: string;
  /** Whether its process runs. */
  readonly running: boolean;
  /** kill -9 (or another signal) of this node alone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports and store. */
  start(): Promise<void>;
}

/** A local NATS cluster started by {@link startNatsCluster}. */
export interface RunningNatsCluster {
  /** Every node's client URL, comma-separated, as NATS_URL takes it. */
  readonly url: string;
  readonly nodes: readonly ClusterNode[];
  readonly version: string;
  /** Whether the server version honours `sync_interval` (it is left out below 2.10, and logged). */
  readonly syncAlways: boolean;
  node(name: string): ClusterNode;
  stop(): Promise<void>;
}

interface NodePlan {
  readonly name: string;
  readonly port: number;
  readonly routePort: number;
  readonly monitorPort?: number;
  readonly storeDir: string;
  readonly configFile: string;
  readonly logFile?: string;
}

/**
 * Starts `size` nats-server processes on one host, each with JetStream, joined by routes into one
 * cluster (routes over mutual TLS when `tls` is given), and resolves once all accept clients.
 * JetStream elects its meta leader a moment later; callers that create streams wait for it
 * (`waitForJetStream` in @lienthong/testing, or a retry). Below nats-server 2.10 `sync_interval`
 * is unknown: the nodes then run without it and `syncAlways` is false.
 */
export async function startNatsCluster(input: StartNatsClusterInput): Promise<RunningNatsCluster> {
  if (!Number.isInteger(input.size) || input.size < 1 || input.size > 7) {
    throw new DevstackError('DEVSTACK_NATS_START_FAILED', `a cluster of ${input.size} nodes`);
  }
  const bin = findNatsServer();
  const version = await natsServerVersion(bin);
  const syncAlways = versionAtLeast(version, FULL_NATS_SERVER_VERSION);
  const host = input.host ?? '127.0.0.1';
  const name = input.name ?? 'lienthong';
  const plans: NodePlan[] = [];
  for (let i = 1; i <= input.size; i++) {
    const storeDir = join(input.storeDir, `n${i}`);
    mkdirSync(storeDir, { recursive: true });
    plans.push({
      name: `n${i}`,
      port: input.ports?.[i - 1] ?? (await freePort(host)),
      routePort: await freePort(host),
      ...(input.monitor ? { monitorPort: await freePort(host) } : {}),
      storeDir,
      configFile: join(storeDir, 'nats-server.conf'),
      ...(input.logDir ? { logFile: join(input.logDir, `nats-n${i}.log`) } : {}),
    });
  }
  const routes = plans.map((p) => `nats-route://${host}:${p.routePort}`);
  for (const plan of plans) {
    const text = renderNatsServerConfig({
      host,
      port: plan.port,
      serverName: plan.name,
      users: input.users,
      ...(input.tls ? { tls: input.tls } : {}),
      ...(syncAlways ? { syncInterval: 'always' } : {}),
      cluster: {
        name,
        host,
        port: plan.routePort,
        routes: routes.filter((r) => !r.endsWith(`:${plan.routePort}`)),
        ...(input.tls ? { tls: input.tls } : {}),
      },
    });
    writeFileSync(plan.configFile, text, { mode: 0o600 });
  }
  const running = new Map<string, RunningNats>();
  const launch = async (plan: NodePlan) => {
    running.set(
      plan.name,
      await launchNatsServer({
        bin,
        args: natsServerArgs({
          storeDir: plan.storeDir,
          host,
          port: plan.port,
          monitorPort: plan.monitorPort,
          configFile: plan.configFile,
        }),
        host,
        port: plan.port,
        monitorPort: plan.monitorPort,
        configFile: plan.configFile,
        logFile: plan.logFile,
      }),
    );
  };
  try {
    await Promise.all(plans.map(launch));
  } catch (error) {
    await Promise.allSettled([...running.values()].map((n) => n.stop()));
    throw error;
  }
  const scheme = input.tls ? 'tls' : 'nats';
  const nodes: ClusterNode[] = plans.map((plan) => ({
    name: plan.name,
    url: `${scheme}://${host}:${plan.port}`,
    ...(plan.monitorPort ? { monitorUrl: `http://${host}:${plan.monitorPort}` } : {}),
    get running() {
      return running.has(plan.name);
    },
    kill: async (signal = 'SIGKILL') => {
      const node = running.get(plan.name);
      running.delete(plan.name);
      await node?.kill?.(signal);
    },
    start: async () => {
      if (!running.has(plan.name)) {
        await launch(plan);
      }
    },
  }));
  return {
    url: nodes.map((n) => n.url).join(','),
    nodes,
    version,
    syncAlways,
    node: (nodeName) => {
      const node = nodes.find((n) => n.name === nodeName);
      if (!node) {
        throw new Error(`no node ${nodeName} in the cluster`);
      }
      return node;
    },
    stop: async () => {
      const all = [...running.values()];
      running.clear();
      await Promise.allSettled(all.map((n) => n.stop()));
    },
  };
}
