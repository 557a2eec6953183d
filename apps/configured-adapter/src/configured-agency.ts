import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { AgencyDefinition } from '@lienthong/adapter-kit';
import type { ConfiguredAgency } from './agency-configuration';
import { backendLookupHandler } from './backend-lookup.handler';

const CONFIGURED_AGENCY = Symbol('CONFIGURED_AGENCY');

/** Closes the back-end connections when the adapter stops. */
@Injectable()
class BackendConnections implements OnApplicationShutdown {
  constructor(@Inject(CONFIGURED_AGENCY) private readonly agency: ConfiguredAgency) {}

  async onApplicationShutdown(): Promise<void> {
    await this.agency.close();
  }
}

/**
 * The adapter of an agency declared by configuration: no registry tables of its own, one look-up
 * handler per configured service, each answered by the agency's existing system. Everything else
 * (bus, trust, consumer API, official documents, witnessing the audit log, audit trail, health)
 * is the kit's, as for every adapter.
 */
export function configuredAgencyDefinition(agency: ConfiguredAgency): AgencyDefinition {
  return {
    member: agency.member,
    subsystem: agency.subsystem,
    title: agency.title,
    schema: agency.databaseSchema,
    entities: [],
    migrations: [],
    lookupHandlers: agency.services.map(backendLookupHandler),
    providers: [{ provide: CONFIGURED_AGENCY, useValue: agency }, BackendConnections],
    documents: {},
    witness: true,
    webhooks: {},
  };
}
