import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { MemoryReplayGuard, EnvelopeVerifier } from '@lienthong/envelope';
import {
  openConfigBucket,
  busConnectionOptions,
  connectBus,
  drainBus,
  inboxPrefix,
  jetstream,
  type BusNamespace,
  type JetStreamClient,
  type NatsConnection,
} from '@lienthong/messaging';
import { Signer } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import {
  createLogger,
  metrics,
  setCertificateExpiry,
  setConfiguration,
  type Logger,
} from '@lienthong/telemetry';
import {
  ConfigurationState,
  VerifiedConfiguration,
  decodeConfigurationRecord,
  watchConfiguration,
} from '@lienthong/trust';
import type { AdapterConfig } from './adapter.config';
import { ADAPTER_CONFIG, AGENCY_DEFINITION } from './adapter-kit.constants';
import type { AgencyDefinition } from '../agency-definition';

const GLOBAL_KEY = 'global';

/**
 * The adapter's connection to the bus and its trust material: NATS, JetStream, this agency's
 * signer (the private key stays inside it), the schema registry, and the verified global
 * configuration, watched in KV and re-verified on every change.
 */
@Injectable()
export class BusRuntime implements OnModuleInit, OnApplicationShutdown {
  readonly logger: Logger;
  readonly namespace: BusNamespace;
  readonly signer: Signer;
  readonly schemas: SchemaRegistry;
  readonly configuration = new ConfigurationState();
  readonly verifier: EnvelopeVerifier;
  readonly subjectKey: Buffer;
  private readonly anchors: string[];
  private connection?: NatsConnection;
  private js?: JetStreamClient;
  private stopWatch?: () => void;
  private stopScrape?: () => void;

  constructor(
    @Inject(ADAPTER_CONFIG) private readonly config: AdapterConfig,
    @Inject(AGENCY_DEFINITION) readonly agency: AgencyDefinition,
  ) {
    this.logger = createLogger({ name: 'bus', base: { agency: agency.member } });
    this.namespace = { subjectRoot: config.bus.subjectRoot, streamPrefix: config.bus.streamPrefix };
    this.signer = Signer.fromPem({
      privateKeyPem: readFileSync(config.pki.keyFile, 'utf8'),
      certificatePem: readFileSync(config.pki.certFile, 'utf8'),
      chainPems: config.pki.chainFile ? splitPems(readFileSync(config.pki.chainFile, 'utf8')) : [],
    });
    this.anchors = splitPems(readFileSync(config.pki.anchorFile, 'utf8'));
    this.subjectKey = readFileSync(config.pki.subjectKeyFile);
    this.schemas = new SchemaRegistry();
    this.verifier = new EnvelopeVerifier({
      trustStore: () => this.configuration.current().trustStore,
      schemas: this.schemas,
      replay: new MemoryReplayGuard(),
    });
  }

  /** This adapter as a bus party. */
  get self() {
    return { member: this.agency.member, subsystem: this.agency.subsystem };
  }

  get nats(): NatsConnection {
    if (!this.connection) {
      throw new Error('bus connection used before start');
    }
    return this.connection;
  }

  get jetstream(): JetStreamClient {
    if (!this.js) {
      throw new Error('JetStream used before start');
    }
    return this.js;
  }

  async onModuleInit(): Promise<void> {
    this.stopScrape = metrics.onScrape('configuration', () => {
      const held = this.configuration.held();
      setConfiguration(
        held && {
          version: held.version,
          issuedAt: held.config.issuedAt,
          expiresAt: held.config.expiresAt,
        },
      );
      setCertificateExpiry('signing', this.signer.certificate.notAfter);
    });
    this.connection = await connectBus({
      ...busConnectionOptions(this.config.nats),
      name: `${this.agency.member}/${this.agency.subsystem}`,
      inboxPrefix: inboxPrefix(this.namespace, this.agency.member, this.agency.subsystem),
      logger: this.logger,
    });
    this.js = jetstream(this.connection);
    const kv = await openConfigBucket(this.connection, this.namespace);
    this.stopWatch = await watchConfiguration(
      kv,
      GLOBAL_KEY,
      (value) => this.onConfiguration(value.value),
      (error) => this.logger.error({ err: error }, 'configuration watch failed'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopScrape?.();
    this.stopWatch?.();
    if (this.connection) {
      await drainBus(this.connection);
    }
  }

  private async onConfiguration(value: Uint8Array): Promise<void> {
    try {
      const { bytes, signature } = decodeConfigurationRecord(value);
      const verified = await VerifiedConfiguration.open(bytes, signature, {
        anchors: this.anchors,
        schemas: this.schemas,
        at: new Date(),
      });
      if (this.configuration.accept(verified)) {
        this.logger.info(
          { version: verified.version, expiresAt: verified.config.expiresAt },
          'global configuration accepted',
        );
      }
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'CONFIG_INVALID';
      this.configuration.reject(code);
      this.logger.error({ err: error, code }, 'global configuration refused');
    }
  }
}

/** Splits a PEM bundle into its certificates. */
export function splitPems(text: string): string[] {
  return text.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g) ?? [];
}
