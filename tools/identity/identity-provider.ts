import Provider, {
  errors,
  type Configuration,
  type ErrorOut,
  type JWK,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import type { DemoAccount, DemoAccounts } from './demo-accounts';

/** The audience of every access token of the local provider (adapters, audit and trust accept it). */
export const BUS_RESOURCE = 'urn:lienthong:bus';

/** Claim names of the local provider's tokens (the services map them per issuer). */
export const DEMO_CLAIMS = {
  role: 'lt_role',
  member: 'lt_member',
  unit: 'lt_unit',
  name: 'name',
  personalId: 'lt_personal_id',
} as const;

/** A relying party of the local provider (the console). */
export interface IdentityClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
}

export interface IdentityProviderInput {
  readonly issuer: string;
  readonly accounts: DemoAccounts;
  readonly clients: readonly IdentityClient[];
  /** Private signing keys (JWK, ES256), newest first. */
  readonly signingKeys: readonly JWK[];
  readonly cookieKeys: readonly string[];
  /** Access token lifetime; the console's session ends with it. */
  readonly accessTokenSeconds: number;
}

function claimsOf(account: DemoAccount): Record<string, string> {
  return {
    [DEMO_CLAIMS.role]: account.role,
    [DEMO_CLAIMS.name]: account.name,
    ...(account.member ? { [DEMO_CLAIMS.member]: account.member } : {}),
    ...(account.unit ? { [DEMO_CLAIMS.unit]: account.unit } : {}),
    ...(account.personalId ? { [DEMO_CLAIMS.personalId]: account.personalId } : {}),
  };
}

const SCOPE = 'openid profile lienthong';

/**
 * A real OpenID Connect provider (the `oidc-provider` package, certified): authorization code
 * with PKCE required for every client, access tokens as RFC 9068 JWTs (ES256) for the bus
 * resource with the person's role and agency, RP-initiated logout. Consent is implied for the
 * local stack's own console (a first-party client), so the person sees one sign-in page.
 */
export function createIdentityProvider(input: IdentityProviderInput): Provider {
  const { accounts } = input;
  const configuration: Configuration = {
    clients: input.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: [...c.redirectUris],
      post_logout_redirect_uris: [...c.postLogoutRedirectUris],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
    })),
    jwks: { keys: [...input.signingKeys] },
    cookies: { keys: [...input.cookieKeys] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'lienthong'],
    claims: {
      openid: ['sub'],
      profile: [DEMO_CLAIMS.name],
      lienthong: [DEMO_CLAIMS.role, DEMO_CLAIMS.member, DEMO_CLAIMS.unit, DEMO_CLAIMS.personalId],
    },
    findAccount: (_ctx, subject) => {
      const account = accounts.find(subject);
      return account
        ? { accountId: subject, claims: () => ({ sub: subject, ...claimsOf(account) }) }
        : undefined;
    },
    extraTokenClaims: (_ctx, token) => {
      const account = 'accountId' in token ? accounts.find(String(token.accountId)) : undefined;
      return account ? claimsOf(account) : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => BUS_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== BUS_RESOURCE) {
            throw new errors.InvalidTarget();
          }
          return {
            scope: SCOPE,
            audience: BUS_RESOURCE,
            accessTokenTTL: input.accessTokenSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) {
        return undefined;
      }
      const known = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (known) {
        return ctx.oidc.provider.Grant.find(known);
      }
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope(SCOPE);
      grant.addResourceScope(BUS_RESOURCE, SCOPE);
      await grant.save();
      return grant;
    },
    ttl: {
      AccessToken: input.accessTokenSeconds,
      AuthorizationCode: 60,
      IdToken: input.accessTokenSeconds,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
  };
  const provider = new Provider(input.issuer, configuration);
  // loopback http issuer of the local stack; a production IdP is https behind its own proxy
  provider.proxy = false;
  return provider;
}

function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Đăng xuất</title></head>
<body onload="document.forms[0].submit()">${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}
<noscript><p>Nhấn để đăng xuất.</p><button form="op.logoutForm" type="submit">Đăng xuất</button></noscript></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function errorPage(out: ErrorOut): string {
  const code = escapeHtml(out.error ?? 'error');
  const text = escapeHtml(out.error_description ?? '');
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi đăng nhập</title></head>
<body><main><h1>Không đăng nhập được</h1><p>${text}</p><p><code>${code}</code></p></main></body></html>`;
}

export { escapeHtml };
