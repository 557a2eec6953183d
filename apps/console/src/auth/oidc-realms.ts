import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import type { IssuerTrust, TokenPrincipal } from '@lienthong/access-tokens';
import type { OidcRealmConfig } from '../console.config';
import { ConsoleError } from '../console.errors';
import type { Realm, SessionPerson } from '../session/console-session.entity';

/** Scopes the console asks for: the person and their role claims. */
const SCOPE = 'openid profile lienthong';

/** What the callback needs to finish a sign-in. */
export interface SignInStart {
  readonly url: string;
  readonly codeVerifier: string;
  readonly state: string;
  readonly nonce: string;
}

/** A finished sign-in: the person as the services will see them, and the tokens. */
export interface SignedIn {
  readonly person: SessionPerson;
  readonly accessToken: string;
  readonly idToken: string;
  readonly expiresAt: Date;
}

const isLoopback = (url: string) =>
  /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url);

/**
 * OpenID Connect relying party (openid-client): authorization code with PKCE (S256), state and
 * nonce, one realm per identity provider (staff: the agency's IdP; citizens: the national one).
 * Discovery is read on first use and kept. Plain http is allowed for a loopback issuer only (the
 * local stack's provider).
 */
export class OidcRealms {
  private readonly configurations = new Map<Realm, Promise<oidc.Configuration>>();

  constructor(
    private readonly realms: Readonly<Record<Realm, OidcRealmConfig>>,
    private readonly redirectUri: string,
    private readonly tokens: IssuerTrust,
  ) {}

  async start(realm: Realm): Promise<SignInStart> {
    const configuration = await this.configuration(realm);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, codeVerifier, state, nonce };
  }

  /** Exchanges the code; the access token is then verified as every service will verify it. */
  async finish(
    realm: Realm,
    callbackUrl: URL,
    expected: { codeVerifier: string; state: string; nonce: string },
  ): Promise<SignedIn> {
    const configuration = await this.configuration(realm);
    let tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new ConsoleError('CONSOLE_SIGN_IN_FAILED', 'the sign-in could not be completed', {
        cause: error,
      });
    }
    const principal = await this.tokens.verify(tokens.access_token);
    const expectedRole =
      realm === 'citizen' ? ['citizen'] : ['officer', 'auditor', 'operator', 'leader'];
    if (!expectedRole.includes(principal.role) || !tokens.id_token) {
      throw new ConsoleError(
        'CONSOLE_SIGN_IN_FAILED',
        `a ${principal.role} cannot sign in as ${realm === 'citizen' ? 'a citizen' : 'staff'}`,
      );
    }
    return {
      person: personOf(principal),
      accessToken: tokens.access_token,
      idToken: tokens.id_token,
      expiresAt: new Date(principal.expiresAt),
    };
  }

  /** Where to send the browser to end the IdP's session too. */
  async endSessionUrl(
    realm: Realm,
    idToken: string,
    postLogoutRedirectUri: string,
  ): Promise<string> {
    const configuration = await this.configuration(realm);
    return oidc.buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: postLogoutRedirectUri,
    }).href;
  }

  private configuration(realm: Realm): Promise<oidc.Configuration> {
    let found = this.configurations.get(realm);
    if (!found) {
      const { issuer, clientId, clientSecretFile } = this.realms[realm];
      found = oidc
        .discovery(
          new URL(issuer),
          clientId,
          readFileSync(clientSecretFile, 'utf8').trim(),
          undefined,
          isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.configurations.delete(realm);
          throw new ConsoleError(
            'CONSOLE_UPSTREAM_UNAVAILABLE',
            'the identity provider is not reachable',
            { cause: error, details: { upstream: 'IDENTITY' } },
          );
        });
      this.configurations.set(realm, found);
    }
    return found;
  }
}

function personOf(principal: TokenPrincipal): SessionPerson {
  return {
    subject: principal.subject,
    role: principal.role,
    ...(principal.name !== undefined ? { name: principal.name } : {}),
    ...(principal.member !== undefined ? { member: principal.member } : {}),
    ...(principal.unit !== undefined ? { unit: principal.unit } : {}),
    ...(principal.personalId !== undefined ? { personalId: principal.personalId } : {}),
  };
}
