import {
  X509Certificate,
  createHash,
  verify as verifySignature,
  type KeyObject,
} from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { httpbis, type VerifyingKey } from 'http-message-signatures';

/** Options of {@link WebhookReceiver}. */
export interface WebhookReceiverOptions {
  /** PEM of the bus CA's root certificate(s): the trust anchors. */
  readonly caPem: string;
  /** PEM of the adapter's signing certificate, optionally followed by its issuing CA(s). */
  readonly signerPem: string;
  /** Folder that keeps one file per delivery id: what makes the receiver idempotent across restarts. */
  readonly storeDir: string;
  /** Path deliveries are POSTed to; default `/webhook`. */
  readonly path?: string;
  /** Oldest signature accepted, seconds; default 300. */
  readonly maxAgeSeconds?: number;
}

/** A delivery as the receiver stored it: the request's signed headers and its body. */
export interface StoredDelivery {
  readonly id: string;
  readonly topic: string;
  readonly receivedAt: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const MAX_BODY_BYTES = 1024 * 1024;
const SIGNED_FIELDS = [
  '@method',
  '@target-uri',
  'content-type',
  'content-digest',
  'lt-delivery-id',
  'lt-topic',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The adapter's certificate, checked once against the bus CA. */
interface TrustedSigner {
  readonly keyid: string;
  readonly alg: string;
  readonly key: KeyObject;
}

/**
 * The reference receiver of Lienthong webhooks (docs/protocol.md §16): what an agency's system
 * does with a push. It verifies the RFC 9421 signature with the adapter's certificate, which it
 * checks against the bus CA (chain and validity), checks the body against its Content-Digest and
 * the delivery id and topic against the signed headers, then stores the delivery once under its
 * id: a retry of a delivery it already has is answered 200 and not stored again. Anything that
 * does not verify is answered 401 and not stored. Standalone on purpose: node:crypto and the
 * RFC 9421 library only, no part of the bus.
 */
export class WebhookReceiver {
  private server?: Server;
  private readonly signer: TrustedSigner;
  private readonly path: string;
  private readonly seen = new Set<string>();
  /** Requests answered "already have it". */
  duplicates = 0;
  /** Requests refused (401, 400, 413). */
  refused = 0;

  constructor(private readonly options: WebhookReceiverOptions) {
    this.signer = trustedSigner(options.signerPem, options.caPem);
    this.path = options.path ?? '/webhook';
    mkdirSync(options.storeDir, { recursive: true });
    for (const name of readdirSync(options.storeDir)) {
      if (name.endsWith('.json')) {
        this.seen.add(name.slice(0, -'.json'.length));
      }
    }
  }

  /** Starts listening on 127.0.0.1:`port` (0: any free port); returns the port. */
  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(error instanceof Error ? error.message : 'error');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  /** Stops accepting connections and closes the open ones (as a receiver that goes down). */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Every delivery stored, oldest first. */
  deliveries(): StoredDelivery[] {
    return readdirSync(this.options.storeDir)
      .filter((name) => name.endsWith('.json'))
      .map(
        (name) =>
          JSON.parse(readFileSync(join(this.options.storeDir, name), 'utf8')) as StoredDelivery,
      )
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    if (req.method === 'GET' && url.pathname === '/deliveries') {
      reply(res, 200, { items: this.deliveries(), duplicates: this.duplicates });
      return;
    }
    if (req.method !== 'POST' || url.pathname !== this.path) {
      reply(res, 404, { error: 'not found' });
      return;
    }
    const body = await readBody(req);
    if (!body) {
      this.refused += 1;
      reply(res, 413, { error: 'body too large' });
      return;
    }
    const headers = flatHeaders(req);
    const problem = await this.check(url.href, headers, body);
    if (problem) {
      this.refused += 1;
      reply(res, problem.status, { error: problem.error });
      return;
    }
    const id = headers['lt-delivery-id'];
    if (this.seen.has(id)) {
      this.duplicates += 1;
      reply(res, 200, { id, duplicate: true });
      return;
    }
    const stored: StoredDelivery = {
      id,
      topic: headers['lt-topic'],
      receivedAt: new Date().toISOString(),
      headers,
      body: body.toString('utf8'),
    };
    try {
      // 'wx': a concurrent retry of the same id loses here, and is a duplicate too
      writeFileSync(join(this.options.storeDir, `${id}.json`), JSON.stringify(stored), {
        flag: 'wx',
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      this.duplicates += 1;
    }
    this.seen.add(id);
    reply(res, 200, { id });
  }

  /** Why the request is refused, or undefined when it verified. */
  private async check(
    url: string,
    headers: Record<string, string>,
    body: Buffer,
  ): Promise<{ status: number; error: string } | undefined> {
    const verified = await httpbis
      .verifyMessage(
        {
          keyLookup: (params) =>
            Promise.resolve(
              params.keyid === this.signer.keyid && params.tag === 'lienthong-webhook'
                ? this.verifyingKey()
                : null,
            ),
          requiredFields: SIGNED_FIELDS,
          requiredParams: ['keyid', 'alg', 'created', 'expires', 'tag'],
          maxAge: this.options.maxAgeSeconds ?? 300,
          tolerance: 30,
        },
        { method: 'POST', url, headers },
      )
      .catch(() => false);
    if (verified !== true) {
      return { status: 401, error: 'the signature does not verify with the adapter certificate' };
    }
    const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
    if (headers['content-digest'] !== digest) {
      return { status: 401, error: 'the body does not match its Content-Digest' };
    }
    if (headers['content-type'] !== 'application/json') {
      return { status: 400, error: 'the body is not application/json' };
    }
    let parsed: { id?: unknown; topic?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8')) as { id?: unknown; topic?: unknown };
    } catch {
      return { status: 400, error: 'the body is not JSON' };
    }
    const id = headers['lt-delivery-id'];
    if (!id || !UUID.test(id) || parsed.id !== id || parsed.topic !== headers['lt-topic']) {
      return { status: 400, error: 'the delivery id or topic differs from the signed headers' };
    }
    return undefined;
  }

  private verifyingKey(): VerifyingKey {
    const { key, alg, keyid } = this.signer;
    return {
      id: keyid,
      algs: [alg],
      verify: (data, signature) =>
        Promise.resolve(
          alg === 'ed25519'
            ? verifySignature(null, data, key, signature)
            : alg === 'ecdsa-p256-sha256'
              ? verifySignature('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)
              : verifySignature('sha256', data, key, signature),
        ),
    };
  }
}

/**
 * The adapter's certificate, trusted only if each certificate of its chain is valid now and
 * signed by the next, the last by a bus CA root; its RFC 9421 key id and algorithm.
 */
function trustedSigner(signerPem: string, caPem: string): TrustedSigner {
  const chain = pems(signerPem).map((pem) => new X509Certificate(pem));
  const roots = pems(caPem).map((pem) => new X509Certificate(pem));
  const leaf = chain[0];
  if (!leaf || roots.length === 0) {
    throw new Error('the signer certificate and the bus CA are both required');
  }
  const now = Date.now();
  for (const [i, cert] of chain.entries()) {
    if (now < Date.parse(cert.validFrom) || now > Date.parse(cert.validTo)) {
      throw new Error(`certificate ${cert.subject} is not valid now`);
    }
    const issuers = chain[i + 1] ? [chain[i + 1]] : roots;
    if (!issuers.some((issuer) => cert.checkIssued(issuer) && cert.verify(issuer.publicKey))) {
      throw new Error(`certificate ${cert.subject} is not issued by the bus CA`);
    }
  }
  const key = leaf.publicKey;
  const alg =
    key.asymmetricKeyType === 'ed25519'
      ? 'ed25519'
      : key.asymmetricKeyType === 'ec'
        ? 'ecdsa-p256-sha256'
        : 'rsa-v1_5-sha256';
  return { keyid: createHash('sha256').update(leaf.raw).digest('base64url'), alg, key };
}

function pems(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}
