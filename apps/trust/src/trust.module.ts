import { IssuerTrust } from '@lienthong/access-tokens';
import { readFileSync } from 'node:fs';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { type KV } from '@nats-io/kv';
import { type JSONWebKeySet } from 'jose';
import { PersistenceModule } from '@lienthong/persistence';
import { Signer } from '@lienthong/pki';
import { putConfiguration } from '@lienthong/trust';
import { ProblemFilter } from '@lienthong/errors';
import { AccessRightRepository } from './access-rights/access-right.repository';
import { AccessRightsModule } from './access-rights/access-rights.module';
import { AccessRightsService } from './access-rights/access-rights.service';
import { CA_KEYSTORE } from './ca/ca.constants';
import { type CaKeystore } from './ca/ca-keystore';
import { CaModule } from './ca/ca.module';
import { CertificateRepository } from './certificates/certificate.repository';
import { CertificatesModule } from './certificates/certificates.module';
import { ConfigurationPublisher } from './configuration/configuration-publisher.service';
import { type ConfigurationSettings } from './configuration/configuration.constants';
import { ConfigurationModule } from './configuration/configuration.module';
import { EventRightRepository } from './event-rights/event-right.repository';
import { EventRightsModule } from './event-rights/event-rights.module';
import { type HealthProbes } from './health/health.constants';
import { HealthModule } from './health/health.module';
import { JsonBodyPipe } from './json-body.pipe';
import { MemberRepository } from './members/member.repository';
import { MembersModule } from './members/members.module';
import { OperatorAuthGuard } from './operator-auth.guard';
import { RightsRegistryEditor } from './registry-editor';
import { RegistrySnapshotSource } from './registry-snapshot.source';
import { RepublishInterceptor } from './republish.interceptor';
import { ServiceRepository } from './services/service.repository';
import { ServicesModule } from './services/services.module';
import {
  CONFIG_KV,
  NATS_CONNECTION,
  TrustBusModule,
  type NatsConnection,
} from './trust-bus.module';
import { type TrustConfig } from './trust.config';
import { TRUST_CONFIG } from './trust.constants';
import { TRUST_ENTITIES, TRUST_MIGRATIONS } from './trust.entities';

/** The KV key of the global configuration (docs/architecture.md). */
const GLOBAL_KEY = 'global';

/** The area modules, built once per app so every importer shares the same instances. */
interface Areas {
  readonly ca: DynamicModule;
  readonly bus: DynamicModule;
  readonly certificates: DynamicModule;
  readonly accessRights: DynamicModule;
}

function buildAreas(config: TrustConfig): Areas {
  const ca = CaModule.register({
    dataDir: config.dataDir,
    instance: config.configuration.instance,
  });
  return {
    ca,
    bus: TrustBusModule.register({ ...config.nats, namespace: config.bus }),
    certificates: CertificatesModule.register({
      imports: [ca, MembersModule],
      memberDirectory: MemberRepository,
      issuer: { useFactory: (keystore: CaKeystore) => keystore.issuing, inject: [CA_KEYSTORE] },
    }),
    accessRights: AccessRightsModule.register({
      imports: [ServicesModule],
      serviceCatalog: ServiceRepository,
    }),
  };
}

function configurationModule(config: TrustConfig, areas: Areas): DynamicModule {
  return ConfigurationModule.register({
    imports: [
      areas.ca,
      areas.bus,
      areas.certificates,
      areas.accessRights,
      MembersModule,
      ServicesModule,
      EventRightsModule,
    ],
    registry: {
      useFactory: (...repositories: ConstructorParameters<typeof RegistrySnapshotSource>) =>
        new RegistrySnapshotSource(...repositories),
      inject: [
        MemberRepository,
        CertificateRepository,
        ServiceRepository,
        AccessRightRepository,
        EventRightRepository,
      ],
    },
    editor: {
      useFactory: (...ports: ConstructorParameters<typeof RightsRegistryEditor>) =>
        new RightsRegistryEditor(...ports),
      inject: [AccessRightsService, AccessRightRepository, EventRightRepository],
    },
    store: {
      useFactory: (kv: KV) => ({
        put: async (record: Uint8Array) => {
          await putConfiguration(kv, GLOBAL_KEY, record);
        },
      }),
      inject: [CONFIG_KV],
    },
    signer: {
      useFactory: (keystore: CaKeystore) =>
        Signer.fromKeyObject({
          privateKey: keystore.centralKey,
          certificatePem: keystore.centralCertificate.pem,
          chainPems: [...keystore.issuing.chainPems],
        }),
      inject: [CA_KEYSTORE],
    },
    settings: {
      useFactory: (keystore: CaKeystore): ConfigurationSettings => ({
        instance: config.configuration.instance,
        validitySeconds: config.configuration.validitySeconds,
        publishIntervalSeconds: config.configuration.publishIntervalSeconds,
        anchors: [keystore.root.certificate.pem],
        intermediates: [keystore.issuing.certificate.pem],
        bus: config.configuration.settings,
      }),
      inject: [CA_KEYSTORE],
    },
  });
}

function healthModule(config: TrustConfig, areas: Areas, configuration: DynamicModule) {
  return HealthModule.register({
    imports: [areas.bus, areas.ca, configuration],
    probes: {
      useFactory: (
        nc: NatsConnection,
        publisher: ConfigurationPublisher,
        keystore: CaKeystore,
      ): HealthProbes => ({
        natsConnected: () => !nc.isClosed() && !nc.isDraining(),
        lastPublishedAt: () => {
          const current = publisher.current();
          return current === undefined ? undefined : new Date(current.issuedAt);
        },
        published: () => publisher.current(),
        certificates: () => [
          { name: 'ca-root', notAfter: keystore.root.certificate.notAfter },
          { name: 'ca-issuing', notAfter: keystore.issuing.certificate.notAfter },
          { name: 'configuration', notAfter: keystore.centralCertificate.notAfter },
        ],
        // one missed interval is tolerated; two mean the publisher is stuck
        staleAfterSeconds: config.configuration.publishIntervalSeconds * 2 + 5,
      }),
      inject: [NATS_CONNECTION, ConfigurationPublisher, CA_KEYSTORE],
    },
  });
}

function operatorGuard(config: TrustConfig): OperatorAuthGuard {
  const jwks = JSON.parse(readFileSync(config.operators.jwksFile, 'utf8')) as JSONWebKeySet;
  return new OperatorAuthGuard({
    jwks,
    issuer: config.operators.issuer,
    audience: config.operators.audience,
    issuers: config.operators.issuersFile
      ? IssuerTrust.fromFile(config.operators.issuersFile)
      : IssuerTrust.none(),
  });
}

/**
 * The trust service's composition root: builds each area module and binds the ports areas
 * declare (so areas never import each other), plus the one filter, pipe, guard and interceptor.
 */
@Module({})
export class TrustModule {
  /** The whole app for a validated configuration. */
  static forRoot(config: TrustConfig): DynamicModule {
    const areas = buildAreas(config);
    const configuration = configurationModule(config, areas);
    return {
      module: TrustModule,
      imports: [
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.db.url,
            schema: config.db.schema,
            poolMax: config.db.poolMax,
            applicationName: 'trust',
            entities: TRUST_ENTITIES,
            migrations: TRUST_MIGRATIONS,
          }),
        }),
        areas.ca,
        areas.bus,
        MembersModule,
        ServicesModule,
        areas.certificates,
        areas.accessRights,
        EventRightsModule,
        configuration,
        healthModule(config, areas, configuration),
      ],
      providers: [
        { provide: TRUST_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useClass: JsonBodyPipe },
        { provide: APP_GUARD, useFactory: () => operatorGuard(config) },
        { provide: APP_INTERCEPTOR, useClass: RepublishInterceptor },
      ],
    };
  }
}
