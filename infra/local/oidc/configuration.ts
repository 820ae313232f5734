/**
 * oidc-provider's configuration for the local stand-in of msv's Cognito user pool: one public client (code flow,
 * PKCE S256, no secret), email-code sign-in (our own interaction, no consent step), RP-initiated logout, and
 * tokens shaped like Cognito's (the claims below; this folder's README shows them decoded).
 */
import type { JWK } from 'jose';
import type { Adapter, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { LocalAccounts } from './accounts.js';
import { logoutPage, messagePage, newNonce, type Page, pageHeaders } from './pages.js';

/**
 * The resource indicator the provider issues access tokens for. oidc-provider only issues JWT access tokens for a
 * resource server (RFC 8707); every token request resolves to this one, so clients never pass `resource`.
 */
export const API_RESOURCE = 'urn:msv:api';

/** The scopes the web client asks for and its access tokens carry, as Cognito's do (`openid email profile`). */
export const SCOPES = 'openid email profile';

export interface ConfigurationInput {
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts: LocalAccounts;
  /** Private signing keys; the first signs ID tokens, the one with `accessTokenKid` signs access tokens. */
  keys: JWK[];
  accessTokenKid: string;
  /** Signs the provider's cookies; random per start. */
  cookieKeys: string[];
  formOrigins: readonly string[];
  /** Where sessions, grants and tokens are kept (sessions.ts: in memory, ended per account on request). */
  adapter: (model: string) => Adapter;
}

/**
 * Renders a page through koa (error, sign-out) with the interaction pages' headers. Through koa, not on the raw
 * response: oidc-provider still saves the session and sets its cookie after these helpers return.
 */
const render = (ctx: KoaContextWithOIDC, page: Page, formOrigins: readonly string[]): void => {
  ctx.status = page.status;
  ctx.set(pageHeaders(page, formOrigins));
  ctx.body = page.html;
};

// The session lives a working day: tokens are bound to it (oidc-provider's default without offline_access), so
// refresh tokens work as long as the session does and signing out revokes them.
const SESSION_TTL = 8 * 60 * 60;

export const buildConfiguration = (input: ConfigurationInput): Configuration => ({
  adapter: input.adapter,
  clients: [
    {
      client_id: input.clientId,
      client_name: 'msv (lokaal)',
      application_type: 'web',
      // A public client, as the Cognito app client of a browser app has no secret; PKCE is then required.
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: input.redirectUris,
      post_logout_redirect_uris: input.postLogoutRedirectUris,
      // Cognito's ID tokens always carry auth_time; oidc-provider only when asked.
      require_auth_time: true,
      id_token_signed_response_alg: 'RS256',
    },
  ],
  clientAuthMethods: ['none'],
  // The web app calls the token and revocation endpoints with fetch from its own origin, as it calls Cognito's
  // (which answer CORS for any origin); here only the app's origins may, and only for the web client.
  clientBasedCORS: (_ctx, origin, client) =>
    client.clientId === input.clientId && input.formOrigins.includes(origin),
  responseTypes: ['code'],
  pkce: { required: () => true },
  enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
  jwks: { keys: input.keys as NonNullable<Configuration['jwks']>['keys'] },
  cookies: {
    keys: input.cookieKeys,
    // Cookies ignore ports: these must not collide with whatever the app on 127.0.0.1 sets.
    names: { session: 'msv_oidc_session', interaction: 'msv_oidc_interaction', resume: 'msv_oidc_resume' },
  },
  // `token_use` and `custom:homeOrg` sit under `openid` so that every ID token can carry them, as Cognito's ID
  // tokens carry every attribute the app client may read, whatever the scopes.
  claims: {
    openid: ['sub', 'token_use', 'custom:homeOrg', 'identities'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  scopes: ['openid', 'email', 'profile'],
  // Cognito puts the person's attributes in the ID token; with the userinfo endpoint off so does oidc-provider.
  conformIdTokenClaims: false,
  findAccount: (_ctx, sub) => {
    const person = input.accounts.find(sub);
    if (!person) return undefined;
    return {
      accountId: sub,
      claims: (use) => ({ ...person, ...(use === 'id_token' ? { token_use: 'id' } : {}) }),
    };
  },
  features: {
    devInteractions: { enabled: false },
    // Cognito's userInfo takes its access tokens; oidc-provider's only takes opaque ones. msv reads the ID and
    // access tokens, so the endpoint is left out rather than half-working.
    userinfo: { enabled: false },
    revocation: { enabled: true },
    // Cognito has neither: a web app that used them locally would break in AWS.
    pushedAuthorizationRequests: { enabled: false },
    dPoP: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: (ctx, form) => {
        const page = logoutPage(newNonce(), form);
        render(ctx, page, input.formOrigins);
      },
      postLogoutSuccessSource: (ctx) => {
        const page = messagePage(
          newNonce(),
          200,
          'Uitgelogd',
          'U bent uitgelogd. U kunt dit venster sluiten.',
        );
        render(ctx, page, input.formOrigins);
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => API_RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator, client) => {
        if (indicator !== API_RESOURCE || client.clientId !== input.clientId) {
          throw new Error(`unknown resource ${indicator}`);
        }
        return {
          scope: SCOPES,
          // oidc-provider refuses JWT access tokens without `aud`. Cognito's have none and name the client in
          // `client_id`; with `aud` = the client id too, a check of either claim sees the same value.
          audience: input.clientId,
          accessTokenFormat: 'jwt',
          accessTokenTTL: 60 * 60,
          jwt: { sign: { alg: 'RS256', kid: input.accessTokenKid } },
        };
      },
    },
  },
  // Cognito's access-token claims beside RFC 9068's (iss, sub, client_id, scope, iat, exp, jti).
  extraTokenClaims: (ctx, token) => {
    const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
    const sub = 'accountId' in token ? token.accountId : undefined;
    return { token_use: 'access', auth_time: source?.authTime, username: sub };
  },
  // A first-party client: no consent screen (Cognito shows none either). The grant covers what the client may ask.
  loadExistingGrant: async (ctx) => {
    const { Grant } = ctx.oidc.provider;
    const clientId = ctx.oidc.client?.clientId;
    const grantId =
      ctx.oidc.result?.consent?.grantId ?? (clientId ? ctx.oidc.session?.grantIdFor(clientId) : undefined);
    if (grantId) {
      const existing = await Grant.find(grantId);
      if (existing) return existing;
    }
    if (clientId !== input.clientId || !ctx.oidc.session?.accountId) return undefined;
    const grant = new Grant({ clientId: input.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(SCOPES);
    grant.addResourceScope(API_RESOURCE, SCOPES);
    await grant.save();
    return grant;
  },
  // Cognito returns a refresh token on every code exchange; oidc-provider would want offline_access.
  issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  // Cognito's paths where it has the same endpoint, so local URLs read like those in AWS (clients use discovery).
  routes: {
    authorization: '/oauth2/authorize',
    token: '/oauth2/token',
    revocation: '/oauth2/revoke',
    jwks: '/.well-known/jwks.json',
  },
  ttl: {
    AccessToken: 60 * 60,
    IdToken: 60 * 60,
    AuthorizationCode: 60,
    Interaction: 60 * 60,
    Session: SESSION_TTL,
    Grant: SESSION_TTL,
    RefreshToken: SESSION_TTL,
  },
  renderError: (ctx, out) => {
    const detail = [out.error, out.error_description].filter(Boolean).join(': ');
    const page = messagePage(
      newNonce(),
      Math.max(ctx.status, 400),
      'Inloggen lukt niet',
      'De inlogdienst kon dit verzoek niet verwerken. Ga terug naar msv en probeer het opnieuw.',
      detail,
    );
    render(ctx, page, input.formOrigins);
  },
});
