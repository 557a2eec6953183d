import { BUS_ALGORITHMS, type Party } from '@lienthong/envelope';
import {
  PkiError,
  TrustStore,
  canonicalJson,
  verifyDetachedJws,
  type Signer,
} from '@lienthong/pki';
import type { GlobalConfigurationV1, SchemaRegistry } from '@lienthong/schema';
import type { SignedConfiguration } from './configuration-record';
import { GlobalConfigurationError } from './global-configuration.errors';
import { CONFIGURATION_JWS_TYPE, GLOBAL_CONFIGURATION_SCHEMA_ID } from './trust.constants';

/** The global configuration document (schema `urn:lienthong:bus:global-configuration:1`). */
export type GlobalConfiguration = GlobalConfigurationV1;
/** A member agency with its subsystems and their registered certificates. */
export type MemberDef = GlobalConfiguration['members'][number];
/** A service of the catalog. */
export type ServiceDef = GlobalConfiguration['services'][number];
/** The right of a consumer to call a service for some purposes, seeing some fields. */
export type AccessRight = GlobalConfiguration['accessRights'][number];
/** The right of a subscriber to receive a publisher's events of one type. */
export type EventRight = GlobalConfiguration['eventRights'][number];
/** A revoked certificate. */
export type RevocationEntry = GlobalConfiguration['revocations'][number];
/** Bus-wide limits. */
export type BusSettings = GlobalConfiguration['settings'];

/** The only identity allowed to sign the global configuration (docs/architecture.md). */
export const CONFIGURATION_SIGNER: Readonly<Party> = Object.freeze({
  member: 'TRUST',
  subsystem: 'central',
});

const isSigner = (identity: Party | null | undefined) =>
  identity?.member === CONFIGURATION_SIGNER.member &&
  identity.subsystem === CONFIGURATION_SIGNER.subsystem;

/**
 * Signs a configuration as TRUST/central: the canonical bytes and their detached JWS.
 * Refuses another signer up front (CONFIG_SIGNER_INVALID), since every verifier would.
 */
export function signGlobalConfiguration(
  config: GlobalConfiguration,
  signer: Signer,
): SignedConfiguration {
  if (!isSigner(signer.identity)) {
    throw new GlobalConfigurationError(
      'CONFIG_SIGNER_INVALID',
      `configuration must be signed by TRUST/central, not ${signer.identity.member}/${signer.identity.subsystem}`,
    );
  }
  const bytes = canonicalJson(config);
  return { bytes, signature: signer.signDetachedJws(bytes, { typ: CONFIGURATION_JWS_TYPE }) };
}

/** Input of {@link VerifiedConfiguration.open}. */
export interface OpenConfigurationInput {
  /** Root CA certificates (PEM) received out of band: the configuration anchor. */
  anchors: string[];
  schemas: SchemaRegistry;
  /** Verification time. */
  at: Date;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Certificates named inside a not yet verified document, read leniently to find its signer. */
function candidateMaterial(parsed: unknown): { intermediates: string[]; certificates: string[] } {
  const doc = (parsed ?? {}) as { intermediates?: unknown; members?: unknown };
  const certificates: string[] = [];
  for (const member of Array.isArray(doc.members) ? doc.members : []) {
    const subsystems = (member as { subsystems?: unknown } | null)?.subsystems;
    for (const subsystem of Array.isArray(subsystems) ? subsystems : []) {
      certificates.push(...strings((subsystem as { certificates?: unknown } | null)?.certificates));
    }
  }
  return { intermediates: strings(doc.intermediates), certificates };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new GlobalConfigurationError('CONFIG_NOT_JSON', 'configuration is not UTF-8 JSON', {
      cause: error,
    });
  }
}

/**
 * Checks the signature with a trust store anchored ONLY in the out-of-band anchors. The document's
 * own certificates are offered as candidates, which is safe because each must chain to those anchors.
 */
async function verifySigner(
  bytes: Buffer,
  signature: string,
  parsed: unknown,
  input: OpenConfigurationInput,
): Promise<void> {
  try {
    const store = new TrustStore({ anchors: input.anchors, ...candidateMaterial(parsed) });
    const { certificate, protectedHeader } = await verifyDetachedJws(signature, bytes, store, {
      at: input.at,
      allowedAlgorithms: BUS_ALGORITHMS,
    });
    if (!isSigner(certificate.identity)) {
      throw new GlobalConfigurationError('CONFIG_SIGNER_INVALID', 'signer is not TRUST/central');
    }
    if (protectedHeader['typ'] !== CONFIGURATION_JWS_TYPE) {
      throw new GlobalConfigurationError('CONFIG_SIGNER_INVALID', 'JWS typ is not a configuration');
    }
  } catch (error) {
    if (error instanceof GlobalConfigurationError) {
      throw error;
    }
    const reason = error instanceof PkiError ? error.code : 'UNKNOWN';
    throw new GlobalConfigurationError('CONFIG_SIGNER_INVALID', `signature rejected (${reason})`, {
      cause: error,
      details: { reason },
    });
  }
}

function checkCanonicalAndSchema(bytes: Buffer, parsed: unknown, schemas: SchemaRegistry) {
  let canonical: Buffer | undefined;
  try {
    canonical = canonicalJson(parsed);
  } catch {
    canonical = undefined;
  }
  if (!canonical?.equals(bytes)) {
    throw new GlobalConfigurationError('CONFIG_NOT_CANONICAL', 'configuration is not canonical');
  }
  try {
    return schemas.validate<GlobalConfiguration>(GLOBAL_CONFIGURATION_SCHEMA_ID, parsed);
  } catch (error) {
    throw new GlobalConfigurationError('CONFIG_SCHEMA_INVALID', 'configuration is schema-invalid', {
      cause: error,
      details: { ...((error as { details?: object }).details ?? {}) },
    });
  }
}

/** Verifies a signed configuration and returns the checked document (see {@link VerifiedConfiguration.open}). */
export async function verifyConfigurationDocument(
  bytes: Buffer,
  signature: string,
  input: OpenConfigurationInput,
): Promise<GlobalConfiguration> {
  const parsed = parseJson(bytes);
  await verifySigner(bytes, signature, parsed, input);
  const config = checkCanonicalAndSchema(bytes, parsed, input.schemas);
  if (Date.parse(config.expiresAt) <= input.at.getTime()) {
    throw new GlobalConfigurationError('CONFIG_EXPIRED', `expired at ${config.expiresAt}`);
  }
  return config;
}
