import { type PersistenceContext } from '@lienthong/persistence';
import { type AccessRightRepository } from './access-rights/access-right.repository';
import { type AccessRightsService } from './access-rights/access-rights.service';
import { type RegistryChange, type RegistryEditor } from './configuration/configuration.constants';
import { type EventRightRepository } from './event-rights/event-right.repository';

/**
 * The configuration area's RegistryEditor, bound at the composition root: each change goes
 * through the same checks as its own endpoint (a grant only of fields the service offers, coded
 * rejections of duplicates, unknown parties and unknown ids).
 */
export class RightsRegistryEditor implements RegistryEditor {
  constructor(
    private readonly accessRights: AccessRightsService,
    private readonly accessRightRepository: AccessRightRepository,
    private readonly eventRights: EventRightRepository,
  ) {}

  async apply(ctx: PersistenceContext, change: RegistryChange): Promise<void> {
    switch (change.kind) {
      case 'grantAccessRight':
        await this.accessRights.grant(ctx, {
          consumer: change.consumer,
          service: change.service,
          purposes: change.purposes,
          fields: change.fields,
          ...(change.legalBases === undefined ? {} : { legalBases: change.legalBases }),
        });
        return;
      case 'withdrawAccessRight':
        await this.accessRightRepository.remove(ctx, change.id);
        return;
      case 'grantEventRight':
        await this.eventRights.create(ctx, {
          subscriberMember: change.subscriber.member,
          subscriberSubsystem: change.subscriber.subsystem,
          publisherMember: change.publisher,
          eventType: change.eventType,
        });
        return;
      case 'withdrawEventRight':
        await this.eventRights.remove(ctx, change.id);
        return;
    }
  }
}
