import {
  ENVELOPE_JWS_TYPE,
  EnvelopeVerifier,
  MemoryReplayGuard,
  PING_REQUEST_TYPE,
  PING_RESPONSE_TYPE,
  seal,
  sealReply,
  type Party,
} from '@lienthong/envelope';
import type { Signer } from '@lienthong/pki';
import { canonicalJson, type MemberSuspension } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import {
  VerifiedConfiguration,
  signGlobalConfiguration,
  type GlobalConfiguration,
} from '@lienthong/trust';
import { createTestPki, type TestPki } from '@lienthong/testing';

const schemas = new SchemaRegistry();
const CIV: Party = { member: 'CIV', subsystem: 'registry' };
const POP: Party = { member: 'POP', subsystem: 'registry' };
const NONCE = 'q3Zx0bY7pTn4Kc2VwLm9Ag';

async function codeOf(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

function codeOfSync(action: () => unknown): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('member suspension in the global configuration', () => {
  let pki: TestPki;
  const now = new Date();
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();

  beforeAll(async () => {
    pki = await createTestPki();
  });

  function document(civSuspension?: MemberSuspension): GlobalConfiguration {
    return {
      version: 3,
      instance: 'LT-TEST',
      issuedAt: now.toISOString(),
      expiresAt: at(3_600_000),
      anchors: [pki.root.certificate.pem],
      intermediates: [pki.issuing.certificate.pem],
      members: [
        {
          code: 'CIV',
          name: 'Civil status',
          subsystems: [{ code: 'registry', certificates: [pki.civ.certificate.pem] }],
          ...(civSuspension === undefined ? {} : { suspension: civSuspension }),
        },
        {
          code: 'POP',
          name: 'Population',
          subsystems: [{ code: 'registry', certificates: [pki.pop.certificate.pem] }],
        },
        {
          code: 'TRUST',
          name: 'Trust',
          subsystems: [{ code: 'central', certificates: [pki.trust.certificate.pem] }],
        },
      ],
      services: [],
      accessRights: [],
      eventRights: [],
      revocations: [],
      settings: { clockSkewSeconds: 30, maxMessageBytes: 1_048_576, maxLifetimeSeconds: 86_400 },
    };
  }

  async function open(civSuspension?: MemberSuspension): Promise<VerifiedConfiguration> {
    const signed = signGlobalConfiguration(document(civSuspension), pki.trust);
    return VerifiedConfiguration.open(signed.bytes, signed.signature, {
      anchors: [pki.root.certificate.pem],
      schemas,
      at: now,
    });
  }

  /** A verifier on the configuration's own trust store, as every adapter builds one. */
  function verifierOn(config: VerifiedConfiguration, clock: Date = now): EnvelopeVerifier {
    return new EnvelopeVerifier({
      trustStore: () => config.trustStore,
      schemas,
      replay: new MemoryReplayGuard(),
      clock: () => clock,
    });
  }

  const ping = (signer: Signer, recipient: Party = POP) =>
    seal({ type: PING_REQUEST_TYPE, recipient, payload: { nonce: NONCE } }, signer, {
      clock: () => now,
    });

  it('accepts the mark in the schema and reads it back per member', async () => {
    const config = await open({ since: at(-60_000) });
    expect(config.member('CIV')?.suspension).toEqual({ since: at(-60_000) });
    expect(config.suspension('CIV', now)).toEqual({ since: at(-60_000) });
    expect(config.suspension('POP', now)).toBeUndefined();
    expect(config.suspension('NOPE', now)).toBeUndefined();
  });

  it('refuses a message the suspended member signed, before the authorizer runs', async () => {
    const config = await open({ since: at(-60_000) });
    let authorized = 0;
    const sealed = ping(pki.civ);
    const code = await codeOf(() =>
      verifierOn(config).open(sealed.bytes, sealed.signature, {
        recipient: POP,
        authorize: () => {
          authorized += 1;
        },
      }),
    );
    expect(code).toBe('ENVELOPE_SENDER_SUSPENDED');
    expect(authorized).toBe(0);
  });

  it('still accepts the other members, and the suspended member once the mark is gone', async () => {
    const suspended = await open({ since: at(-60_000) });
    const request = ping(pki.pop, CIV);
    const opened = await verifierOn(suspended).open(request.bytes, request.signature, {
      recipient: CIV,
    });
    expect(opened.body.sender).toEqual(POP);

    const reinstated = await open();
    const fromCiv = ping(pki.civ);
    const accepted = await verifierOn(reinstated).open(fromCiv.bytes, fromCiv.signature, {
      recipient: POP,
    });
    expect(accepted.body.sender).toEqual(CIV);
  });

  it('applies a suspension with an end only before that end, by the verifier clock', async () => {
    const config = await open({ since: at(-60_000), until: at(60_000) });
    const before = ping(pki.civ);
    expect(await codeOf(() => verifierOn(config).open(before.bytes, before.signature, {}))).toBe(
      'ENVELOPE_SENDER_SUSPENDED',
    );
    const after = ping(pki.civ);
    const later = new Date(now.getTime() + 60_000);
    expect(
      (await verifierOn(config, later).open(after.bytes, after.signature, {})).body.sender,
    ).toEqual(CIV);
    expect(config.suspension('CIV', later)).toBeUndefined();
  });

  it('checks the signature and the sender identity before the suspension', async () => {
    const config = await open({ since: at(-60_000) });
    // CIV's registered key signing a body that names POP as sender: the identity check fails first
    const bytes = canonicalJson({ ...ping(pki.civ).body, sender: POP });
    const forged = { bytes, signature: pki.civ.signDetachedJws(bytes, { typ: ENVELOPE_JWS_TYPE }) };
    expect(await codeOf(() => verifierOn(config).open(forged.bytes, forged.signature, {}))).toBe(
      'ENVELOPE_SENDER_MISMATCH',
    );
    // a key the configuration does not register, naming CIV: not CIV's word, so no suspension code
    const stranger = ping(pki.stranger);
    expect(
      await codeOf(() => verifierOn(config).open(stranger.bytes, stranger.signature, {})),
    ).toBe('PKI_CERT_UNKNOWN');
  });

  it('refuses a reply from a suspended provider to the consumer that asked', async () => {
    const config = await open({ since: at(-60_000) });
    const request = ping(pki.pop, CIV);
    const reply = sealReply(
      request,
      { type: PING_RESPONSE_TYPE, payload: { nonce: NONCE, ...CIV, time: now.toISOString() } },
      pki.civ,
      { clock: () => now },
    );
    expect(
      await codeOf(() =>
        verifierOn(config).open(reply.bytes, reply.signature, { recipient: POP, request }),
      ),
    ).toBe('ENVELOPE_SENDER_SUSPENDED');
  });

  it('refuses to address a suspended member before anything is sent', async () => {
    const config = await open({ since: at(-60_000), until: at(60_000) });
    expect(codeOfSync(() => config.assertRecipientNotSuspended(CIV, now))).toBe(
      'ENVELOPE_RECIPIENT_SUSPENDED',
    );
    expect(codeOfSync(() => config.assertRecipientNotSuspended(POP, now))).toBeUndefined();
    expect(
      codeOfSync(() => config.assertRecipientNotSuspended(CIV, new Date(now.getTime() + 60_000))),
    ).toBeUndefined();
  });
});
