import { canonicalJson } from '@lienthong/pki';
import { SchemaRegistry } from '@lienthong/schema';
import {
  VerifiedConfiguration,
  decodeConfigurationRecord,
  encodeConfigurationRecord,
  signGlobalConfiguration,
  type GlobalConfiguration,
} from '@lienthong/trust';
import { createTestPki, type TestPki } from '@lienthong/testing';

const schemas = new SchemaRegistry();
const CIV = { member: 'CIV', subsystem: 'registry' };
const POP = { member: 'POP', subsystem: 'registry' };

async function rejection(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('VerifiedConfiguration', () => {
  let pki: TestPki;
  let config: GlobalConfiguration;
  const now = new Date();
  const inAnHour = new Date(now.getTime() + 3_600_000).toISOString();

  beforeAll(async () => {
    pki = await createTestPki();
    config = {
      version: 7,
      instance: 'LT-TEST',
      issuedAt: now.toISOString(),
      expiresAt: inAnHour,
      anchors: [pki.root.certificate.pem],
      intermediates: [pki.issuing.certificate.pem],
      members: [
        {
          code: 'TRUST',
          name: 'Trust',
          subsystems: [{ code: 'central', certificates: [pki.trust.certificate.pem] }],
        },
        {
          code: 'CIV',
          name: 'Civil status',
          subsystems: [{ code: 'registry', certificates: [pki.civ.certificate.pem] }],
        },
        {
          code: 'POP',
          name: 'Population',
          organId: '000.00.00.G22',
          subsystems: [
            {
              code: 'registry',
              certificates: [pki.pop.certificate.pem, pki.popRevoked.certificate.pem],
            },
          ],
        },
      ],
      services: [
        {
          code: 'ping',
          version: 1,
          provider: POP,
          requestType: 'urn:lienthong:bus:ping-request:1',
          responseType: 'urn:lienthong:bus:ping-response:1',
          title: 'Liveness',
          fields: ['nonce', 'time'],
        },
      ],
      accessRights: [{ consumer: CIV, service: 'ping', purposes: ['1.001193'], fields: ['nonce'] }],
      eventRights: [{ subscriber: POP, publisher: 'CIV', eventType: 'birth-registered' }],
      revocations: [
        {
          thumbprint: pki.popRevoked.kid,
          serialNumber: pki.popRevoked.certificate.serialNumber,
          revokedAt: now.toISOString(),
          reason: 'keyCompromise',
        },
      ],
      settings: { clockSkewSeconds: 30, maxMessageBytes: 1_048_576, maxLifetimeSeconds: 86_400 },
    };
  });

  const input = () => ({ anchors: [pki.root.certificate.pem], schemas, at: now });

  it('round-trips through the KV record and indexes the catalog and rights', async () => {
    const record = encodeConfigurationRecord(signGlobalConfiguration(config, pki.trust));
    const { bytes, signature } = decodeConfigurationRecord(record);
    const sut = await VerifiedConfiguration.open(bytes, signature, input());
    expect(sut.version).toBe(7);
    expect(sut.config).toEqual(config);
    expect(sut.service('ping')?.provider).toEqual(POP);
    expect(sut.accessRight(CIV, 'ping')?.purposes).toEqual(['1.001193']);
    expect(sut.accessRight(POP, 'ping')).toBeUndefined();
    expect(sut.eventRight(POP, 'CIV', 'birth-registered')).toBe(true);
    expect(sut.eventRight(CIV, 'CIV', 'birth-registered')).toBe(false);
    expect(sut.member('POP')?.organId).toBe('000.00.00.G22');
    expect(sut.isExpired(now)).toBe(false);
    expect(sut.isExpired(new Date(inAnHour))).toBe(true);
    expect(sut.trustStore.resolve(pki.civ.kid, now).identity).toEqual(CIV);
    expect(() => sut.trustStore.resolve(pki.popRevoked.kid, now)).toThrow(
      expect.objectContaining({ code: 'PKI_CERT_REVOKED' }) as Error,
    );
  });

  it('refuses a configuration signed by anyone but TRUST/central', async () => {
    const bytes = canonicalJson(config);
    const signature = pki.civ.signDetachedJws(bytes, { typ: 'lt-config+jws' });
    expect(await rejection(() => VerifiedConfiguration.open(bytes, signature, input()))).toBe(
      'CONFIG_SIGNER_INVALID',
    );
    expect(
      await rejection(() => Promise.resolve().then(() => signGlobalConfiguration(config, pki.civ))),
    ).toBe('CONFIG_SIGNER_INVALID');
  });

  it('refuses a configuration whose signer does not chain to the given anchor', async () => {
    const signed = signGlobalConfiguration(config, pki.trust);
    const other = { ...input(), anchors: [pki.stranger.chainPems.at(-1) as string] };
    expect(
      await rejection(() => VerifiedConfiguration.open(signed.bytes, signed.signature, other)),
    ).toBe('CONFIG_SIGNER_INVALID');
  });

  it('refuses tampered bytes and a bus-message signature', async () => {
    const signed = signGlobalConfiguration(config, pki.trust);
    const tampered = Buffer.from(signed.bytes.toString().replace('"version":7', '"version":8'));
    expect(
      await rejection(() => VerifiedConfiguration.open(tampered, signed.signature, input())),
    ).toBe('CONFIG_SIGNER_INVALID');
    const asMessage = pki.trust.signDetachedJws(signed.bytes, { typ: 'lt-msg+jws' });
    expect(
      await rejection(() => VerifiedConfiguration.open(signed.bytes, asMessage, input())),
    ).toBe('CONFIG_SIGNER_INVALID');
  });

  it('refuses non-JSON, non-canonical, schema-invalid and expired documents', async () => {
    const open = (bytes: Buffer) =>
      rejection(() =>
        VerifiedConfiguration.open(
          bytes,
          pki.trust.signDetachedJws(bytes, { typ: 'lt-config+jws' }),
          input(),
        ),
      );
    expect(await open(Buffer.from('not json'))).toBe('CONFIG_NOT_JSON');
    expect(await open(Buffer.from(JSON.stringify(config, null, 2)))).toBe('CONFIG_NOT_CANONICAL');
    expect(await open(canonicalJson({ ...config, version: 0 }))).toBe('CONFIG_SCHEMA_INVALID');
    expect(await open(canonicalJson({ ...config, expiresAt: now.toISOString() }))).toBe(
      'CONFIG_EXPIRED',
    );
  });

  it('refuses a malformed KV record', () => {
    expect(() =>
      decodeConfigurationRecord(Buffer.from('{"payload":"a b","signature":"x"}')),
    ).toThrow(expect.objectContaining({ code: 'CONFIG_RECORD_MALFORMED' }) as Error);
    expect(() => decodeConfigurationRecord(Buffer.from('nope'))).toThrow(
      expect.objectContaining({ code: 'CONFIG_RECORD_MALFORMED' }) as Error,
    );
  });
});
