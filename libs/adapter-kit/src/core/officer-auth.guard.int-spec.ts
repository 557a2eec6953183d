// real: the guard and the token verifier in a Nest testing module over HTTP (loopback), ES256 keys,
// jose tokens, the RFC 9457 problem filter. mock: nothing (the controller is a probe that echoes
// the principal the guard attached).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { type Server } from 'node:http';
import {
  Controller,
  Get,
  Req,
  UseGuards,
  type INestApplication,
  type Provider,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { SignJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import { ProblemFilter } from '@lienthong/errors';
import { OFFICER_TOKEN_VERIFIER } from './adapter-kit.constants';
import {
  OfficerAuthGuard,
  OfficerTokenVerifier,
  Roles,
  type OfficerPrincipal,
} from './officer-auth.guard';

@Controller()
@UseGuards(OfficerAuthGuard)
class ProbeController {
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('lookup')
  @Roles('officer')
  lookup(@Req() req: { principal: OfficerPrincipal }): OfficerPrincipal {
    return req.principal;
  }

  @Get('figures')
  @Roles('leader', 'auditor')
  figures(@Req() req: { principal: OfficerPrincipal }): OfficerPrincipal {
    return req.principal;
  }
}

function es256(): { privateKey: KeyObject; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

describe("OfficerAuthGuard: an adapter's consumer API takes its agency's tokens, by role", () => {
  const agency = es256();
  const apps: INestApplication[] = [];
  let app: INestApplication;

  async function start(verifier: OfficerTokenVerifier | null): Promise<INestApplication> {
    const providers: Provider[] = [
      { provide: APP_FILTER, useClass: ProblemFilter },
      { provide: OFFICER_TOKEN_VERIFIER, useValue: verifier },
    ];
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers,
    }).compile();
    const started = moduleRef.createNestApplication({ logger: false });
    await started.init();
    apps.push(started);
    return started;
  }

  /** A token as `lt token` mints one for CIV; `claims` and `options` override its parts. */
  function token(
    claims: JWTPayload = { role: 'officer', unit: 'phuong-1' },
    options: { key?: KeyObject; member?: string; expiresIn?: string } = {},
  ): Promise<string> {
    const member = options.member ?? 'CIV';
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject('cb-tuphap-01')
      .setIssuer(`lienthong:${member}`)
      .setAudience(`lienthong:${member}`)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(options.key ?? agency.privateKey);
  }

  const get = (path: string, bearer?: string, on: INestApplication = app) => {
    const call = request(on.getHttpServer() as Server).get(path);
    return bearer === undefined ? call : call.set('Authorization', `Bearer ${bearer}`);
  };
  const code = (response: { body: unknown }) => (response.body as { code?: string }).code;

  beforeAll(async () => {
    app = await start(new OfficerTokenVerifier(agency.publicPem, 'CIV'));
  });

  afterAll(async () => {
    for (const started of apps) {
      await started.close();
    }
  });

  it('lets a route without @Roles through without a token', async () => {
    expect((await get('/open')).status).toBe(200);
  });

  it('refuses a call without a bearer token (401 AUTH_TOKEN_MISSING, problem+json)', async () => {
    const response = await get('/lookup');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(code(response)).toBe('AUTH_TOKEN_MISSING');
    const basic = await request(app.getHttpServer() as Server)
      .get('/lookup')
      .set('Authorization', 'Basic Y2I6cGFzcw==');
    expect(code(basic)).toBe('AUTH_TOKEN_MISSING');
  });

  it('passes the verified principal to the route: subject, role, agency, unit', async () => {
    const response = await get('/lookup', await token());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: 'cb-tuphap-01',
      role: 'officer',
      member: 'CIV',
      unit: 'phuong-1',
    });
    // the same token again (verified once, then remembered until it expires) gives the same
    const again = await get('/lookup', await token());
    expect(again.body).toEqual(response.body);
  });

  it.each([
    ['signed by another key', () => token(undefined, { key: es256().privateKey })],
    ["of another agency's key and issuer", () => token(undefined, { member: 'POP' })],
    ['expired', () => token(undefined, { expiresIn: '-1m' })],
    ['without a role', () => token({ unit: 'phuong-1' })],
    ['with a role the bus does not know', () => token({ role: 'admin' })],
    ['that is not a JWT', () => Promise.resolve('not-a-token')],
  ])('refuses a token %s (401 AUTH_TOKEN_INVALID)', async (_name, make) => {
    const response = await get('/lookup', await make());
    expect(response.status).toBe(401);
    expect(code(response)).toBe('AUTH_TOKEN_INVALID');
  });

  it('refuses a role the route does not name (403 AUTH_ROLE_FORBIDDEN), and lets the ones it names', async () => {
    const leader = await token({ role: 'leader' });
    const refused = await get('/lookup', leader);
    expect(refused.status).toBe(403);
    expect(code(refused)).toBe('AUTH_ROLE_FORBIDDEN');
    expect((await get('/figures', leader)).status).toBe(200);
    expect((await get('/figures', await token({ role: 'auditor' }))).status).toBe(200);
    expect((await get('/figures', await token())).status).toBe(403);
  });

  it('an adapter without an officer key refuses every token of a guarded route', async () => {
    const closed = await start(null);
    const response = await get('/lookup', await token(), closed);
    expect(response.status).toBe(401);
    expect(code(response)).toBe('AUTH_TOKEN_INVALID');
    expect((await get('/open', undefined, closed)).status).toBe(200);
  });
});
