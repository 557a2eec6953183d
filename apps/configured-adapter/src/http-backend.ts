import { Pool, type Dispatcher } from 'undici';
import { ProviderError } from '@lienthong/adapter-kit';

/** How one HTTP back end is reached (the agency configuration's `backends.<name>`, resolved). */
export interface HttpBackendOptions {
  readonly name: string;
  /** `scheme://host[:port]`: the only origin this client ever connects to. */
  readonly origin: string;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly maxConnections: number;
  readonly tls?: {
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly serverName?: string;
  };
  readonly auth:
    | { readonly kind: 'none' }
    | { readonly kind: 'bearer'; readonly token: string }
    | {
        readonly kind: 'client-credentials';
        readonly tokenPath: string;
        readonly clientId: string;
        readonly clientSecret: string;
        readonly scope?: string;
      };
}

/** One request to the back end: a path of its origin, never a URL. */
export interface BackendRequest {
  readonly method: 'GET' | 'POST';
  /** Absolute path with its query, already encoded: `/api/v1/x/001?y=2`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON body of a POST. */
  readonly json?: unknown;
}

/** What the back end answered; `body` is the parsed JSON when (and only when) it sent JSON. */
export interface BackendAnswer {
  readonly status: number;
  readonly json: boolean;
  readonly body: unknown;
  /** The media type it declared (for messages only). */
  readonly contentType?: string;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const TOKEN_CHARS = /^[A-Za-z0-9\-._~+/]+=*$/;
/** A token is renewed this long before the back end said it expires. */
const TOKEN_MARGIN_MS = 30_000;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The client of an agency's existing HTTP system. It calls exactly one origin (the configuration's;
 * request paths are built from templates, never from a URL), follows no redirect, reads at most
 * `maxResponseBytes`, and gives up after `timeoutMs` for the whole exchange — a back end that drips
 * its answer a byte at a time is cut at the deadline like one that never answers. Failures are
 * ProviderErrors: PROVIDER_UNAVAILABLE (retryable) for what may pass, PROVIDER_ANSWER_INVALID for
 * an answer outside the contract.
 */
export class HttpBackend {
  private readonly pool: Pool;
  private token?: { value: string; renewAt: number };
  private tokenInFlight?: Promise<string>;

  constructor(private readonly options: HttpBackendOptions) {
    this.pool = new Pool(options.origin, {
      connections: options.maxConnections,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connectTimeout: options.timeoutMs,
      allowH2: false,
      ...(options.tls
        ? {
            connect: {
              rejectUnauthorized: true,
              ...(options.tls.ca ? { ca: options.tls.ca } : {}),
              ...(options.tls.cert ? { cert: options.tls.cert } : {}),
              ...(options.tls.key ? { key: options.tls.key } : {}),
              ...(options.tls.serverName ? { servername: options.tls.serverName } : {}),
            },
          }
        : {}),
    });
  }

  get name(): string {
    return this.options.name;
  }

  /** Sends one request (with a fresh token once more if a cached one was refused). */
  async exchange(request: BackendRequest): Promise<BackendAnswer> {
    const deadline = Date.now() + this.options.timeoutMs;
    const first = await this.send(request, await this.authorization(deadline), deadline);
    if (first.status === 401 && this.options.auth.kind === 'client-credentials' && this.token) {
      // the back end may have forgotten a token before its time (a restart): one new one, once
      this.token = undefined;
      return this.send(request, await this.authorization(deadline), deadline);
    }
    return first;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async send(
    request: BackendRequest,
    authorization: string | undefined,
    deadline: number,
  ): Promise<BackendAnswer> {
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    return this.call(
      {
        method: request.method,
        path: request.path,
        headers: {
          ...request.headers,
          accept: 'application/json',
          ...(authorization ? { authorization } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        },
        ...(body === undefined ? {} : { body }),
      },
      deadline,
    );
  }

  /** One exchange with every limit applied; the answer's JSON is parsed when it says it is JSON. */
  private async call(
    options: Omit<Dispatcher.RequestOptions, 'origin' | 'signal'>,
    deadline: number,
  ): Promise<BackendAnswer> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw this.unavailable('the deadline passed before the request was sent');
    }
    const signal = AbortSignal.timeout(remaining);
    let response: Dispatcher.ResponseData;
    try {
      response = await this.pool.request({ ...options, signal });
    } catch (error) {
      throw this.transportError(error, signal);
    }
    const { statusCode: status, headers } = response;
    let bytes: Buffer;
    try {
      bytes = await readLimited(response.body, this.options.maxResponseBytes, headers);
    } catch (error) {
      response.body.destroy();
      throw this.transportError(error, signal);
    }
    if (status >= 300 && status < 400) {
      // never followed: a redirect could name any host (PR-REST §4.4)
      throw this.invalid(`answered a redirect (${status}); redirects are never followed`);
    }
    const type = headerValue(headers['content-type']);
    if (!type || !JSON_TYPE.test(type)) {
      return {
        status,
        json: false,
        body: undefined,
        ...(type ? { contentType: type.slice(0, 80) } : {}),
      };
    }
    try {
      return { status, json: true, body: JSON.parse(utf8.decode(bytes)) as unknown };
    } catch (error) {
      throw this.invalid('sent a JSON content type with a body that is not UTF-8 JSON', error);
    }
  }

  private async authorization(deadline: number): Promise<string | undefined> {
    const { auth } = this.options;
    if (auth.kind === 'none') {
      return undefined;
    }
    if (auth.kind === 'bearer') {
      return `Bearer ${auth.token}`;
    }
    if (this.token && this.token.renewAt > Date.now()) {
      return `Bearer ${this.token.value}`;
    }
    // one token request at a time, however many look-ups wait for it
    this.tokenInFlight ??= this.fetchToken(auth, deadline).finally(() => {
      this.tokenInFlight = undefined;
    });
    return `Bearer ${await this.tokenInFlight}`;
  }

  private async fetchToken(
    auth: Extract<HttpBackendOptions['auth'], { kind: 'client-credentials' }>,
    deadline: number,
  ): Promise<string> {
    // RFC 6749 §2.3.1: the client id and secret are form-encoded, then sent as Basic credentials
    const basic = Buffer.from(
      `${encodeURIComponent(auth.clientId)}:${encodeURIComponent(auth.clientSecret)}`,
    ).toString('base64');
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (auth.scope) {
      form.set('scope', auth.scope);
    }
    const answer = await this.call(
      {
        method: 'POST',
        path: auth.tokenPath,
        headers: {
          accept: 'application/json',
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      },
      deadline,
    );
    if (answer.status === 401 || answer.status === 403 || answer.status === 400) {
      throw new ProviderError(
        'PROVIDER_REFUSED',
        `back end ${this.name} refused this adapter's client credentials (${answer.status})`,
      );
    }
    if (answer.status >= 500) {
      throw this.unavailable(`its token endpoint answered ${answer.status}`);
    }
    const token = answer.body as {
      access_token?: unknown;
      token_type?: unknown;
      expires_in?: unknown;
    };
    if (
      answer.status !== 200 ||
      !answer.json ||
      typeof token?.access_token !== 'string' ||
      token.access_token.length > 4096 ||
      !TOKEN_CHARS.test(token.access_token) ||
      typeof token.token_type !== 'string' ||
      token.token_type.toLowerCase() !== 'bearer'
    ) {
      throw this.invalid('its token endpoint answered outside RFC 6749 §5.1');
    }
    const lifetimeMs =
      typeof token.expires_in === 'number' && token.expires_in > 0
        ? token.expires_in * 1000
        : 60_000;
    this.token = {
      value: token.access_token,
      renewAt: Date.now() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2),
    };
    return token.access_token;
  }

  private transportError(error: unknown, signal: AbortSignal): ProviderError {
    const code = (error as { code?: unknown } | undefined)?.code;
    // the size is checked while reading (readLimited), never by the pool: a pool that cuts the
    // socket first would surface as a connection error, and an oversized answer is not an outage
    if (error instanceof ResponseTooLarge) {
      return this.invalid(`answered more than ${this.options.maxResponseBytes} bytes`, error);
    }
    if (signal.aborted) {
      return this.unavailable(`did not answer within ${this.options.timeoutMs} ms`, error);
    }
    return this.unavailable(
      `could not be reached (${typeof code === 'string' ? code : 'connection failed'})`,
      error,
    );
  }

  private unavailable(reason: string, cause?: unknown): ProviderError {
    return new ProviderError('PROVIDER_UNAVAILABLE', `back end ${this.name} ${reason}`, {
      cause,
      details: { backend: this.name },
    });
  }

  private invalid(reason: string, cause?: unknown): ProviderError {
    return new ProviderError('PROVIDER_ANSWER_INVALID', `back end ${this.name} ${reason}`, {
      cause,
      details: { backend: this.name },
    });
  }
}

class ResponseTooLarge extends Error {}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a body, refusing it as soon as it is larger than `limit` (declared or actual). */
async function readLimited(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  headers: Dispatcher.ResponseData['headers'],
): Promise<Buffer> {
  const declared = Number(headerValue(headers['content-length']));
  if (Number.isFinite(declared) && declared > limit) {
    throw new ResponseTooLarge(`declared ${declared} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw new ResponseTooLarge(`more than ${limit} bytes`);
    }
    chunks.push(buffer);
  }
  const [only] = chunks;
  return chunks.length === 1 && only ? only : Buffer.concat(chunks, size);
}
