import { Inject, Injectable } from '@nestjs/common';
import { type PersistenceContext } from '@lienthong/persistence';
import type { MemberSuspension } from '@lienthong/pki';
import { AccessRightRepository } from './access-rights/access-right.repository';
import { type Certificate } from './certificates/certificate.entity';
import { CertificateRepository } from './certificates/certificate.repository';
import {
  type RegistrySnapshot,
  type RegistrySource,
} from './configuration/configuration.constants';
import { EventRightRepository } from './event-rights/event-right.repository';
import { type MemberSuspensionRecord } from './members/member-suspension.entity';
import { MemberRepository } from './members/member.repository';
import { ServiceRepository } from './services/service.repository';

const byKey = (certificate: Certificate) =>
  `${certificate.memberCode}/${certificate.subsystemCode}`;

/**
 * The configuration area's RegistrySource, composed here from the other areas' repositories so
 * that no area imports another. Suspended members stay in, with their certificates, marked
 * `suspension` (verifiers refuse their messages, senders send them nothing); a suspension whose
 * end date has passed is ended first. Revocations are listed until the revoked certificate would
 * have expired anyway.
 */
@Injectable()
export class RegistrySnapshotSource implements RegistrySource {
  constructor(
    @Inject(MemberRepository) private readonly members: MemberRepository,
    @Inject(CertificateRepository) private readonly certificates: CertificateRepository,
    @Inject(ServiceRepository) private readonly services: ServiceRepository,
    @Inject(AccessRightRepository) private readonly accessRights: AccessRightRepository,
    @Inject(EventRightRepository) private readonly eventRights: EventRightRepository,
  ) {}

  async snapshot(ctx: PersistenceContext): Promise<RegistrySnapshot> {
    const at = new Date();
    const now = at.getTime();
    await this.members.endExpiredSuspensions(ctx, at);
    return {
      members: await this.memberDefs(ctx, at),
      services: (await this.services.list(ctx, { enabledOnly: true })).map((s) => ({
        code: s.code,
        version: s.version,
        provider: { member: s.providerMember, subsystem: s.providerSubsystem },
        requestType: s.requestType,
        responseType: s.responseType,
        title: s.title,
        fields: s.fields,
      })),
      accessRights: (await this.accessRights.list(ctx)).map((r) => ({
        consumer: { member: r.consumerMember, subsystem: r.consumerSubsystem },
        service: r.serviceCode,
        purposes: r.purposes,
        fields: r.fields,
        legalBases: r.legalBases,
      })),
      eventRights: (await this.eventRights.list(ctx)).map((r) => ({
        subscriber: { member: r.subscriberMember, subsystem: r.subscriberSubsystem },
        publisher: r.publisherMember,
        eventType: r.eventType,
      })),
      revocations: (await this.certificates.listByStatus(ctx, 'revoked'))
        .filter((c) => c.notAfter.getTime() > now)
        .map((c) => ({
          thumbprint: c.thumbprint,
          serialNumber: c.serialNumber,
          revokedAt: (c.revokedAt as Date).toISOString(),
          reason: c.revocationReason ?? 'unspecified',
        })),
    };
  }

  private async memberDefs(
    ctx: PersistenceContext,
    at: Date,
  ): Promise<RegistrySnapshot['members']> {
    const valid = (await this.certificates.listByStatus(ctx, 'active')).filter(
      (c) => c.notAfter.getTime() > at.getTime(),
    );
    const members = await this.members.listWithSubsystems(ctx, at);
    return members.map(({ member, subsystems, suspension }) => ({
      code: member.code,
      name: member.name,
      ...(member.organId === null ? {} : { organId: member.organId }),
      // named once the subsystem is registered: a configuration never points at a missing one
      ...(member.documentsSubsystem !== null && subsystems.includes(member.documentsSubsystem)
        ? { documentsSubsystem: member.documentsSubsystem }
        : {}),
      subsystems: subsystems.map((code) => ({
        code,
        certificates: valid.filter((c) => byKey(c) === `${member.code}/${code}`).map((c) => c.pem),
      })),
      // only on a suspended member: a configuration without suspensions is what it always was
      ...(suspension === undefined ? {} : { suspension: suspensionMark(suspension) }),
    }));
  }
}

/** The configuration's mark of a suspension: when it began and, if set, when it ends. */
function suspensionMark(record: MemberSuspensionRecord): MemberSuspension {
  const since = record.suspendedAt.toISOString();
  return record.suspendedUntil === null
    ? { since }
    : { since, until: record.suspendedUntil.toISOString() };
}
