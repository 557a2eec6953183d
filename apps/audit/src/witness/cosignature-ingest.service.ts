import { Inject, Injectable } from '@nestjs/common';
import { BusRuntime } from '@lienthong/adapter-kit';
import type { Party } from '@lienthong/envelope';
import type { SignerKeyResolver } from '@lienthong/pki';
import {
  AuditLogError,
  assertCosignatureShape,
  parseCheckpointBody,
  verifyCosignature,
} from '@lienthong/audit-log';
import { CosignatureError } from './cosignature.errors';
import type { CosignatureStore } from './cosignature.store';

/** Injection token of the {@link CosignatureStore}. */
export const COSIGNATURE_STORE = Symbol('COSIGNATURE_STORE');

/**
 * Takes in the witnesses' cosignatures from LT_AUDIT (the envelope is already verified by the
 * ingest's opener): the cosignature must be about a checkpoint this log signed, verify with the
 * witness's registered certificate, and come from the system that signed the envelope. Stored
 * append-only with the witness's certificate for offline evidence.
 */
@Injectable()
export class CosignatureIngest {
  constructor(
    private readonly runtime: BusRuntime,
    @Inject(COSIGNATURE_STORE) private readonly store: CosignatureStore,
  ) {}

  /** Verifies and stores one cosignature; throws the coded reason to dead-letter it. */
  async ingest(payload: unknown, publisher: Party, storedAt: Date): Promise<boolean> {
    assertCosignatureShape(payload);
    const signed = await this.store.checkpointByDigest(payload.size, payload.checkpointDigest);
    if (signed === null) {
      throw new CosignatureError(
        'AUDIT_COSIGNATURE_UNKNOWN_CHECKPOINT',
        `${publisher.member}/${publisher.subsystem} cosigned a checkpoint of size ${payload.size} this log never signed`,
      );
    }
    const certificates = new Map<string, string>();
    const verified = verifyCosignature(
      payload,
      signed,
      parseCheckpointBody(signed.body),
      this.keys(storedAt, certificates),
    );
    const { member, subsystem } = verified.witness;
    if (member !== publisher.member || subsystem !== publisher.subsystem) {
      throw new CosignatureError(
        'AUDIT_COSIGNATURE_SIGNER_MISMATCH',
        `${publisher.member}/${publisher.subsystem} published a cosignature by ${member}/${subsystem}`,
      );
    }
    const pem = certificates.get(payload.kid);
    if (pem === undefined) {
      throw new AuditLogError('AUDIT_CERT_UNTRUSTED', 'witness certificate not found');
    }
    return this.store.add(verified.witness, payload, pem);
  }

  /** Witness keys from the verified global configuration; records each certificate it hands out. */
  private keys(at: Date, seen: Map<string, string>): SignerKeyResolver {
    const trustStore = this.runtime.configuration.current().trustStore;
    return (kid) => {
      try {
        const info = trustStore.resolve(kid, at);
        seen.set(kid, info.pem);
        return { publicKey: info.publicKey, identity: info.identity, algorithms: info.algorithms };
      } catch {
        return undefined;
      }
    };
  }
}
