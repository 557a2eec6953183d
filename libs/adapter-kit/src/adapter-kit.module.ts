import { type DynamicModule, Module, type Provider, type Type } from '@nestjs/common';
import { ConfigError } from '@lienthong/config';
import { PersistenceModule } from '@lienthong/persistence';
import type { AdapterConfig } from './core/adapter.config';
import {
  ADAPTER_CONFIG,
  AGENCY_DEFINITION,
  LOOKUP_HANDLERS,
  OFFICER_TOKEN_VERIFIER,
} from './core/adapter-kit.constants';
import type { AgencyDefinition } from './agency-definition';
import type { LookupHandler } from './lookups/lookup-handler';
import { AuditTrail } from './core/audit-trail';
import { BusRuntime } from './core/bus-runtime';
import { adapterMigrations } from './adapter-migrations';
import { eventProviders } from './events/event-providers';
import {
  documentControllers,
  documentEntities,
  documentProviders,
} from './documents/document-providers';
import { HealthController } from './core/health.controller';
import { witnessControllers, witnessProviders } from './witness/witness-providers';
import { webhookControllers, webhookProviders } from './webhooks/webhook-providers';
import { LookupClient } from './lookups/lookup-client';
import { LookupServer } from './lookups/lookup-server';
import { CatalogController } from './lookups/catalog.controller';
import { LookupsController } from './lookups/lookups.controller';
import { XRoadController } from './lookups/xroad.controller';
import { XRoadEdgeServer } from './lookups/xroad-edge-server';
import { OfficerAuthGuard, OfficerTokenVerifier } from './core/officer-auth.guard';
import { PingController, PingServer } from './lookups/ping';
import { ProfilesController } from './lookups/profiles.controller';

/**
 * The shared kit every agency adapter is built from (style G6): an adapter declares its member,
 * registry entities and handlers; the kit brings the bus connection, trust material, the
 * verified global configuration, the look-up pipeline (both sides), the audit trail, the
 * consumer HTTP API, health and metrics.
 */
function officerKeyFile(agency: AgencyDefinition, config: AdapterConfig): string | undefined {
  if (config.tokenIssuersFile && !config.officerTokenPublicKeyFile) {
    return undefined;
  }
  if (!config.officerTokenPublicKeyFile) {
    throw new ConfigError([
      agency.consumerApi === false
        ? 'OFFICER_TOKEN_PUBLIC_KEY_FILE is required by a route guarded with OfficerAuthGuard'
        : 'OFFICER_TOKEN_PUBLIC_KEY_FILE is required but not set',
    ]);
  }
  return config.officerTokenPublicKeyFile;
}

@Module({})
export class AdapterKitModule {
  static forAgency(agency: AgencyDefinition, config: AdapterConfig): DynamicModule {
    if (agency.consumerApi !== false) {
      officerKeyFile(agency, config);
    }
    const handlers = agency.lookupHandlers as readonly Type<LookupHandler>[];
    const providers: Provider[] = [
      { provide: AGENCY_DEFINITION, useValue: agency },
      { provide: ADAPTER_CONFIG, useValue: config },
      {
        provide: OFFICER_TOKEN_VERIFIER,
        // A service without the officer API may have no officer key: its guard then refuses every token.
        useFactory: () =>
          agency.consumerApi === false &&
          !config.officerTokenPublicKeyFile &&
          !config.tokenIssuersFile
            ? null
            : OfficerTokenVerifier.fromFile(
                officerKeyFile(agency, config),
                agency.member,
                config.tokenIssuersFile,
              ),
      },
      ...handlers,
      {
        provide: LOOKUP_HANDLERS,
        useFactory: (...instances: LookupHandler[]) => instances,
        inject: [...handlers],
      },
      BusRuntime,
      AuditTrail,
      LookupServer,
      PingServer,
      LookupClient,
      OfficerAuthGuard,
      XRoadEdgeServer,
      ...(agency.providers ?? []),
      ...(agency.controllerProviders ?? []),
      ...eventProviders(agency, { bus: BusRuntime, audit: AuditTrail }),
      ...documentProviders(agency, {
        bus: BusRuntime,
        audit: AuditTrail,
      }),
      ...witnessProviders(agency),
      ...webhookProviders(agency),
    ];
    return {
      module: AdapterKitModule,
      imports: [
        PersistenceModule.forRootAsync({
          useFactory: () => ({
            url: config.db.url,
            schema: agency.schema,
            entities: [...agency.entities, ...documentEntities(agency)],
            migrations: adapterMigrations(agency),
            poolMax: config.db.poolMax,
            applicationName: `${agency.member}/${agency.subsystem}`,
          }),
        }),
      ],
      controllers: [
        HealthController,
        ...(agency.consumerApi === false
          ? []
          : [
              LookupsController,
              ProfilesController,
              PingController,
              XRoadController,
              CatalogController,
            ]),
        ...(agency.controllers ?? []),
        ...documentControllers(agency),
        ...witnessControllers(agency),
        ...webhookControllers(agency),
      ],
      providers,
      exports: [
        BusRuntime,
        AuditTrail,
        LookupClient,
        OfficerAuthGuard,
        OFFICER_TOKEN_VERIFIER,
        ADAPTER_CONFIG,
      ],
    };
  }
}
