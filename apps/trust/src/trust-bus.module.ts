import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { jetstream } from '@nats-io/jetstream';
import { type KV } from '@nats-io/kv';
import type { NatsSettings } from '@lienthong/config';
import {
  busConnectionOptions,
  connectBus,
  drainBus,
  ensureConfigBucket,
  inboxPrefix,
  type BusNamespace,
} from '@lienthong/messaging';
import { TRUST_PARTY } from './trust.constants';

/** The client connection type, as the messaging lib returns it. */
export type NatsConnection = Awaited<ReturnType<typeof connectBus>>;

/** Injection token of the trust service's NATS connection. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** Injection token of the configuration KV bucket. */
export const CONFIG_KV = Symbol('CONFIG_KV');

/** Where and how the trust service connects to the bus. */
export interface TrustBusOptions extends NatsSettings {
  readonly namespace: BusNamespace;
}

/** Drains the connection when the app shuts down, so in-flight KV puts complete. */
@Injectable()
class BusDrainer implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await drainBus(this.nc);
  }
}

/** The NATS connection and the LT_CONFIG bucket. */
@Module({})
export class TrustBusModule {
  /** Connects at boot (fails fast when NATS is unreachable) and ensures the config bucket. */
  static register(options: TrustBusOptions): DynamicModule {
    return {
      module: TrustBusModule,
      providers: [
        {
          provide: NATS_CONNECTION,
          useFactory: () =>
            connectBus({
              ...busConnectionOptions(options),
              name: 'TRUST/central',
              // its own reply inboxes only: its NATS user may read no other party's replies
              inboxPrefix: inboxPrefix(
                options.namespace,
                TRUST_PARTY.member,
                TRUST_PARTY.subsystem,
              ),
            }),
        },
        {
          provide: CONFIG_KV,
          useFactory: (nc: NatsConnection): Promise<KV> =>
            ensureConfigBucket(jetstream(nc), options.namespace),
          inject: [NATS_CONNECTION],
        },
        BusDrainer,
      ],
      exports: [NATS_CONNECTION, CONFIG_KV],
    };
  }
}
