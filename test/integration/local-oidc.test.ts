/**
 * The local OpenID provider (infra/local/oidc) end to end: a real client library (openid-client) does discovery,
 * the code flow with PKCE, refresh and RP-initiated logout; a cookie-keeping fetch goes through the Dutch sign-in
 * pages; the code comes from the local SES's store; the tokens are checked with jose by the verifier meant for
 * the API. Only users of the local pool are mailed a code: each test creates the people it signs in (`user`).
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectOf } from '../../infra/local/oidc/accounts.js';
import { CODE_TTL_MS } from '../../infra/local/oidc/codes.js';
import { type LocalOidc, startLocalOidc } from '../../infra/local/oidc/index.js';
import { createTokenVerifier, TokenRejected } from '../../infra/local/oidc/verify.js';
import { AUTHORIZER_FN } from '../../shared/http/routes.js';
import { useLocalAws } from '../support/env.js';
import { formsOf, TestBrowser } from '../support/oidc-browser.js';
import { signInAs } from '../support/people.js';
import { startTestRuntime } from '../support/runtime.js';
import { mailsTo } from '../support/ses-store.js';

useLocalAws();

const APP = 'http://127.0.0.1:3999';
const REDIRECT = `${APP}/auth/callback`;
const run = randomBytes(3).toString('hex');
const address = (who: string) => `${who}-${run}@voorbeeldscholen.nl`;
const NAMED = address('bea');
const FEDERATED = address('fee');
/** An address of this run that is a user of the pool (created on first use, as an invitation would). */
const user = (who: string) => {
  const email = address(who);
  oidc.users.ensure({ email });
  return email;
};

let oidc: LocalOidc;
let config: client.Configuration;
let skew = 0;

beforeAll(async () => {
  oidc = await startLocalOidc({
    appUrl: APP,
    sesEndpoint: process.env.AWS_ENDPOINT_URL_SES,
    people: [
      { email: NAMED, name: 'Bea de Beheerder' },
      { email: FEDERATED, name: 'Fee Federatie', homeOrg: '11ZZ03' },
    ],
    now: () => Date.now() + skew,
  });
  config = await client.discovery(new URL(oidc.issuer), oidc.clientId, undefined, client.None(), {
    execute: [client.allowInsecureRequests],
  });
});

afterAll(async () => {
  await oidc?.close();
});

/** Starts an authorization request with PKCE; resolves at the first page (or at the app, with a session). */
const authorize = async (browser: TestBrowser) => {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: oidc.scope,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const hop = await browser.follow(url, oidc.issuer);
  return { ...hop, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce } };
};

const html = async (res: Response) => {
  const text = await res.text();
  return { text, forms: formsOf(text) };
};

/** Page 1: submits the address; resolves at page 2 (the code page) and the code from the newest mail. */
const requestCode = async (browser: TestBrowser, page: Response, email: string) => {
  const [form] = (await html(page)).forms;
  if (!form) throw new Error('no email form');
  const res = await browser.follow(new URL(form.action, oidc.issuer), oidc.issuer, { ...form.fields, email });
  const mail = (await mailsTo(email.toLowerCase())).at(-1);
  const code = /\b(\d{6})\b/.exec(mail?.body.text ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return { ...res, code, page: await html(res.res), mail };
};

/** Page 2: submits a code on the code page. */
const submitCode = async (
  browser: TestBrowser,
  codePage: { forms: Array<{ action: string; fields: Record<string, string> }> },
  code: string,
) => {
  const [form] = codePage.forms;
  if (!form) throw new Error('no code form');
  return browser.follow(new URL(form.action, oidc.issuer), oidc.issuer, { ...form.fields, code });
};

/** The whole sign-in: authorize, mail a code, enter it, exchange the code for tokens. */
const signIn = async (browser: TestBrowser, email: string) => {
  const start = await authorize(browser);
  const sent = await requestCode(browser, start.res, email);
  const done = await submitCode(browser, sent.page, sent.code);
  if (!done.left) throw new Error(`sign-in did not return to the app: ${done.res.status}`);
  const tokens = await client.authorizationCodeGrant(config, done.left, {
    ...start.checks,
    idTokenExpected: true,
  });
  return { tokens, code: sent.code, codePage: sent.page, mail: sent.mail };
};

describe('local OIDC provider', () => {
  it('publishes discovery and RS256 keys for a public client with PKCE', async () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(oidc.issuer);
    expect(meta.jwks_uri).toBe(oidc.jwksUri);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256']);
    expect(meta.end_session_endpoint).toBe(`${oidc.issuer}/session/end`);
    const jwks = (await (await fetch(oidc.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(2);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
      expect(key.d).toBeUndefined();
    }
  });

  it('signs in with a mailed code and issues Cognito-shaped ID and access tokens', async () => {
    const browser = new TestBrowser();
    const start = await authorize(browser);
    const page1 = await html(start.res);
    expect(start.res.status).toBe(200);
    expect(page1.text).toContain('<html lang="nl">');
    expect(page1.text).toContain('<label for="email">E-mailadres</label>');
    expect(page1.text).toContain('Stuur mij een code');
    expect(start.res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const sent = await requestCode(browser, new Response(page1.text), NAMED);
    expect(sent.mail?.subject).toBe('Uw inlogcode voor msv');
    expect(sent.page.text).toContain('<label for="code">Code</label>');
    expect(sent.page.text).toContain('>Inloggen</button>');
    const done = await submitCode(browser, sent.page, sent.code);
    expect(done.left?.origin).toBe(APP);
    const tokens = await client.authorizationCodeGrant(config, done.left as URL, {
      ...start.checks,
      idTokenExpected: true,
    });

    const verifier = createTokenVerifier({ issuer: oidc.issuer, clientId: oidc.clientId });
    const id = await verifier.verifyIdToken(tokens.id_token as string);
    const access = await verifier.verifyAccessToken(tokens.access_token);
    const now = Math.floor(Date.now() / 1000);
    expect(id).toMatchObject({
      iss: oidc.issuer,
      aud: oidc.clientId,
      sub: subjectOf(NAMED),
      email: NAMED,
      email_verified: true,
      name: 'Bea de Beheerder',
      token_use: 'id',
    });
    expect(id.auth_time).toBeGreaterThan(now - 60);
    expect(access).toMatchObject({
      iss: oidc.issuer,
      sub: id.sub,
      client_id: oidc.clientId,
      token_use: 'access',
      scope: 'openid email profile',
      auth_time: id.auth_time,
      aud: oidc.clientId,
    });
    expect(access.exp).toBe((access.iat as number) + 3600);
    expect(access.jti).toEqual(expect.any(String));
    expect(access.email).toBeUndefined();
    // Two keys, as in Cognito: a verifier that picked "the" key instead of the token's `kid` would fail.
    const idHeader = decodeProtectedHeader(tokens.id_token as string);
    const atHeader = decodeProtectedHeader(tokens.access_token);
    expect(idHeader.alg).toBe('RS256');
    expect(atHeader.alg).toBe('RS256');
    expect(idHeader.kid).not.toBe(atHeader.kid);
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token as string);
    expect((await verifier.verifyAccessToken(refreshed.access_token)).sub).toBe(id.sub);
  });

  it("answers CORS on the token and revocation endpoints for the app's origin only", async () => {
    const meta = config.serverMetadata();
    for (const endpoint of [meta.token_endpoint, meta.revocation_endpoint] as string[]) {
      const preflight = await fetch(endpoint, {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(APP);
    }
    // The browser's exchange, with the app's Origin, succeeds with the header the browser needs.
    const browser = new TestBrowser();
    const start = await authorize(browser);
    const sent = await requestCode(browser, start.res, user('cors'));
    const done = await submitCode(browser, sent.page, sent.code);
    const exchange = (origin: string) =>
      fetch(meta.token_endpoint as string, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: done.left?.searchParams.get('code') ?? '',
          redirect_uri: REDIRECT,
          client_id: oidc.clientId,
          code_verifier: start.checks.pkceCodeVerifier,
        }),
      });
    // Another site's page may not use the code, even with the verifier; the refusal carries no CORS header.
    const foreign = await exchange('https://evil.example');
    expect(foreign.status).toBe(400);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const own = await exchange(APP);
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(APP);
    expect(((await own.json()) as { id_token?: string }).id_token).toEqual(expect.any(String));
  });

  it('names a user created without a name after its address and keeps their subject stable', async () => {
    const email = address('Jan.Jansen');
    oidc.users.ensure({ email: email.toUpperCase() });
    const { tokens } = await signIn(new TestBrowser(), email);
    const claims = decodeJwt(tokens.id_token as string);
    expect(claims.email).toBe(email.toLowerCase());
    expect(claims.name).toBe(`jan.jansen-${run}`);
    expect(claims.sub).toBe(subjectOf(email.toUpperCase()));
    expect(claims.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(claims['custom:homeOrg']).toBeUndefined();
  });

  it('mails no code to an address outside the pool, with the same pages as for a user', async () => {
    const stranger = address('stranger');
    const known = user('known');
    const pageFor = async (email: string) => {
      const browser = new TestBrowser();
      const start = await authorize(browser);
      const [form] = (await html(start.res)).forms;
      const res = await browser.follow(new URL(form?.action ?? '', oidc.issuer), oidc.issuer, {
        ...form?.fields,
        email,
      });
      return { browser, res: res.res, page: await html(res.res) };
    };
    const outside = await pageFor(stranger);
    const inside = await pageFor(known);
    expect(outside.res.status).toBe(inside.res.status);
    // Page 2 says the same for both (only the address, the form tokens and the nonce differ).
    const neutral = (text: string, email: string) =>
      text
        .replaceAll(email, 'ADDRESS')
        .replace(/value="[^"]{20,}"/g, 'value="TOKEN"')
        .replace(/\/interaction\/[\w-]+/g, '/interaction/UID')
        .replace(/nonce="[^"]+"/g, 'nonce="N"');
    expect(neutral(outside.page.text, stranger)).toBe(neutral(inside.page.text, known));
    expect(outside.page.text).toContain(`Als <strong>${stranger}</strong> toegang heeft tot msv`);
    // The mail is sent before page 2 is answered: none went to the stranger, one to the user.
    expect(await mailsTo(stranger)).toHaveLength(0);
    expect(await mailsTo(known)).toHaveLength(1);
    const refused = await submitCode(outside.browser, outside.page, '123456');
    expect(refused.left).toBeUndefined();
    expect(await refused.res.text()).toContain('De code klopt niet');
  });

  it('signs in an address once it is in the pool, not while it is disabled, and again once enabled', async () => {
    const email = address('invited');
    const first = new TestBrowser();
    const before = await authorize(first);
    await requestCode(first, before.res, email).then(
      () => expect.unreachable('a code was mailed to an address outside the pool'),
      (err: Error) => expect(err.message).toMatch(/no code mailed/),
    );
    oidc.users.ensure({ email, name: 'Ivo Uitgenodigd' });
    const browser = new TestBrowser();
    const { tokens } = await signIn(browser, email);
    expect(decodeJwt(tokens.id_token as string)).toMatchObject({ email, name: 'Ivo Uitgenodigd' });

    // Disabling ends the session and the refresh token; no code is mailed any more.
    oidc.users.setEnabled(email, false);
    await expect(client.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toThrow();
    const again = await authorize(browser);
    expect(again.left).toBeUndefined();
    const mails = (await mailsTo(email)).length;
    const [form] = (await html(again.res)).forms;
    await browser.follow(new URL(form?.action ?? '', oidc.issuer), oidc.issuer, { ...form?.fields, email });
    expect(await mailsTo(email)).toHaveLength(mails);

    oidc.users.setEnabled(email, true);
    const back = await signIn(new TestBrowser(), email);
    expect(decodeJwt(back.tokens.id_token as string).sub).toBe(subjectOf(email));
  });

  it("gives a person with a home organisation Cognito's custom:homeOrg", async () => {
    const { tokens } = await signIn(new TestBrowser(), FEDERATED);
    expect(decodeJwt(tokens.id_token as string)).toMatchObject({
      name: 'Fee Federatie',
      'custom:homeOrg': '11ZZ03',
    });
    expect(decodeJwt(tokens.access_token)['custom:homeOrg']).toBeUndefined();
  });

  it('keeps the session for a second authorization and ends it on RP-initiated logout', async () => {
    const browser = new TestBrowser();
    const email = user('logout');
    const { tokens } = await signIn(browser, email);
    const again = await authorize(browser);
    expect(again.left?.searchParams.get('code')).toEqual(expect.any(String));

    const end = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: `${APP}/`,
    });
    const confirm = await browser.follow(end, oidc.issuer);
    const page = await html(confirm.res);
    expect(page.text).toContain('Uitloggen');
    const [form] = page.forms;
    // The page's script clicks the "logout=yes" button; the test sends what that click sends.
    const out = await browser.follow(new URL(form?.action ?? '', oidc.issuer), oidc.issuer, {
      ...form?.fields,
      logout: 'yes',
    });
    expect(out.left?.href).toBe(`${APP}/`);

    await expect(client.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toThrow();
    const after = await authorize(browser);
    expect(after.left).toBeUndefined();
    expect(after.url.pathname).toMatch(/^\/interaction\//);
    expect(await after.res.text()).toContain('Stuur mij een code');
  });

  it("also signs out through Cognito's /logout?client_id&logout_uri", async () => {
    const browser = new TestBrowser();
    await signIn(browser, user('cognito-logout'));
    const confirm = await browser.follow(oidc.logoutUrl(`${APP}/`), oidc.issuer);
    const [form] = (await html(confirm.res)).forms;
    const out = await browser.follow(new URL(form?.action ?? '', oidc.issuer), oidc.issuer, {
      ...form?.fields,
      logout: 'yes',
    });
    expect(out.left?.href).toBe(`${APP}/`);
    expect((await authorize(browser)).url.pathname).toMatch(/^\/interaction\//);
  });

  it('refuses a wrong code with the attempts left, then accepts the right one', async () => {
    const browser = new TestBrowser();
    const email = user('wrong');
    const start = await authorize(browser);
    const sent = await requestCode(browser, start.res, email);
    const wrong = sent.code === '000000' ? '000001' : '000000';
    const refused = await submitCode(browser, sent.page, wrong);
    expect(refused.res.status).toBe(400);
    const page = await html(refused.res);
    expect(page.text).toContain('De code klopt niet. U kunt het nog 4 keer proberen.');
    expect(page.text).toContain('aria-invalid="true"');
    const done = await submitCode(browser, page, sent.code);
    expect(done.left?.searchParams.get('state')).toBe(start.checks.expectedState);
  });

  it('throws a code away after five wrong tries', async () => {
    const browser = new TestBrowser();
    const email = user('attempts');
    const start = await authorize(browser);
    const sent = await requestCode(browser, start.res, email);
    const wrong = sent.code === '999999' ? '999998' : '999999';
    let page = sent.page;
    for (let i = 1; i <= 5; i += 1) {
      const res = await submitCode(browser, page, wrong);
      expect(res.res.status).toBe(i < 5 ? 400 : 429);
      page = await html(res.res);
    }
    expect(page.text).toContain('U heeft 5 keer een verkeerde code ingevuld. Vraag een nieuwe code aan.');
    const late = await submitCode(browser, page, sent.code);
    expect(late.left).toBeUndefined();
    expect(await late.res.text()).toContain('Er is geen geldige code');
    // "Stuur een nieuwe code" (the page's second form) sends a fresh one that works.
    const resend = page.forms[1];
    if (!resend) throw new Error('no resend form');
    const fresh = await browser.follow(new URL(resend.action, oidc.issuer), oidc.issuer, resend.fields);
    const code = /\b(\d{6})\b/.exec((await mailsTo(email)).at(-1)?.body.text ?? '')?.[1] ?? '';
    const done = await submitCode(browser, await html(fresh.res), code);
    expect(done.left?.origin).toBe(APP);
  });

  it('refuses an expired code', async () => {
    const browser = new TestBrowser();
    const start = await authorize(browser);
    const sent = await requestCode(browser, start.res, user('expired'));
    skew = CODE_TTL_MS + 1000;
    try {
      const res = await submitCode(browser, sent.page, sent.code);
      expect(res.res.status).toBe(400);
      expect(await res.res.text()).toContain('De code is verlopen. Vraag een nieuwe code aan.');
    } finally {
      skew = 0;
    }
  });

  it('refuses a code that was used already, in its own and in a new sign-in', async () => {
    const browser = new TestBrowser();
    const email = user('reuse');
    const first = await signIn(browser, email);
    const replay = await submitCode(browser, first.codePage, first.code);
    expect(replay.left).toBeUndefined();
    expect(replay.res.status).toBe(400);

    const other = new TestBrowser();
    const start = await authorize(other);
    const sent = await requestCode(other, start.res, email);
    const old =
      first.code === sent.code ? String((Number(sent.code) + 1) % 1_000_000).padStart(6, '0') : first.code;
    const res = await submitCode(other, sent.page, old);
    expect(await res.res.text()).toContain('De code klopt niet');
  });

  it('refuses forms without the form token or the interaction cookie, and escapes what was typed', async () => {
    const browser = new TestBrowser();
    const start = await authorize(browser);
    const [form] = (await html(start.res)).forms;
    const action = new URL(form?.action ?? '', oidc.issuer);
    const forged = await browser.request(action, { token: 'forged', email: address('csrf') });
    expect(forged.status).toBe(403);
    const stranger = await new TestBrowser().request(action, { ...form?.fields, email: address('csrf') });
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain('Inlogpoging verlopen');
    const evil = await browser.request(action, { ...form?.fields, email: '"><script>alert(1)</script>' });
    const text = await evil.text();
    expect(evil.status).toBe(400);
    expect(text).toContain('Vul een geldig e-mailadres in');
    expect(text).not.toContain('<script>alert');
    expect(text).toContain('&quot;&gt;&lt;script&gt;');
  });

  it('requires PKCE from the public client', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: oidc.scope });
    const res = await new TestBrowser().follow(url, oidc.issuer);
    expect(res.left?.searchParams.get('error')).toBe('invalid_request');
    expect(res.left?.searchParams.get('error_description')).toMatch(/PKCE/);
  });
});

describe('token verifier', () => {
  let tokens: { id: string; access: string };
  let verifier: ReturnType<typeof createTokenVerifier>;

  beforeAll(async () => {
    const { tokens: t } = await signIn(new TestBrowser(), user('verify'));
    tokens = { id: t.id_token as string, access: t.access_token };
    verifier = createTokenVerifier({ issuer: oidc.issuer, clientId: oidc.clientId });
  });

  const tamper = (jwt: string, change: Record<string, unknown>) => {
    const [h, p, s] = jwt.split('.');
    const payload = { ...JSON.parse(Buffer.from(p ?? '', 'base64url').toString()), ...change };
    return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  };

  it('refuses alg none, tampered payloads and a token of the other kind', async () => {
    const claims = decodeJwt(tokens.access);
    const none = new UnsecuredJWT(claims).encode();
    await expect(verifier.verifyAccessToken(none)).rejects.toThrow(TokenRejected);
    await expect(verifier.verifyAccessToken(tamper(tokens.access, { sub: 'someone-else' }))).rejects.toThrow(
      TokenRejected,
    );
    await expect(verifier.verifyIdToken(tamper(tokens.id, { email: 'admin@msv.nl' }))).rejects.toThrow(
      TokenRejected,
    );
    await expect(verifier.verifyAccessToken(tokens.id)).rejects.toThrow(/token_use/);
    await expect(verifier.verifyIdToken(tokens.access)).rejects.toThrow(TokenRejected);
  });

  it('refuses another issuer or app client', async () => {
    const jwks = new URL(oidc.jwksUri);
    const otherIssuer = createTokenVerifier({ issuer: 'http://127.0.0.1:1', clientId: oidc.clientId, jwks });
    await expect(otherIssuer.verifyAccessToken(tokens.access)).rejects.toThrow(TokenRejected);
    const otherClient = createTokenVerifier({ issuer: oidc.issuer, clientId: 'another-app' });
    await expect(otherClient.verifyAccessToken(tokens.access)).rejects.toThrow(/client_id/);
    await expect(otherClient.verifyIdToken(tokens.id)).rejects.toThrow(TokenRejected);
  });

  it('refuses a foreign key under a known kid, HS256 with the public key, and expired tokens', async () => {
    const { kid } = decodeProtectedHeader(tokens.access);
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const claims = decodeJwt(tokens.access);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
    await expect(verifier.verifyAccessToken(forged)).rejects.toThrow(TokenRejected);

    const jwks = (await (await fetch(oidc.jwksUri)).json()) as { keys: Array<{ kid: string }> };
    const published = jwks.keys.find((k) => k.kid === kid);
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(new TextEncoder().encode(JSON.stringify(published)));
    await expect(verifier.verifyAccessToken(hs)).rejects.toThrow(TokenRejected);

    const own = { ...(await exportJWK(publicKey)), kid: 'own', alg: 'RS256' };
    const local = createTokenVerifier({
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      jwks: { keys: [own] },
    });
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await new SignJWT({ ...claims, iat: past, exp: past + 3600 })
      .setProtectedHeader({ alg: 'RS256', kid: 'own' })
      .sign(privateKey);
    await expect(local.verifyAccessToken(expired)).rejects.toThrow(/exp/);
  });
});

describe('the test runtime and signInAs', () => {
  it("resolve the authorizer's sign-in settings to a provider of the runtime's own, where people sign in", async () => {
    const runtime = await startTestRuntime();
    try {
      expect(runtime.environmentOf(AUTHORIZER_FN)).toMatchObject({
        MSV_PEOPLE_ISSUER: runtime.signIn.issuer,
        MSV_PEOPLE_CLIENT_ID: runtime.signIn.clientId,
      });
      const email = 'zorg@voorbeeldcollege.nl';
      const person = await signInAs(runtime, email);
      expect(person.sub).toBe(subjectOf(email));
      const verifier = createTokenVerifier(runtime.signIn);
      expect(await verifier.verifyIdToken(person.idToken)).toMatchObject({
        iss: runtime.signIn.issuer,
        aud: runtime.signIn.clientId,
        sub: person.sub,
        email,
        name: 'Mo Medewerker',
      });
    } finally {
      await runtime.stop();
    }
  }, 60_000);
});
