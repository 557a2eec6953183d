import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { IssuerTrust, type TokenIssuer } from './issuer-trust';

const ISSUER = 'https://id.civ.example.vn';

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

function sign(
  key: CryptoKey,
  claims: Record<string, unknown>,
  options: { iss?: string; aud?: string; exp?: string; kid?: string } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'k1', typ: 'at+jwt' })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? 'urn:lienthong:bus')
    .setSubject('cb-tuphap-01')
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '10m')
    .sign(key);
}

describe('IssuerTrust', () => {
  let key: CryptoKey;
  let other: CryptoKey;
  let sut: IssuerTrust;
  let jwksFile: string;

  beforeAll(async () => {
    const k1 = await keyPair('k1');
    const k2 = await keyPair('k1');
    key = k1.privateKey;
    other = k2.privateKey;
    jwksFile = join(mkdtempSync(join(tmpdir(), 'lt-tokens-')), 'jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [k1.jwk] }));
    const issuers: TokenIssuer[] = [
      {
        issuer: ISSUER,
        jwksFile,
        audience: 'urn:lienthong:bus',
        roles: ['officer', 'citizen'],
        claims: { role: 'lt_role', member: 'lt_member', unit: 'lt_unit', personalId: 'lt_pid' },
      },
    ];
    sut = new IssuerTrust(issuers);
  });

  it('maps the claims of a verified token as the issuer names them', async () => {
    const token = await sign(key, { lt_role: 'officer', lt_member: 'CIV', lt_unit: 'UBND xã' });
    await expect(sut.verify(token)).resolves.toMatchObject({
      issuer: ISSUER,
      subject: 'cb-tuphap-01',
      role: 'officer',
      member: 'CIV',
      unit: 'UBND xã',
    });
  });

  it('takes the first role the issuer may assert from an array', async () => {
    const token = await sign(key, { lt_role: ['admin', 'citizen'], lt_pid: '001203012345' });
    await expect(sut.verify(token)).resolves.toMatchObject({
      role: 'citizen',
      personalId: '001203012345',
    });
  });

  it.each([
    ['a role the issuer may not assert', { lt_role: 'operator' }, {}],
    ['another audience', { lt_role: 'officer' }, { aud: 'urn:other' }],
    ['an expired token', { lt_role: 'officer' }, { exp: '-1m' }],
    ['a malformed personal id', { lt_role: 'citizen', lt_pid: '12' }, {}],
  ])('refuses %s with AUTH_TOKEN_INVALID', async (_name, claims, options) => {
    const token = await sign(key, claims, options);
    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('refuses a token signed by another key with the same kid', async () => {
    const token = await sign(other, { lt_role: 'officer' });
    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('accepts only tokens of its issuers, and names the others unknown', async () => {
    const foreign = await sign(key, { lt_role: 'officer' }, { iss: 'https://evil.example' });
    expect(sut.accepts(foreign)).toBe(false);
    expect(sut.accepts('not a jwt')).toBe(false);
    await expect(sut.verify(foreign)).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });

  it('refuses a configuration with symmetric algorithms or without roles', () => {
    expect(
      () =>
        new IssuerTrust([
          { issuer: ISSUER, jwksFile, audience: 'a', roles: [], algorithms: ['HS256'] },
        ]),
    ).toThrow(/roles.*HS256|HS256.*roles/s);
  });

  it('holds an agency issuer to its member', async () => {
    const agency = new IssuerTrust([
      {
        issuer: ISSUER,
        jwksFile,
        audience: 'urn:lienthong:bus',
        roles: ['officer'],
        member: 'CIV',
        claims: { role: 'lt_role', member: 'lt_member' },
      },
    ]);
    await expect(agency.verify(await sign(key, { lt_role: 'officer' }))).resolves.toMatchObject({
      member: 'CIV',
    });
    await expect(
      agency.verify(await sign(key, { lt_role: 'officer', lt_member: 'BIZ' })),
    ).rejects.toMatchObject({ code: 'AUTH_TOKEN_INVALID' });
  });
});
