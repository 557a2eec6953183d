import { type PersistenceContext } from '@lienthong/persistence';
import type { GlobalConfiguration } from '@lienthong/trust';

/** The registry part of the global configuration, read in one transaction. */
export type RegistrySnapshot = Pick<
  GlobalConfiguration,
  'members' | 'services' | 'accessRights' | 'eventRights' | 'revocations'
>;

/** Port: reads the registry (members, catalog, rights, revocations) for a snapshot. */
export interface RegistrySource {
  snapshot(ctx: PersistenceContext): Promise<RegistrySnapshot>;
}

/** Port: where the signed record goes (the KV bucket LT_CONFIG, key `global`). */
export interface ConfigurationStore {
  put(record: Uint8Array): Promise<void>;
}

/** Trust material and timing of the published configuration. */
export interface ConfigurationSettings {
  readonly instance: string;
  readonly validitySeconds: number;
  readonly publishIntervalSeconds: number;
  readonly anchors: readonly string[];
  readonly intermediates: readonly string[];
  readonly bus: GlobalConfiguration['settings'];
}

/** Injection token of the RegistrySource port. */
export const REGISTRY_SOURCE = Symbol('REGISTRY_SOURCE');
/** Injection token of the ConfigurationStore port. */
export const CONFIGURATION_STORE = Symbol('CONFIGURATION_STORE');
/** Injection token of the configuration's pki Signer (TRUST/central). */
export const CONFIGURATION_SIGNER = Symbol('CONFIGURATION_SIGNER');
/** Injection token of the ConfigurationSettings. */
export const CONFIGURATION_SETTINGS = Symbol('CONFIGURATION_SETTINGS');

/** One change of rights in an operator's change list (previewed, then published as one). */
export type RegistryChange =
  | {
      readonly kind: 'grantAccessRight';
      readonly consumer: { readonly member: string; readonly subsystem: string };
      readonly service: string;
      readonly purposes: string[];
      readonly fields: string[];
      /** For each purpose, the legal bases it may cite; a purpose without any allows none. */
      readonly legalBases?: Record<string, { code: string; citation: string }[]>;
    }
  | { readonly kind: 'withdrawAccessRight'; readonly id: string }
  | {
      readonly kind: 'grantEventRight';
      readonly subscriber: { readonly member: string; readonly subsystem: string };
      readonly publisher: string;
      readonly eventType: string;
    }
  | { readonly kind: 'withdrawEventRight'; readonly id: string };

/** Port: applies one change to the registry inside the caller's transaction (with its checks). */
export interface RegistryEditor {
  apply(ctx: PersistenceContext, change: RegistryChange): Promise<void>;
}

/** Injection token of the RegistryEditor port. */
export const REGISTRY_EDITOR = Symbol('REGISTRY_EDITOR');
