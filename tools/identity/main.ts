import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { JWK } from 'oidc-provider';
import { DemoAccounts } from './demo-accounts';
import { createIdentityProvider, type IdentityClient } from './identity-provider';
import { handleInteraction } from './login-interaction';

/**
 * The local stack's identity provider (started by `npm start`): a real OpenID Connect provider
 * with the demo accounts. Never part of a deployment: there each agency's console points at its
 * own IdP and citizens at the national one (docs/console.md, ADR 0018).
 */
function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    process.stderr.write(`identity: ${name} is required\n`);
    process.exit(78);
  }
  return value;
}

/** The ES256 signing key, made once and kept in the data folder (0600). */
function signingKey(dir: string): JWK {
  const file = join(dir, 'signing-key.jwk.json');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' });
    const kid = createHash('sha256')
      .update(`${String(jwk.x)}.${String(jwk.y)}`)
      .digest('base64url')
      .slice(0, 16);
    writeFileSync(file, JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }), { mode: 0o600 });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as JWK;
}

function cookieKey(dir: string): string {
  const file = join(dir, 'cookie.key');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

function main(): void {
  const host = env('IDENTITY_HTTP_HOST', '127.0.0.1');
  const port = Number(env('IDENTITY_HTTP_PORT', '7111'));
  const issuer = env('IDENTITY_ISSUER', `http://127.0.0.1:${port}`);
  const dataDir = env('IDENTITY_DATA_DIR');
  const accounts = DemoAccounts.fromFile(env('IDENTITY_ACCOUNTS_FILE'));
  const clients = JSON.parse(
    readFileSync(env('IDENTITY_CLIENTS_FILE'), 'utf8'),
  ) as IdentityClient[];
  const provider = createIdentityProvider({
    issuer,
    accounts,
    clients,
    signingKeys: [signingKey(dataDir)],
    cookieKeys: [cookieKey(dataDir)],
    accessTokenSeconds: Number(env('IDENTITY_ACCESS_TOKEN_SECONDS', '3600')),
  });
  const oidc = provider.callback();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', issuer }));
      return;
    }
    if (path.startsWith('/interaction/')) {
      handleInteraction(provider, accounts, request, response).catch((error: unknown) => {
        process.stderr.write(`identity: interaction failed: ${String(error)}\n`);
        if (!response.headersSent) {
          response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        }
        response.end('<!doctype html><title>Lỗi</title><p>Phiên đăng nhập đã hết hạn.</p>');
      });
      return;
    }
    void oidc(request, response);
  });
  server.listen(port, host, () => {
    process.stdout.write(`identity provider ready at ${issuer}\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main();
