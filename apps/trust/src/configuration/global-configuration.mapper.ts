import type { GlobalConfiguration, MemberDef } from '@lienthong/trust';
import { type RegistrySnapshot } from './configuration.constants';

/** Input of {@link toGlobalConfiguration}. */
export interface GlobalConfigurationInput {
  readonly snapshot: RegistrySnapshot;
  readonly version: number;
  readonly instance: string;
  readonly issuedAt: Date;
  readonly validitySeconds: number;
  readonly anchors: readonly string[];
  readonly intermediates: readonly string[];
  readonly settings: GlobalConfiguration['settings'];
  /** The TRUST/central certificate, which verifiers must find to accept the configuration. */
  readonly central: { readonly member: string; readonly subsystem: string; readonly pem: string };
}

/** Adds the central signer's certificate to the members, whether or not TRUST is registered. */
function withCentral(
  members: readonly MemberDef[],
  central: GlobalConfigurationInput['central'],
): MemberDef[] {
  const trust = members.find((member) => member.code === central.member) ?? {
    code: central.member,
    name: 'Lienthong trust service',
    subsystems: [],
  };
  const others = trust.subsystems.filter((s) => s.code !== central.subsystem);
  const existing = trust.subsystems.find((s) => s.code === central.subsystem);
  const certificates = [...new Set([...(existing?.certificates ?? []), central.pem])];
  const merged: MemberDef = {
    ...trust,
    subsystems: [...others, { code: central.subsystem, certificates }].sort((a, b) =>
      a.code.localeCompare(b.code),
    ),
  };
  return [...members.filter((member) => member.code !== central.member), merged].sort((a, b) =>
    a.code.localeCompare(b.code),
  );
}

/** Builds the document the trust service signs; pure, so a snapshot maps to one output. */
export function toGlobalConfiguration(input: GlobalConfigurationInput): GlobalConfiguration {
  const expiresAt = new Date(input.issuedAt.getTime() + input.validitySeconds * 1000);
  return {
    version: input.version,
    instance: input.instance,
    issuedAt: input.issuedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    anchors: [...input.anchors],
    intermediates: [...input.intermediates],
    members: withCentral(input.snapshot.members, input.central),
    services: input.snapshot.services,
    accessRights: input.snapshot.accessRights,
    eventRights: input.snapshot.eventRights,
    revocations: input.snapshot.revocations,
    settings: input.settings,
  };
}
