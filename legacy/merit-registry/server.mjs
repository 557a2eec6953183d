#!/usr/bin/env node
// Cơ sở dữ liệu người có công — a stand-in for an agency's existing sectoral software
// ("phần mềm chuyên ngành riêng"): the registry of people with meritorious service (war invalids,
// sick soldiers and those treated as war invalids) kept by the labour and invalids service.
//
// It is deliberately someone else's program: plain Node.js, no dependency, nothing of Lienthong.
// Its API is in the style of the provincial integration platforms (LGSP): Vietnamese field names,
// dates written dd/mm/yyyy, an error code `ma_loi` in every answer (0 ok, 100 AUTHEN_ERROR,
// 201 RECORD_NOT_FOUND, 302 DATA_TYPE_INVALID) and OAuth2 client credentials in front.
//
//   node legacy/merit-registry/server.mjs --data records.json --clients clients.json [--port 7107]
//        [--host 127.0.0.1] [--tls-cert cert.pem --tls-key key.pem [--client-ca ca.pem]]
//
// GET  /health                                  → 200 {"trang_thai":"UP"}
// POST /oauth/token (client_credentials, Basic) → 200 {"access_token", "token_type":"Bearer", "expires_in"}
// GET  /api/v1/doi-tuong/{so_dinh_danh}          → 200 {"ma_loi":"0","du_lieu":{...}} | 404 | 400 | 401
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.MERIT_PORT ?? '7107' },
    host: { type: 'string', default: process.env.MERIT_HOST ?? '127.0.0.1' },
    data: { type: 'string', default: process.env.MERIT_DATA_FILE },
    clients: { type: 'string', default: process.env.MERIT_CLIENTS_FILE },
    'token-ttl': { type: 'string', default: process.env.MERIT_TOKEN_TTL_SECONDS ?? '300' },
    'tls-cert': { type: 'string', default: process.env.MERIT_TLS_CERT_FILE },
    'tls-key': { type: 'string', default: process.env.MERIT_TLS_KEY_FILE },
    'client-ca': { type: 'string', default: process.env.MERIT_CLIENT_CA_FILE },
  },
});

if (!options.data || !options.clients) {
  process.stderr.write('merit-registry: --data and --clients are required\n');
  process.exit(64);
}

/** so_dinh_danh → record, as the registry keeps it. */
const records = new Map();
for (const record of JSON.parse(readFileSync(options.data, 'utf8')).records ?? []) {
  records.set(record.so_dinh_danh, record);
}

/** client_id → SHA-256 hex of its secret; the registry never keeps a secret itself. */
const clients = new Map(
  (JSON.parse(readFileSync(options.clients, 'utf8')).clients ?? []).map((c) => [
    c.client_id,
    Buffer.from(c.secret_sha256, 'hex'),
  ]),
);

const tokenTtlSeconds = Number(options['token-ttl']);
/** access token → its client and expiry (ms). */
const tokens = new Map();

const json = (res, status, body, extra = {}) => {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': bytes.length,
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(bytes);
};

const problem = (res, status, code, text, extra) =>
  json(res, status, { ma_loi: code, mo_ta: text }, extra);

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function clientOf(authorization) {
  if (!authorization?.startsWith('Basic ')) {
    return undefined;
  }
  const decoded = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) {
    return undefined;
  }
  const id = decodeURIComponent(decoded.slice(0, colon));
  const secret = decodeURIComponent(decoded.slice(colon + 1));
  const expected = clients.get(id);
  const actual = createHash('sha256').update(secret, 'utf8').digest();
  return expected && timingSafeEqual(expected, actual) ? id : undefined;
}

async function issueToken(req, res) {
  const client = clientOf(req.headers.authorization);
  if (!client) {
    return json(res, 401, { error: 'invalid_client' }, { 'www-authenticate': 'Basic' });
  }
  let form;
  try {
    form = new URLSearchParams(await readBody(req, 4096));
  } catch {
    return json(res, 400, { error: 'invalid_request' });
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return json(res, 400, { error: 'unsupported_grant_type' });
  }
  const token = randomBytes(32).toString('base64url');
  tokens.set(token, { client, expiresAt: Date.now() + tokenTtlSeconds * 1000 });
  return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: tokenTtlSeconds });
}

function authenticated(req) {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) {
    return false;
  }
  const held = tokens.get(header.slice(7).trim());
  if (!held || held.expiresAt <= Date.now()) {
    return false;
  }
  return true;
}

const PERSONAL_ID = /^[0-9]{12}$/;
const RECORD_PATH = /^\/api\/v1\/doi-tuong\/([^/]+)$/;

async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://registry.invalid');
  if (url.pathname === '/health' && req.method === 'GET') {
    return json(res, 200, { trang_thai: 'UP', so_ho_so: records.size });
  }
  if (url.pathname === '/oauth/token' && req.method === 'POST') {
    return issueToken(req, res);
  }
  const match = RECORD_PATH.exec(url.pathname);
  if (!match) {
    return problem(res, 404, '404', 'NOT_FOUND');
  }
  if (req.method !== 'GET') {
    return problem(res, 405, '405', 'METHOD_NOT_ALLOWED', { allow: 'GET' });
  }
  if (!authenticated(req)) {
    return problem(res, 401, '100', 'AUTHEN_ERROR', { 'www-authenticate': 'Bearer' });
  }
  const id = decodeURIComponent(match[1]);
  if (!PERSONAL_ID.test(id)) {
    return problem(res, 400, '302', 'DATA_TYPE_INVALID');
  }
  const record = records.get(id);
  if (!record) {
    return problem(res, 404, '201', 'RECORD_NOT_FOUND');
  }
  return json(res, 200, { ma_loi: '0', du_lieu: record });
}

const listener = (req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) {
      problem(res, 500, '500', 'DATA_INCORRECT');
    } else {
      res.destroy();
    }
  });
};

const tls = options['tls-cert'] && options['tls-key'];
const server = tls
  ? createHttpsServer(
      {
        cert: readFileSync(options['tls-cert']),
        key: readFileSync(options['tls-key']),
        ...(options['client-ca']
          ? { ca: readFileSync(options['client-ca']), requestCert: true, rejectUnauthorized: true }
          : {}),
      },
      listener,
    )
  : createHttpServer(listener);

server.keepAliveTimeout = 30_000;
server.listen(Number(options.port), options.host, () => {
  const address = server.address();
  // The first line on stdout is the address, so that a supervisor can use port 0.
  process.stdout.write(
    `merit-registry listening on ${tls ? 'https' : 'http'}://${options.host}:${address.port} (${records.size} records)\n`,
  );
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
