// real: the guard in a Nest testing module over HTTP (loopback), jose ES256 keys and tokens, the
// RFC 9457 problem filter. mock: nothing (the controller is a probe that echoes who called).
import { type Server } from 'node:http';
import { Controller, Get, HttpCode, Post, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import request from 'supertest';
import { ProblemFilter } from '@lienthong/errors';
import { OperatorAuthGuard, OperatorSubject } from './operator-auth.guard';

const ISSUER = 'lienthong-operator';
const AUDIENCE = 'lienthong-trust';
const SUBJECT = 'van.operator@example.gov.vn';

@Controller()
class ProbeController {
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }

  @Get('v1/members')
  read(@OperatorSubject() subject: string): { subject: string } {
    return { subject };
  }

  @Post('v1/members')
  @HttpCode(201)
  write(@OperatorSubject() subject: string): { subject: string } {
    return { subject };
  }
}

describe('OperatorAuthGuard: the operator API takes ES256 tokens of its issuer, by role', () => {
  let app: INestApplication;
  let key: CryptoKey;
  let jwk: JWK;

  /** A token as the operator issuer signs one; `claims` and `header` override its parts. */
  async function token(
    claims: JWTPayload = { role: 'operator' },
    options: { key?: CryptoKey; expiresIn?: string; sub?: string | null; alg?: string } = {},
  ): Promise<string> {
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'ES256', kid: 'op-1' })
      .setIssuer(typeof claims.iss === 'string' ? claims.iss : ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m');
    if (options.sub !== null) {
      jwt.setSubject(options.sub ?? SUBJECT);
    }
    return jwt.sign(options.key ?? key);
  }

  const http = () => request(app.getHttpServer() as Server);
  const code = (response: { body: unknown }) => (response.body as { code?: string }).code;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    jwk = { ...(await exportJWK(pair.publicKey)), kid: 'op-1', alg: 'ES256' };
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemFilter },
        {
          provide: APP_GUARD,
          useFactory: () =>
            new OperatorAuthGuard({ jwks: { keys: [jwk] }, issuer: ISSUER, audience: AUDIENCE }),
        },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('lets public routes through without a token', async () => {
    expect((await http().get('/health')).status).toBe(200);
  });

  it('refuses a request without a bearer token, or with another scheme (401 AUTH_TOKEN_MISSING)', async () => {
    for (const authorization of [undefined, 'Basic b3A6cGFzcw==', 'Bearer', 'Bearer a b']) {
      const call = http().get('/v1/members');
      const response = await (authorization ? call.set('Authorization', authorization) : call);
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(code(response)).toBe('AUTH_TOKEN_MISSING');
    }
  });

  it.each([
    [
      'signed by an unknown key',
      async () => token(undefined, { key: (await generateKeyPair('ES256')).privateKey }),
    ],
    ['expired', () => token(undefined, { expiresIn: '-1m' })],
    ['for another audience', () => token({ role: 'operator', aud: 'lienthong-audit' })],
    ['of another issuer', () => token({ role: 'operator', iss: 'someone-else' })],
    ['without a subject', () => token(undefined, { sub: null })],
    [
      'signed with another algorithm (ES384)',
      async () =>
        token(undefined, { key: (await generateKeyPair('ES384')).privateKey, alg: 'ES384' }),
    ],
  ])('refuses a token %s (401 AUTH_TOKEN_INVALID)', async (_name, make) => {
    const response = await http()
      .get('/v1/members')
      .set('Authorization', `Bearer ${await make()}`);
    expect(response.status).toBe(401);
    expect(code(response)).toBe('AUTH_TOKEN_INVALID');
  });

  it('lets an auditor read but not write, and an operator do both, naming who called', async () => {
    const auditor = await token({ role: 'auditor' });
    const read = await http().get('/v1/members').set('Authorization', `Bearer ${auditor}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ subject: SUBJECT });
    const refused = await http().post('/v1/members').set('Authorization', `Bearer ${auditor}`);
    expect(refused.status).toBe(403);
    expect(code(refused)).toBe('AUTH_ROLE_FORBIDDEN');

    // the role may also come as a list (`roles`), as identity providers write it
    const operator = await token({ roles: ['auditor', 'operator'] });
    const written = await http().post('/v1/members').set('Authorization', `Bearer ${operator}`);
    expect(written.status).toBe(201);
    expect(written.body).toEqual({ subject: SUBJECT });
  });

  it('refuses a token that names no role it knows (403 AUTH_ROLE_FORBIDDEN)', async () => {
    for (const claims of [{}, { role: 'officer' }, { roles: 'operator' }]) {
      const response = await http()
        .get('/v1/members')
        .set('Authorization', `Bearer ${await token(claims)}`);
      expect(response.status).toBe(403);
      expect(code(response)).toBe('AUTH_ROLE_FORBIDDEN');
    }
  });
});
