import {
  STREAM_KINDS,
  connectBus,
  drainBus,
  ensureStreams,
  jetstreamManager,
  streamName,
  type JetStreamManager,
  type NatsConnection,
} from '@lienthong/messaging';
import { testNatsConnection } from './test-env';
import { testNamespace, type TestNamespace } from './test-namespace';

/** A test file's own bus: a namespace, a connection, the namespace's streams. */
export interface TestStreams {
  readonly ns: TestNamespace;
  readonly nc: NatsConnection;
  readonly jsm: JetStreamManager;
  /** Deletes the namespace's streams and drains the connection. */
  close(): Promise<void>;
}

/** Connects to the test NATS as `name` and creates the streams of a fresh namespace (R1). */
export async function openTestStreams(name: string): Promise<TestStreams> {
  const ns = testNamespace();
  const nc = await connectBus({ ...testNatsConnection(), name });
  const jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, ns, { replicas: 1 });
  return {
    ns,
    nc,
    jsm,
    close: async () => {
      for (const kind of STREAM_KINDS) {
        await jsm.streams.delete(streamName(ns, kind));
      }
      await drainBus(nc);
    },
  };
}
