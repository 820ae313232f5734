/**
 * The web app's `config.json`, served next to its `index.html`: where the API is and how people sign in. Defined
 * once, here: the deployment writes it (infra/constructs/web-app.ts, values known only at deploy time), `npm start`
 * serves it (infra/local/web-app.ts, the local OpenID provider's values), and the web app reads it through this
 * schema.
 *
 * Sign-in is OpenID Connect's authorization code flow with PKCE by a public client (no secret). The endpoints are
 * given, not discovered: Cognito's discovery document (at the issuer) names the managed login domain's
 * endpoints, but one request fewer before the sign-in page, and the same code for the local provider, whose
 * paths are Cognito's (`/oauth2/authorize`, `/oauth2/token`, `/oauth2/revoke`, `/logout`). The browser calls the
 * token and revocation endpoints cross-origin; Cognito's answer CORS for any origin, the local provider's for the
 * app's origin (infra/local/oidc).
 */
import '../zod-locale.js';
import * as z from 'zod/mini';

/** An absolute http(s) URL without a trailing slash (`https://…`; `http://` only for the local stand-ins). */
const url = z.pipe(
  z.url({ protocol: /^https?$/ }),
  z.transform((u) => u.replace(/\/+$/, '')),
);

export const webSignInSchema = z.object({
  /** The `iss` of the ID tokens: `https://cognito-idp.{region}.amazonaws.com/{poolId}` in AWS. */
  issuer: url,
  /** The web app's app client id: the ID tokens' `aud`. */
  clientId: z.string().check(z.regex(/^[\w+-]{1,128}$/)),
  /** Where the browser is sent to sign in (`…/oauth2/authorize`). */
  authorizationEndpoint: url,
  /** Where the code (with the PKCE verifier) is exchanged for tokens, and refresh tokens are used (`…/oauth2/token`). */
  tokenEndpoint: url,
  /** Where the refresh token is revoked on sign-out (`…/oauth2/revoke`). */
  revocationEndpoint: url,
  /**
   * Cognito's sign-out (`…/logout`): the app sends the browser there with `client_id` and `logout_uri` (the app's
   * origin + `/`, a registered sign-out URL), which ends the session at the IdP too.
   */
  logoutEndpoint: url,
  /** The scopes to ask for, space-separated: `openid email profile`. */
  scope: z.string().check(z.minLength(1)),
});
export type WebSignIn = z.infer<typeof webSignInSchema>;

export const webConfigSchema = z.object({
  /** The HTTP API's base URL, without a trailing slash. */
  apiUrl: url,
  signIn: webSignInSchema,
});
/** What config.json holds. */
export type WebConfig = z.infer<typeof webConfigSchema>;

/** The scopes the web app asks for (Cognito's `openid email profile`; the local provider's too). */
export const WEB_SIGN_IN_SCOPE = 'openid email profile';

/**
 * The sign-in settings of an IdP whose endpoints are Cognito's paths below `base` (the managed login domain in
 * AWS, `https://{prefix}.auth.{region}.amazoncognito.com`; the local provider's issuer locally).
 */
export const cognitoStyleSignIn = (base: string, issuer: string, clientId: string): WebSignIn => ({
  issuer,
  clientId,
  authorizationEndpoint: `${base}/oauth2/authorize`,
  tokenEndpoint: `${base}/oauth2/token`,
  revocationEndpoint: `${base}/oauth2/revoke`,
  logoutEndpoint: `${base}/logout`,
  scope: WEB_SIGN_IN_SCOPE,
});
