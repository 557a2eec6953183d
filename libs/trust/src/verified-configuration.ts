import { EnvelopeError, type Party } from '@lienthong/envelope';
import type { MemberSuspension } from '@lienthong/pki';
import {
  verifyConfigurationDocument,
  type AccessRight,
  type BusSettings,
  type GlobalConfiguration,
  type MemberDef,
  type OpenConfigurationInput,
  type ServiceDef,
} from './global-configuration';
import { GlobalConfigurationError } from './global-configuration.errors';
import { ConfigurationTrustStore } from './member-suspensions';

const partyKey = (party: Party) => `${party.member}.${party.subsystem}`;

function buildTrustStore(config: GlobalConfiguration): ConfigurationTrustStore {
  const suspensions = new Map<string, MemberSuspension>();
  for (const member of config.members) {
    if (member.suspension !== undefined) {
      suspensions.set(member.code, member.suspension);
    }
  }
  try {
    return new ConfigurationTrustStore(
      {
        anchors: config.anchors,
        intermediates: config.intermediates,
        certificates: config.members.flatMap((m) => m.subsystems.flatMap((s) => s.certificates)),
        revoked: config.revocations,
      },
      suspensions,
    );
  } catch (error) {
    throw new GlobalConfigurationError(
      'CONFIG_TRUST_MATERIAL_INVALID',
      'configuration certificates do not form a trust store',
      { cause: error },
    );
  }
}

/**
 * A global configuration that passed every check: signed by TRUST/central under one of the
 * out-of-band anchors, canonical, schema-valid and not expired. Indexes the catalog and rights
 * for the per-message look-ups and holds the trust store bus messages are verified against.
 */
export class VerifiedConfiguration {
  /**
   * The bus trust store: the configuration's anchors, issuing CAs, registered certificates and
   * revocations, and the members it marks suspended (the verifier refuses their messages).
   */
  readonly trustStore: ConfigurationTrustStore;
  private readonly members: ReadonlyMap<string, MemberDef>;
  private readonly services: ReadonlyMap<string, ServiceDef>;
  private readonly accessRights: ReadonlyMap<string, AccessRight>;
  private readonly eventRights: ReadonlySet<string>;

  private constructor(
    readonly config: GlobalConfiguration,
    readonly bytes: Buffer,
    readonly signature: string,
  ) {
    this.trustStore = buildTrustStore(config);
    this.members = new Map(config.members.map((m) => [m.code, m]));
    this.services = new Map(config.services.map((s) => [s.code, s]));
    this.accessRights = new Map(
      config.accessRights.map((r) => [`${partyKey(r.consumer)}>${r.service}`, r]),
    );
    this.eventRights = new Set(
      config.eventRights.map((r) => `${partyKey(r.subscriber)}<${r.publisher}.${r.eventType}`),
    );
  }

  /**
   * Verifies signed configuration bytes (order in docs/protocol.md): JSON → signature by
   * TRUST/central chaining to `input.anchors` (CONFIG_SIGNER_INVALID) → canonical form
   * (CONFIG_NOT_CANONICAL) → schema (CONFIG_SCHEMA_INVALID) → not expired (CONFIG_EXPIRED).
   */
  static async open(
    bytes: Buffer,
    signature: string,
    input: OpenConfigurationInput,
  ): Promise<VerifiedConfiguration> {
    const config = await verifyConfigurationDocument(bytes, signature, input);
    return new VerifiedConfiguration(config, Buffer.from(bytes), signature);
  }

  /** Snapshot number; a watcher accepts only a higher one than it holds. */
  get version(): number {
    return this.config.version;
  }

  /** Bus limits (clock skew, message size, lifetime). */
  get settings(): BusSettings {
    return this.config.settings;
  }

  /** Whether the configuration has expired at `at`; adapters stop processing when it has. */
  isExpired(at: Date): boolean {
    return Date.parse(this.config.expiresAt) <= at.getTime();
  }

  /** A member by code. */
  member(code: string): MemberDef | undefined {
    return this.members.get(code);
  }

  /** The member's suspension when the configuration marks it suspended at `at`, else undefined. */
  suspension(member: string, at: Date = new Date()): MemberSuspension | undefined {
    return this.trustStore.suspension(member, at);
  }

  /**
   * Refuses to address a suspended member (ENVELOPE_RECIPIENT_SUSPENDED): a sender calls it
   * before it sends, so nothing reaches a member the operator has suspended.
   */
  assertRecipientNotSuspended(recipient: Party, at: Date = new Date()): void {
    const suspension = this.suspension(recipient.member, at);
    if (suspension !== undefined) {
      throw new EnvelopeError(
        'ENVELOPE_RECIPIENT_SUSPENDED',
        `member ${recipient.member} is suspended; nothing was sent`,
        { details: { member: recipient.member, ...suspension } },
      );
    }
  }

  /** A service of the catalog by code. */
  service(code: string): ServiceDef | undefined {
    return this.services.get(code);
  }

  /** The consumer's right to call a service, with its allowed purposes and fields. */
  accessRight(consumer: Party, service: string): AccessRight | undefined {
    return this.accessRights.get(`${partyKey(consumer)}>${service}`);
  }

  /** Whether the subscriber may receive the publisher's events of this type. */
  eventRight(subscriber: Party, publisher: string, eventType: string): boolean {
    return this.eventRights.has(`${partyKey(subscriber)}<${publisher}.${eventType}`);
  }
}
