import {
  createClient as createAdapterClient,
  createConfig as adapterConfig,
} from './generated/adapter/client';
import {
  createClient as createAuditClient,
  createConfig as auditConfig,
} from './generated/audit/client';
import {
  createClient as createTrustClient,
  createConfig as trustConfig,
} from './generated/trust/client';
import { toProblemError } from './problem';
import { currentCsrfToken } from './session';

type Interceptable = {
  interceptors: {
    request: { use: (fn: (request: Request) => Request) => unknown };
    error: { use: (fn: (error: unknown, response: Response | undefined) => unknown) => unknown };
  };
};

/** Every call carries the session's anti-forgery token; every failure becomes a ProblemError. */
function wire<C extends Interceptable>(client: C): C {
  client.interceptors.request.use((request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      request.headers.set('X-CSRF-Token', currentCsrfToken());
    }
    return request;
  });
  client.interceptors.error.use((error, response) => toProblemError(error, response?.status ?? 0));
  return client;
}

const adapters = new Map<string, ReturnType<typeof createAdapterClient>>();

/**
 * The typed client (generated from the adapters' OpenAPI document) of one agency's adapter,
 * reached through the console's back end, which adds the signed-in person's token.
 */
export function adapterClient(member: string) {
  let client = adapters.get(member);
  if (!client) {
    client = wire(
      createAdapterClient(
        adapterConfig({
          baseUrl: `/api/upstream/${member}`,
          credentials: 'same-origin',
          throwOnError: true,
        }),
      ),
    );
    adapters.set(member, client);
  }
  return client;
}

/** The typed client of the audit service (generated from its OpenAPI document). */
export const auditClient = wire(
  createAuditClient(
    auditConfig({ baseUrl: '/api/upstream/AUDIT', credentials: 'same-origin', throwOnError: true }),
  ),
);

/** The typed client of the trust service's operator API (generated from its OpenAPI document). */
export const trustClient = wire(
  createTrustClient(
    trustConfig({ baseUrl: '/api/upstream/TRUST', credentials: 'same-origin', throwOnError: true }),
  ),
);
