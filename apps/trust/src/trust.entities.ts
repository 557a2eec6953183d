import { MemberDocumentsSubsystem1796400000000 } from './migrations/member-documents-subsystem.migration';
import { AccessRight } from './access-rights/access-right.entity';
import { Certificate } from './certificates/certificate.entity';
import { ConfigurationChangeRecord } from './configuration/configuration-change.entity';
import { ConfigurationVersion } from './configuration/configuration-version.entity';
import { EventRight } from './event-rights/event-right.entity';
import { MemberSuspensionRecord } from './members/member-suspension.entity';
import { Member } from './members/member.entity';
import { Subsystem } from './members/subsystem.entity';
import { CaIdentity1796000000000 } from './migrations/ca-identity.migration';
import { InitialSchema1767225600000 } from './migrations/initial-schema.migration';
import { CertificateRevoker1796200000000 } from './migrations/certificate-revoker.migration';
import { ConfigurationChange1796300000000 } from './migrations/configuration-change.migration';
import { MemberSuspension1796100000000 } from './migrations/member-suspension.migration';
import { AccessRightLegalBases1796500000000 } from './migrations/access-right-legal-bases.migration';
import { Service } from './services/service.entity';

/** Every entity of the trust schema, listed explicitly (no glob scanning). */
export const TRUST_ENTITIES = [
  Member,
  Subsystem,
  MemberSuspensionRecord,
  Certificate,
  Service,
  AccessRight,
  EventRight,
  ConfigurationVersion,
  ConfigurationChangeRecord,
];

/** Every migration of the trust schema, oldest first. */
export const TRUST_MIGRATIONS = [
  InitialSchema1767225600000,
  CaIdentity1796000000000,
  MemberSuspension1796100000000,
  CertificateRevoker1796200000000,
  ConfigurationChange1796300000000,
  MemberDocumentsSubsystem1796400000000,
  AccessRightLegalBases1796500000000,
];
