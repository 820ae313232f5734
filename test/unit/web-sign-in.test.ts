/**
 * The web app's sign-in (web/src/oidc.ts) without a browser: the authorization request and the route that
 * survives the round trip, the answer checked against the tab's pending sign-in, the code exchange and the ID
 * token's checks (oauth4webapi's own, not mocked), refresh shortly before expiry, revocation and Cognito's
 * logout URL. Only fetch is replaced: a token endpoint in this file that signs real RS256 ID tokens with jose.
 */
import { createHash } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { cognitoStyleSignIn, webConfigSchema } from '../../shared/http/web-config.js';
import type { SignInSettings } from '../../web/src/config.js';
import { parseWebConfig } from '../../web/src/config.js';
import {
  beginSignIn,
  cleanCallbackUrl,
  completeSignIn,
  currentIdToken,
  displayName,
  isFresh,
  isSignInCallback,
  logoutUrl,
  REFRESH_MARGIN_S,
  revokeRefreshToken,
  SignInError,
  safeReturnTo,
} from '../../web/src/oidc.js';
import { getSession, type KeyValueStore, PENDING_KEY, setSession } from '../../web/src/session.js';

const ISSUER = 'https://idp.example.test';
const SETTINGS: SignInSettings = {
  issuer: ISSUER,
  clientId: 'msv-web',
  authorizationEndpoint: `${ISSUER}/oauth2/authorize`,
  tokenEndpoint: `${ISSUER}/oauth2/token`,
  revocationEndpoint: `${ISSUER}/oauth2/revoke`,
  logoutEndpoint: `${ISSUER}/logout`,
  scope: 'openid email profile',
};
const APP = 'https://app.example.test';
const REDIRECT = `${APP}/`;

/** sessionStorage's three methods over a Map. */
class MemoryStore implements KeyValueStore {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

let privateKey: CryptoKey;
beforeAll(async () => {
  ({ privateKey } = await generateKeyPair('RS256'));
});

const now = () => Math.floor(Date.now() / 1000);

const idToken = (claims: Record<string, unknown> = {}) =>
  new SignJWT({
    email: 'directie@voorbeeldcollege.nl',
    name: 'Sanne Schoolleider',
    token_use: 'id',
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer((claims.iss as string) ?? ISSUER)
    .setAudience((claims.aud as string) ?? SETTINGS.clientId)
    .setSubject('7a9ff436-c2ed-5c48-8e23-8f14cbfbdad0')
    .setIssuedAt()
    .setExpirationTime((claims.exp as number) ?? now() + 3600)
    .sign(privateKey);

interface Seen {
  url: string;
  form: URLSearchParams;
}

/** A token endpoint: records each request's form and answers what `answer` makes of it. */
const tokenEndpoint = (answer: (form: URLSearchParams) => Promise<Response> | Response) => {
  const seen: Seen[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const form = new URLSearchParams(init?.body as URLSearchParams);
    seen.push({ url: String(input), form });
    return answer(form);
  }) as typeof fetch;
  return { seen, fetchFn };
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Starts a sign-in from `hash` and answers the provider's redirect back to the app. */
const startAndReturn = async (store: MemoryStore, hash = '#/boards/41234/years/2025-2026') => {
  const url = await beginSignIn(SETTINGS, REDIRECT, hash, store);
  const state = url.searchParams.get('state') as string;
  const nonce = url.searchParams.get('nonce') as string;
  return { url, state, nonce, back: new URL(`${REDIRECT}?code=the-code&state=${encodeURIComponent(state)}`) };
};

describe('the authorization request', () => {
  it('asks for a code with PKCE S256, state, nonce and the configured scope, and remembers the route', async () => {
    const store = new MemoryStore();
    const { url, state, nonce } = await startAndReturn(store);
    expect(`${url.origin}${url.pathname}`).toBe(SETTINGS.authorizationEndpoint);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('msv-web');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(state.length).toBeGreaterThanOrEqual(32);
    expect(nonce.length).toBeGreaterThanOrEqual(32);
    expect(nonce).not.toBe(state);
    const pending = JSON.parse(store.getItem(PENDING_KEY) as string) as Record<string, string>;
    expect(pending).toMatchObject({ state, nonce, returnTo: '#/boards/41234/years/2025-2026' });
    // The challenge is the verifier's SHA-256, base64url: the verifier itself never leaves the tab.
    const challenge = createHash('sha256')
      .update(pending.codeVerifier as string)
      .digest('base64url');
    expect(url.searchParams.get('code_challenge')).toBe(challenge);
    expect(url.toString()).not.toContain(pending.codeVerifier);
  });

  it('keeps only a hash route as the place to return to', () => {
    expect(safeReturnTo('#/schools/22KC00/years/2025-2026')).toBe('#/schools/22KC00/years/2025-2026');
    expect(safeReturnTo('')).toBe('');
    expect(safeReturnTo('#main')).toBe('');
    expect(safeReturnTo('#/x y')).toBe('');
  });

  it('knows the provider’s answer and takes it out of the address, landing on the remembered route', () => {
    const back = new URL(`${APP}/?code=c&state=s&iss=${encodeURIComponent(ISSUER)}`);
    expect(isSignInCallback(back)).toBe(true);
    expect(isSignInCallback(new URL(`${APP}/?error=access_denied&state=s`))).toBe(true);
    expect(isSignInCallback(new URL(`${APP}/#/boards/41234/years/2025-2026`))).toBe(false);
    expect(cleanCallbackUrl(back, '#/boards/41234/years/2025-2026')).toBe('/#/boards/41234/years/2025-2026');
    expect(cleanCallbackUrl(new URL(`${APP}/?error=access_denied&error_description=x&state=s`), '')).toBe(
      '/',
    );
  });
});

describe('the answer and the code exchange', () => {
  it('exchanges the code with the verifier, checks the ID token and keeps it with its expiry', async () => {
    const store = new MemoryStore();
    const { state, nonce, back } = await startAndReturn(store);
    const verifier = (JSON.parse(store.getItem(PENDING_KEY) as string) as { codeVerifier: string })
      .codeVerifier;
    const exp = now() + 3600;
    const token = await idToken({ nonce, exp });
    const endpoint = tokenEndpoint(() =>
      json({
        access_token: 'at',
        token_type: 'Bearer',
        expires_in: 3600,
        id_token: token,
        refresh_token: 'rt-1',
      }),
    );
    const { returnTo } = await completeSignIn(SETTINGS, back, REDIRECT, {
      storage: store,
      fetch: endpoint.fetchFn,
    });
    expect(returnTo).toBe('#/boards/41234/years/2025-2026');
    expect(endpoint.seen).toHaveLength(1);
    expect(endpoint.seen[0]?.url).toBe(SETTINGS.tokenEndpoint);
    expect(Object.fromEntries(endpoint.seen[0]?.form ?? [])).toEqual({
      grant_type: 'authorization_code',
      code: 'the-code',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: 'msv-web',
    });
    expect(getSession(store)).toEqual({ idToken: token, expiresAt: exp, refreshToken: 'rt-1' });
    // The pending sign-in is used up: the same answer a second time is refused.
    expect(store.getItem(PENDING_KEY)).toBeNull();
    expect(state).toBeTruthy();
    await expect(
      completeSignIn(SETTINGS, back, REDIRECT, { storage: new MemoryStore(), fetch: endpoint.fetchFn }),
    ).rejects.toMatchObject({ code: 'sign_in_state_mismatch' });
  });

  it('refuses an answer whose state is not the tab’s, without asking the token endpoint', async () => {
    const store = new MemoryStore();
    await startAndReturn(store);
    const endpoint = tokenEndpoint(() => json({}));
    const forged = new URL(`${REDIRECT}?code=stolen&state=someone-elses`);
    const err = await completeSignIn(SETTINGS, forged, REDIRECT, {
      storage: store,
      fetch: endpoint.fetchFn,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignInError);
    expect(err).toMatchObject({ code: 'sign_in_state_mismatch' });
    expect(endpoint.seen).toEqual([]);
    expect(store.items.size).toBe(0);
  });

  it('reports the provider’s refusal with its description, and keeps nothing', async () => {
    const store = new MemoryStore();
    const { state } = await startAndReturn(store);
    const refused = new URL(
      `${REDIRECT}?error=access_denied&error_description=${encodeURIComponent('User cancelled')}&state=${state}`,
    );
    const err = await completeSignIn(SETTINGS, refused, REDIRECT, { storage: store }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'sign_in_refused', detail: 'User cancelled' });
    expect(store.items.size).toBe(0);
  });

  it.each([
    ['another nonce', { nonce: 'not-the-one' }],
    ['another issuer', { iss: 'https://evil.example.test' }],
    ['another audience', { aud: 'someone-else' }],
    ['an expired token', { exp: now() - 3600 }],
  ])('refuses an ID token with %s', async (_what, claims) => {
    const store = new MemoryStore();
    const { nonce, back } = await startAndReturn(store);
    const token = await idToken({ nonce, ...claims });
    const endpoint = tokenEndpoint(() => json({ access_token: 'at', token_type: 'Bearer', id_token: token }));
    const err = await completeSignIn(SETTINGS, back, REDIRECT, {
      storage: store,
      fetch: endpoint.fetchFn,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'sign_in_failed' });
    expect(getSession(store)).toBeNull();
  });

  it('refuses a token response without an ID token, and a refused code', async () => {
    for (const answer of [
      json({ access_token: 'at', token_type: 'Bearer' }),
      json({ error: 'invalid_grant', error_description: 'code expired' }, 400),
    ]) {
      const store = new MemoryStore();
      const { back } = await startAndReturn(store);
      const endpoint = tokenEndpoint(() => answer);
      const err = await completeSignIn(SETTINGS, back, REDIRECT, {
        storage: store,
        fetch: endpoint.fetchFn,
      }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'sign_in_failed' });
      expect(getSession(store)).toBeNull();
    }
  });
});

describe('the ID token for each call', () => {
  it('is the stored one while more than the margin is left', async () => {
    const store = new MemoryStore();
    setSession({ idToken: 'stored', expiresAt: now() + REFRESH_MARGIN_S + 30, refreshToken: 'rt' }, store);
    const endpoint = tokenEndpoint(() => json({}));
    expect(await currentIdToken(SETTINGS, { storage: store, fetch: endpoint.fetchFn })).toBe('stored');
    expect(endpoint.seen).toEqual([]);
    expect(isFresh({ idToken: '', expiresAt: 1000 }, (1000 - REFRESH_MARGIN_S) * 1000)).toBe(false);
    expect(isFresh({ idToken: '', expiresAt: 1000 }, (1000 - REFRESH_MARGIN_S - 1) * 1000)).toBe(true);
  });

  it('is refreshed once, for calls made together, when it expires within the margin', async () => {
    const store = new MemoryStore();
    setSession({ idToken: 'old', expiresAt: now() + 30, refreshToken: 'rt-1' }, store);
    const exp = now() + 3600;
    const fresh = await idToken({ exp });
    const endpoint = tokenEndpoint(
      // A provider that rotates refresh tokens (oidc-provider does for public clients).
      () => json({ access_token: 'at', token_type: 'Bearer', id_token: fresh, refresh_token: 'rt-2' }),
    );
    const deps = { storage: store, fetch: endpoint.fetchFn };
    const tokens = await Promise.all([currentIdToken(SETTINGS, deps), currentIdToken(SETTINGS, deps)]);
    expect(tokens).toEqual([fresh, fresh]);
    expect(endpoint.seen).toHaveLength(1);
    expect(Object.fromEntries(endpoint.seen[0]?.form ?? [])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
      client_id: 'msv-web',
    });
    expect(getSession(store)).toEqual({ idToken: fresh, expiresAt: exp, refreshToken: 'rt-2' });
  });

  it('keeps the refresh token when the provider sends no new one (as Cognito)', async () => {
    const store = new MemoryStore();
    setSession({ idToken: 'old', expiresAt: now() - 10, refreshToken: 'rt-1' }, store);
    const fresh = await idToken();
    const endpoint = tokenEndpoint(() => json({ access_token: 'at', token_type: 'Bearer', id_token: fresh }));
    await currentIdToken(SETTINGS, { storage: store, fetch: endpoint.fetchFn });
    expect(getSession(store)?.refreshToken).toBe('rt-1');
  });

  it('asks for a new sign-in when there is no session or the refresh is refused', async () => {
    const store = new MemoryStore();
    await expect(currentIdToken(SETTINGS, { storage: store })).rejects.toMatchObject({
      code: 'sign_in_expired',
    });
    setSession({ idToken: 'old', expiresAt: now() + 10 }, store);
    await expect(currentIdToken(SETTINGS, { storage: store })).rejects.toMatchObject({
      code: 'sign_in_expired',
    });
    setSession({ idToken: 'old', expiresAt: now() + 10, refreshToken: 'revoked' }, store);
    const endpoint = tokenEndpoint(() => json({ error: 'invalid_grant' }, 400));
    await expect(currentIdToken(SETTINGS, { storage: store, fetch: endpoint.fetchFn })).rejects.toMatchObject(
      {
        code: 'sign_in_expired',
      },
    );
  });

  it('says the service was not reached when fetch fails, and keeps the session for a retry', async () => {
    const store = new MemoryStore();
    setSession({ idToken: 'old', expiresAt: now() + 10, refreshToken: 'rt' }, store);
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(currentIdToken(SETTINGS, { storage: store, fetch: offline })).rejects.toMatchObject({
      code: 'network_error',
    });
    expect(getSession(store)?.refreshToken).toBe('rt');
  });
});

describe('signing out', () => {
  it('revokes the refresh token, and shrugs off a provider that does not answer', async () => {
    const store = new MemoryStore();
    setSession({ idToken: 'id', expiresAt: now() + 3600, refreshToken: 'rt-9' }, store);
    const endpoint = tokenEndpoint(() => new Response(null, { status: 200 }));
    await revokeRefreshToken(SETTINGS, { storage: store, fetch: endpoint.fetchFn });
    expect(endpoint.seen[0]?.url).toBe(SETTINGS.revocationEndpoint);
    expect(Object.fromEntries(endpoint.seen[0]?.form ?? [])).toEqual({
      token: 'rt-9',
      token_type_hint: 'refresh_token',
      client_id: 'msv-web',
    });
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    await expect(revokeRefreshToken(SETTINGS, { storage: store, fetch: offline })).resolves.toBeUndefined();
  });

  it('ends the provider’s session with Cognito’s logout URL', () => {
    const url = new URL(logoutUrl(SETTINGS, REDIRECT));
    expect(`${url.origin}${url.pathname}`).toBe(SETTINGS.logoutEndpoint);
    expect(url.searchParams.get('client_id')).toBe('msv-web');
    expect(url.searchParams.get('logout_uri')).toBe(REDIRECT);
  });
});

describe('who is signed in, and the settings', () => {
  it('reads the name (UTF-8) from the ID token, else the email', async () => {
    expect(displayName(await idToken({ name: 'Zoë de Wit' }))).toBe('Zoë de Wit');
    expect(displayName(await idToken({ name: '' }))).toBe('directie@voorbeeldcollege.nl');
    expect(displayName('not a jwt')).toBeNull();
  });

  it('takes config.json with every sign-in setting, and nothing less', () => {
    expect(parseWebConfig({ apiUrl: 'https://api.example.test/', signIn: SETTINGS })).toEqual({
      apiUrl: 'https://api.example.test',
      signIn: SETTINGS,
    });
    // What the deployment and npm start write through the shared schema, the app reads as it is.
    const written = webConfigSchema.parse({
      apiUrl: 'https://abc.execute-api.eu-central-1.amazonaws.com',
      signIn: cognitoStyleSignIn('https://msv.auth.eu-central-1.amazoncognito.com', ISSUER, 'msv-web'),
    });
    expect(parseWebConfig(JSON.parse(JSON.stringify(written)))).toEqual(written);
    expect(parseWebConfig({ apiUrl: '' })).toBeNull();
    expect(parseWebConfig({ apiUrl: '', signIn: { ...SETTINGS, tokenEndpoint: 42 } })).toBeNull();
  });
});
