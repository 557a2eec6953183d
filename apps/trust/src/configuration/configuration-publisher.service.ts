import { createHash } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TransactionRunner } from '@lienthong/persistence';
import { type Signer } from '@lienthong/pki';
import {
  encodeConfigurationRecord,
  signGlobalConfiguration,
  type GlobalConfiguration,
  type SignedConfiguration,
} from '@lienthong/trust';
import { ConfigurationVersionRepository } from './configuration-version.repository';
import {
  CONFIGURATION_SETTINGS,
  CONFIGURATION_SIGNER,
  CONFIGURATION_STORE,
  REGISTRY_SOURCE,
  type ConfigurationSettings,
  type RegistrySnapshot,
  type ConfigurationStore,
  type RegistrySource,
} from './configuration.constants';
import { ConfigurationError } from './configuration.errors';
import { toGlobalConfiguration } from './global-configuration.mapper';

/** What one publish produced. */
export interface PublishedConfiguration {
  readonly version: number;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly sha256: string;
  readonly signed: SignedConfiguration;
}

/**
 * Builds, signs, records and publishes the global configuration: at boot, every
 * `publishIntervalSeconds` (so it never expires while the service runs) and after each change.
 * Publishes never overlap; requests arriving during one are coalesced into one follow-up.
 */
@Injectable()
export class ConfigurationPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('configuration');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PublishedConfiguration> | undefined;
  private pending: Promise<PublishedConfiguration> | undefined;
  private last: PublishedConfiguration | undefined;

  constructor(
    @Inject(TransactionRunner) private readonly runner: TransactionRunner,
    @Inject(ConfigurationVersionRepository)
    private readonly versions: ConfigurationVersionRepository,
    @Inject(REGISTRY_SOURCE) private readonly registry: RegistrySource,
    @Inject(CONFIGURATION_STORE) private readonly store: ConfigurationStore,
    @Inject(CONFIGURATION_SIGNER) private readonly signer: Signer,
    @Inject(CONFIGURATION_SETTINGS) private readonly settings: ConfigurationSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publish();
    this.timer = setInterval(
      () => this.publishInBackground(),
      this.settings.publishIntervalSeconds * 1000,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([this.running, this.pending]);
  }

  /** The last configuration this process published, if any. */
  current(): PublishedConfiguration | undefined {
    return this.last;
  }

  /**
   * The document a publish would sign for this registry snapshot (same mapping, settings and
   * trust material), not signed: what a draft's preview compares with the current one.
   */
  draftDocument(snapshot: RegistrySnapshot, version: number): GlobalConfiguration {
    return this.document(snapshot, version, new Date());
  }

  /** Publishes now; when a publish is running, waits for one that starts after it. */
  publish(): Promise<PublishedConfiguration> {
    if (this.running === undefined) {
      this.running = this.publishOnce().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.pending ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.pending = undefined;
        return this.publish();
      });
    return this.pending;
  }

  /** Publishes after a change without making the caller wait; failures are logged. */
  publishInBackground(): void {
    this.publish().catch((error: unknown) => {
      this.logger.warn(`configuration publish failed: ${String(error)}`);
    });
  }

  private document(snapshot: RegistrySnapshot, version: number, issuedAt: Date) {
    return toGlobalConfiguration({
      snapshot,
      version,
      instance: this.settings.instance,
      issuedAt,
      validitySeconds: this.settings.validitySeconds,
      anchors: this.settings.anchors,
      intermediates: this.settings.intermediates,
      settings: this.settings.bus,
      central: { ...this.signer.identity, pem: this.signer.certificate.pem },
    });
  }

  private async publishOnce(): Promise<PublishedConfiguration> {
    try {
      // The KV put happens inside the transaction: a version row exists only for a configuration
      // that reached the bucket, and a failed put leaves no row behind.
      const published = await this.runner.run({}, async (tx) => {
        const version = await this.versions.nextVersion(tx);
        const document = this.document(await this.registry.snapshot(tx), version, new Date());
        const signed = signGlobalConfiguration(document, this.signer);
        const sha256 = createHash('sha256').update(signed.bytes).digest('hex');
        const issuedAt = new Date(document.issuedAt);
        const expiresAt = new Date(document.expiresAt);
        await this.versions.add(tx, { version, issuedAt, expiresAt, sha256 });
        await this.store.put(encodeConfigurationRecord(signed));
        return {
          version,
          issuedAt: document.issuedAt,
          expiresAt: document.expiresAt,
          sha256,
          signed,
        };
      });
      this.last = published;
      return published;
    } catch (error) {
      throw new ConfigurationError('TRUST_CONFIGURATION_PUBLISH_FAILED', 'publishing failed', {
        cause: error,
      });
    }
  }
}
