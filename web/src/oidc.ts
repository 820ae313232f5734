/**
 * Signing people in with OpenID Connect: the authorization code flow with PKCE (S256), `state` and `nonce`, as a
 * public client without a secret, against Amazon Cognito in AWS and the local OpenID provider under `npm start`.
 * The protocol work is oauth4webapi's (panva's): it builds the requests and checks the answers, including the
 * ID token's `iss`, `aud`, `exp` and `nonce`. It does not check the signature of an ID token that came straight
 * from the token endpoint over TLS, which OpenID Connect allows; the API checks the signature of every token it
 * is sent.
 *
 * The API takes the person's ID token as the bearer. It is kept with its expiry and the refresh token in
 * sessionStorage (session.ts); shortly before it expires it is refreshed, and when that fails the person signs
 * in again. Signing out revokes the refresh token, forgets the session and ends the provider's session too.
 */
import {
  AuthorizationResponseError,
  type AuthorizationServer,
  allowInsecureRequests,
  authorizationCodeGrantRequest,
  type Client,
  calculatePKCECodeChallenge,
  customFetch,
  generateRandomCodeVerifier,
  generateRandomNonce,
  generateRandomState,
  getValidatedIdTokenClaims,
  None,
  processAuthorizationCodeResponse,
  processRefreshTokenResponse,
  refreshTokenGrantRequest,
  revocationRequest,
  type TokenEndpointResponse,
  validateAuthResponse,
} from 'oauth4webapi';
import type { SignInSettings } from './config.js';
import {
  getSession,
  type KeyValueStore,
  type PendingSignIn,
  type StoredSession,
  setPending,
  setSession,
  takePending,
} from './session.js';

/** Refresh the ID token when it has less than this left, so that no call goes out with an expiring one. */
export const REFRESH_MARGIN_S = 60;

/** What the sign-in functions need from their surroundings; tests pass their own store, clock and fetch. */
export interface SignInDeps {
  storage: KeyValueStore;
  /** The clock, in milliseconds. */
  now?: () => number;
  fetch?: typeof fetch;
}

/** Why a sign-in did not complete; `code` has a Dutch text in messages-nl.ts. */
export type SignInErrorCode =
  | 'sign_in_refused'
  | 'sign_in_state_mismatch'
  | 'sign_in_failed'
  | 'sign_in_expired'
  | 'network_error';

export class SignInError extends Error {
  constructor(
    readonly code: SignInErrorCode,
    message: string,
    /** What the provider said (its `error_description`), shown beside the Dutch text. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The provider in oauth4webapi's terms: endpoints from config.json, no discovery request at start. */
const server = (s: SignInSettings): AuthorizationServer => ({
  issuer: s.issuer,
  authorization_endpoint: s.authorizationEndpoint,
  token_endpoint: s.tokenEndpoint,
  revocation_endpoint: s.revocationEndpoint,
  id_token_signing_alg_values_supported: ['RS256'],
});

const client = (s: SignInSettings): Client => ({
  client_id: s.clientId,
  id_token_signed_response_alg: 'RS256',
});

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain http only to the local provider on this machine; everything else must be https. */
const requestOptions = (s: SignInSettings, deps: SignInDeps) => {
  const token = new URL(s.tokenEndpoint);
  return {
    [allowInsecureRequests]: token.protocol === 'http:' && LOOPBACK.has(token.hostname),
    ...(deps.fetch ? { [customFetch]: deps.fetch } : {}),
  };
};

/** Where the provider sends people back to, and after signing out: the app's own origin. */
export const appRedirectUri = (origin: string): string => `${origin}/`;

/** Only a hash route is kept as a place to return to; anything else lands on the start page. */
export const safeReturnTo = (hash: string): string => (/^#\/[^\s]*$/.test(hash) ? hash : '');

/**
 * Starts a sign-in: remembers state, nonce and PKCE verifier with the route to return to, and answers the
 * provider's authorization URL to go to.
 */
export const beginSignIn = async (
  s: SignInSettings,
  redirectUri: string,
  returnTo: string,
  storage: KeyValueStore,
): Promise<URL> => {
  const pending: PendingSignIn = {
    state: generateRandomState(),
    nonce: generateRandomNonce(),
    codeVerifier: generateRandomCodeVerifier(),
    returnTo: safeReturnTo(returnTo),
  };
  const url = new URL(s.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', s.scope);
  url.searchParams.set('state', pending.state);
  url.searchParams.set('nonce', pending.nonce);
  url.searchParams.set('code_challenge', await calculatePKCECodeChallenge(pending.codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  setPending(pending, storage);
  return url;
};

/** Whether `url` is the provider's answer to a sign-in (a code, or an error). */
export const isSignInCallback = (url: URL): boolean =>
  url.searchParams.has('state') || url.searchParams.has('code') || url.searchParams.has('error');

const CALLBACK_PARAMS = ['code', 'state', 'error', 'error_description', 'error_uri', 'iss', 'session_state'];

/** The address to show once the answer is handled: without the answer's parameters, at the route `hash`. */
export const cleanCallbackUrl = (url: URL, hash: string): string => {
  const clean = new URL(url);
  for (const p of CALLBACK_PARAMS) clean.searchParams.delete(p);
  clean.hash = hash;
  return `${clean.pathname}${clean.search}${clean.hash}`;
};

/** The expiry of a checked ID token response, or an error: the app cannot work without one. */
const sessionFrom = (result: TokenEndpointResponse, previous?: StoredSession): StoredSession => {
  const claims = getValidatedIdTokenClaims(result);
  if (!result.id_token || !claims) {
    throw new SignInError('sign_in_failed', 'the token response has no ID token');
  }
  const refreshToken = result.refresh_token ?? previous?.refreshToken;
  return { idToken: result.id_token, expiresAt: claims.exp, ...(refreshToken ? { refreshToken } : {}) };
};

/** A failed token request: the provider refused (an OAuth error, a bad answer), or it was not reached. */
const tokenFailure = (err: unknown, code: SignInErrorCode): SignInError => {
  if (err instanceof SignInError) return err;
  if (err instanceof TypeError)
    return new SignInError('network_error', 'the sign-in service was not reached');
  const e = err as { error?: unknown; error_description?: unknown; message?: unknown };
  const detail = typeof e.error_description === 'string' ? e.error_description : undefined;
  return new SignInError(code, String(e.error ?? e.message ?? err), detail);
};

/**
 * Completes a sign-in at the provider's answer `url`: checks it against the pending sign-in (which is used up,
 * whatever happens), exchanges the code with the PKCE verifier, checks the ID token and keeps the session.
 * Answers the route to land on; throws SignInError (nothing is kept then).
 */
export const completeSignIn = async (
  s: SignInSettings,
  url: URL,
  redirectUri: string,
  deps: SignInDeps,
): Promise<{ returnTo: string }> => {
  const pending = takePending(deps.storage);
  const as = server(s);
  const c = client(s);
  let params: URLSearchParams;
  try {
    // Without a pending sign-in no state can match: an answer meant for another tab, or a replay.
    params = validateAuthResponse(as, c, url, pending?.state ?? generateRandomState());
  } catch (err) {
    if (err instanceof AuthorizationResponseError) {
      throw new SignInError('sign_in_refused', err.error, err.error_description);
    }
    throw new SignInError('sign_in_state_mismatch', 'the answer does not belong to a sign-in of this tab');
  }
  if (!pending) throw new SignInError('sign_in_state_mismatch', 'no sign-in was started in this tab');
  try {
    const options = requestOptions(s, deps);
    const response = await authorizationCodeGrantRequest(
      as,
      c,
      None(),
      params,
      redirectUri,
      pending.codeVerifier,
      options,
    );
    const result = await processAuthorizationCodeResponse(as, c, response, {
      expectedNonce: pending.nonce,
      requireIdToken: true,
    });
    setSession(sessionFrom(result), deps.storage);
  } catch (err) {
    throw tokenFailure(err, 'sign_in_failed');
  }
  return { returnTo: pending.returnTo };
};

/** Whether `session`'s ID token is still good for a call made now (more than the margin left). */
export const isFresh = (session: StoredSession, nowMs: number): boolean =>
  session.expiresAt - nowMs / 1000 > REFRESH_MARGIN_S;

let refreshing: Promise<string> | null = null;

/**
 * The ID token to send now: the stored one while it is fresh, otherwise a refreshed one (one refresh at a
 * time: the provider may rotate refresh tokens, and a second use of the old one would end the session).
 * Throws SignInError `sign_in_expired` when there is no session or it cannot be refreshed (the caller signs in
 * again), and `network_error` when the provider was not reached (the session is kept).
 */
export const currentIdToken = async (s: SignInSettings, deps: SignInDeps): Promise<string> => {
  const session = getSession(deps.storage);
  if (!session) throw new SignInError('sign_in_expired', 'not signed in');
  if (isFresh(session, (deps.now ?? Date.now)())) return session.idToken;
  refreshing ??= refresh(s, session, deps).finally(() => {
    refreshing = null;
  });
  return refreshing;
};

const refresh = async (s: SignInSettings, session: StoredSession, deps: SignInDeps): Promise<string> => {
  if (!session.refreshToken) throw new SignInError('sign_in_expired', 'the session has no refresh token');
  const as = server(s);
  const c = client(s);
  let next: StoredSession;
  try {
    const response = await refreshTokenGrantRequest(
      as,
      c,
      None(),
      session.refreshToken,
      requestOptions(s, deps),
    );
    next = sessionFrom(await processRefreshTokenResponse(as, c, response), session);
  } catch (err) {
    throw tokenFailure(err, 'sign_in_expired');
  }
  setSession(next, deps.storage);
  return next.idToken;
};

/** Revokes the session's refresh token at the provider; best effort (a failure only costs its natural expiry). */
export const revokeRefreshToken = async (s: SignInSettings, deps: SignInDeps): Promise<void> => {
  const refreshToken = getSession(deps.storage)?.refreshToken;
  if (!refreshToken) return;
  try {
    await revocationRequest(server(s), client(s), None(), refreshToken, {
      ...requestOptions(s, deps),
      additionalParameters: { token_type_hint: 'refresh_token' },
      signal: AbortSignal.timeout(3000),
    });
  } catch {
    // Not reached or refused: signing out goes on all the same.
  }
};

/** Cognito's `/logout`, which ends the provider's session and sends the person back to `logoutUri`. */
export const logoutUrl = (s: SignInSettings, logoutUri: string): string => {
  const url = new URL(s.logoutEndpoint);
  url.searchParams.set('client_id', s.clientId);
  url.searchParams.set('logout_uri', logoutUri);
  return url.toString();
};

/** The claims of a JWT's payload, unchecked: only for showing who is signed in. */
export const unverifiedClaims = (jwt: string): Record<string, unknown> => {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

/** The person's name for the header: the ID token's `name`, else its `email`. */
export const displayName = (idToken: string): string | null => {
  const { name, email } = unverifiedClaims(idToken);
  if (typeof name === 'string' && name.trim()) return name.trim();
  return typeof email === 'string' && email ? email : null;
};
