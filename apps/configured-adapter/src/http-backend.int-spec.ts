import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createTlsCertificate } from '@lienthong/pki';
import { HttpBackendService, type OutcomeRule } from './backend-service';
import { HttpBackend, type HttpBackendOptions } from './http-backend';
import { compileMapping } from './mapping';

// Real: HTTP servers on loopback playing well-behaved and malicious back ends. Nothing is mocked.

type Route = (req: IncomingMessage, res: ServerResponse) => void;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': type, 'content-length': bytes.length });
  res.end(bytes);
}

const RECORD = { so_dinh_danh: '001058012345', ho_ten: 'Trần Văn Bình' };

const RULES: OutcomeRule[] = [
  { status: new Set([200]), when: compileMapping('w', "ma_loi = '0'"), outcome: 'FOUND' },
  { status: new Set([404]), when: compileMapping('w', "ma_loi = '201'"), outcome: 'NOT_FOUND' },
  { status: new Set([401, 403]), outcome: 'REFUSED' },
  { status: new Set([502, 503, 504]), outcome: 'UNAVAILABLE' },
];

const TIMEOUT_MS = 600;

describe('a service answered by an HTTP back end', () => {
  const routes = new Map<string, Route>();
  const hits: string[] = [];
  let server: Server;
  let origin: string;
  let elsewhere: Server;
  let elsewhereOrigin: string;
  let elsewhereHits = 0;
  const open: HttpBackend[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname.split('/')[1] ?? '');
      if (route) {
        route(req, res);
      } else {
        json(res, 404, { ma_loi: '404' });
      }
    });
    origin = await listen(server);
    elsewhere = createServer((_req, res) => {
      elsewhereHits++;
      json(res, 200, { ma_loi: '0', du_lieu: { so_dinh_danh: 'stolen' } });
    });
    elsewhereOrigin = await listen(elsewhere);
  });

  afterAll(async () => {
    await Promise.all(open.map((b) => b.close()));
    server.closeAllConnections();
    elsewhere.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => elsewhere.close(resolve));
  });

  beforeEach(() => {
    hits.length = 0;
  });

  function service(
    path: string,
    options: Partial<HttpBackendOptions> = {},
  ): { sut: HttpBackendService; backend: HttpBackend } {
    const backend = new HttpBackend({
      name: 'legacy',
      origin,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: 4096,
      maxConnections: 4,
      auth: { kind: 'none' },
      ...options,
    });
    open.push(backend);
    const sut = new HttpBackendService(
      'merit-status-by-person',
      backend,
      { method: 'GET', template: { path }, headers: {} },
      RULES,
      compileMapping('record', "du_lieu.{ 'personalId': so_dinh_danh, 'fullName': ho_ten }"),
    );
    return { sut, backend };
  }

  const QUERY = { personalId: '001058012345' };

  it('maps a well-formed answer to the record', async () => {
    routes.set('ok', (_req, res) => json(res, 200, { ma_loi: '0', du_lieu: RECORD }));

    await expect(service('/ok/{personalId}').sut.answer(QUERY)).resolves.toEqual({
      status: 'FOUND',
      record: { personalId: '001058012345', fullName: 'Trần Văn Bình' },
    });
    expect(hits).toEqual(['GET /ok/001058012345']);
  });

  it("maps the back end's own not-found code to a typed NOT_FOUND", async () => {
    routes.set('missing', (_req, res) =>
      json(res, 404, { ma_loi: '201', mo_ta: 'RECORD_NOT_FOUND' }),
    );

    await expect(service('/missing/{personalId}').sut.answer(QUERY)).resolves.toEqual({
      status: 'NOT_FOUND',
    });
  });

  it('refuses an answer larger than the limit (declared length)', async () => {
    routes.set('huge', (_req, res) =>
      json(res, 200, { ma_loi: '0', du_lieu: { ...RECORD, padding: 'x'.repeat(10_000) } }),
    );

    await expect(service('/huge/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_ANSWER_INVALID',
      message: expect.stringContaining('more than 4096 bytes') as unknown,
    });
  });

  it('refuses an answer larger than the limit sent without a length (chunked)', async () => {
    routes.set('chunked', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      for (let i = 0; i < 20; i++) {
        res.write(`${'x'.repeat(1000)}`);
      }
      res.end();
    });

    await expect(service('/chunked/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_ANSWER_INVALID',
    });
  });

  it('refuses a record sent with another content type', async () => {
    routes.set('html', (_req, res) =>
      json(res, 200, { ma_loi: '0', du_lieu: RECORD }, 'text/html; charset=utf-8'),
    );

    await expect(service('/html/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_ANSWER_INVALID',
      message: expect.stringContaining('content type text/html') as unknown,
    });
  });

  it('refuses a JSON content type whose body is not JSON', async () => {
    routes.set('broken', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ma_loi": "0", du_lieu');
    });

    await expect(service('/broken/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_ANSWER_INVALID',
    });
  });

  it('cuts a back end that drips its answer, at the deadline, as unavailable', async () => {
    const timers: NodeJS.Timeout[] = [];
    routes.set('drip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ma_loi":"0","du_lieu":{"ho_ten":"');
      // a byte every 100 ms: each gap is shorter than the timeout, the whole is far longer
      timers.push(setInterval(() => res.write('x'), 100));
    });
    const started = Date.now();

    await expect(service('/drip/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
    timers.forEach(clearInterval);
  });

  it('cuts a back end that never answers, as unavailable', async () => {
    routes.set('silent', () => undefined);
    const started = Date.now();

    await expect(service('/silent/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it('answers unavailable when nothing listens at the origin', async () => {
    const closed = createServer();
    const deadOrigin = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));

    await expect(
      service('/x/{personalId}', { origin: deadOrigin }).sut.answer(QUERY),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });

  it('never follows a redirect to another host (no SSRF), and refuses the answer', async () => {
    routes.set('moved', (_req, res) => {
      res.writeHead(302, { location: `${elsewhereOrigin}/steal`, 'content-length': 0 });
      res.end();
    });

    await expect(service('/moved/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_ANSWER_INVALID',
      message: expect.stringContaining('redirect') as unknown,
    });
    expect(elsewhereHits).toBe(0);
  });

  it('keeps a hostile field value inside its path segment', async () => {
    routes.set('seg', (_req, res) => json(res, 404, { ma_loi: '201' }));

    await service('/seg/{personalId}').sut.answer({ personalId: '../../admin?x=1#' });

    expect(hits).toEqual(['GET /seg/..%2F..%2Fadmin%3Fx%3D1%23']);
  });

  it('maps a status no rule names to PROVIDER_ANSWER_INVALID', async () => {
    routes.set('teapot', (_req, res) => json(res, 418, { ma_loi: '418' }));

    await expect(service('/teapot/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_ANSWER_INVALID',
    });
  });

  it('maps the configured statuses to a signed refusal and to unavailability', async () => {
    routes.set('denied', (_req, res) => json(res, 403, { ma_loi: '101' }));
    routes.set('down', (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<h1>maintenance</h1>');
    });

    await expect(service('/denied/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_REFUSED',
    });
    await expect(service('/down/{personalId}').sut.answer(QUERY)).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      retryable: true,
    });
  });

  it('gets one client-credentials token for many look-ups, and a new one once when refused', async () => {
    let issued = 0;
    const valid = new Set<string>();
    routes.set('oauth', (req, res) => {
      const [id, secret] = Buffer.from((req.headers.authorization ?? '').slice(6), 'base64')
        .toString()
        .split(':');
      let form = '';
      req.on('data', (c: Buffer) => (form += c.toString()));
      req.on('end', () => {
        if (
          id !== 'lienthong-ncc' ||
          secret !== 's3cr%3At' ||
          !form.includes('grant_type=client_credentials')
        ) {
          json(res, 401, { error: 'invalid_client' });
          return;
        }
        const token = `tok-${++issued}`;
        valid.add(token);
        json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 300 });
      });
    });
    routes.set('secured', (req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!valid.has(token)) {
        json(res, 401, { ma_loi: '100', mo_ta: 'AUTHEN_ERROR' });
        return;
      }
      json(res, 200, { ma_loi: '0', du_lieu: RECORD });
    });
    const { sut } = service('/secured/{personalId}', {
      auth: {
        kind: 'client-credentials',
        tokenPath: '/oauth/token',
        clientId: 'lienthong-ncc',
        clientSecret: 's3cr:t',
      },
    });

    await Promise.all([sut.answer(QUERY), sut.answer(QUERY), sut.answer(QUERY)]);
    expect(issued).toBe(1);

    valid.clear(); // the back end restarted and forgot its tokens
    await expect(sut.answer(QUERY)).resolves.toMatchObject({ status: 'FOUND' });
    expect(issued).toBe(2);
  });

  it('talks mutual TLS to a back end that requires a client certificate', async () => {
    const serverTls = await createTlsCertificate({ commonName: 'legacy', hosts: ['127.0.0.1'] });
    const clientTls = await createTlsCertificate({
      commonName: 'NCC adapter',
      hosts: ['ncc.invalid'],
    });
    const secure = createHttpsServer(
      {
        cert: serverTls.certificatePem,
        key: serverTls.privateKeyPem,
        ca: clientTls.certificatePem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        json(res, 200, { ma_loi: '0', du_lieu: { ...RECORD, ho_ten: peer.subject?.CN } });
      },
    );
    await new Promise<void>((resolve) => secure.listen(0, '127.0.0.1', resolve));
    const secureOrigin = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
    try {
      const withCert = service('/x/{personalId}', {
        origin: secureOrigin,
        tls: {
          ca: serverTls.certificatePem,
          cert: clientTls.certificatePem,
          key: clientTls.privateKeyPem,
        },
      });
      await expect(withCert.sut.answer(QUERY)).resolves.toEqual({
        status: 'FOUND',
        record: { personalId: '001058012345', fullName: 'NCC adapter' },
      });

      const withoutCert = service('/x/{personalId}', {
        origin: secureOrigin,
        tls: { ca: serverTls.certificatePem },
      });
      await expect(withoutCert.sut.answer(QUERY)).rejects.toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
      });

      const wrongServer = service('/x/{personalId}', {
        origin: secureOrigin,
        tls: {
          ca: clientTls.certificatePem,
          cert: clientTls.certificatePem,
          key: clientTls.privateKeyPem,
        },
      });
      await expect(wrongServer.sut.answer(QUERY)).rejects.toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
      });
    } finally {
      secure.closeAllConnections();
      await new Promise((resolve) => secure.close(resolve));
    }
  });
});
