/**
 * The sign-in interaction of the local provider, on plain node:http: page 1 asks the email address and mails a
 * code, page 2 takes the code and ends oidc-provider's interaction with the login. Only a user of the local pool
 * (accounts.ts) is mailed a code; any other address gets the same pages and never a code, as Cognito's managed
 * login with `preventUserExistenceErrors` does not tell whether an address has an account. The interaction's uid in the
 * path must match its cookie (oidc-provider checks the cookie, we check the path), and every POST carries a form
 * token (an HMAC of uid and step), so another site cannot drive these forms.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import { isEmailAddress, type LocalAccounts, normalizeEmail } from './accounts.js';
import { MAX_ATTEMPTS, type OneTimeCodes } from './codes.js';
import { codePage, emailPage, messagePage, newNonce, type Page, pageHeaders } from './pages.js';

/** What the interaction routes need; built once per provider by startLocalOidc. */
export interface InteractionDeps {
  provider: Provider;
  codes: OneTimeCodes;
  accounts: LocalAccounts;
  /** Mails a code; a rejection is shown to the person as "could not send". */
  sendCode(email: string, code: string): Promise<void>;
  /** Origins a sign-in form may end up at (the CSP's form-action follows the redirects to the app). */
  formOrigins: readonly string[];
  log(line: string): void;
}

const ROUTE = /^\/interaction\/([A-Za-z0-9_-]{1,64})(?:\/(email|code))?$/;
const MAX_BODY = 8 * 1024;

/** Thrown for a request that cannot go on; rendered as a Dutch page with its status. */
class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

const EXPIRED = new PageError(
  400,
  'Inlogpoging verlopen',
  'Deze inlogpoging is verlopen of niet meer geldig. Ga terug naar msv en log opnieuw in.',
);

const sendPage = (res: ServerResponse, page: Page, formOrigins: readonly string[]): void => {
  res.writeHead(page.status, pageHeaders(page, formOrigins));
  res.end(page.html);
};

const readForm = async (req: IncomingMessage): Promise<URLSearchParams> => {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new PageError(415, 'Ongeldig verzoek', 'Dit formulier kon niet worden gelezen.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new PageError(413, 'Ongeldig verzoek', 'Dit formulier is te groot.');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

/** Creates the handler for `/interaction/…`; it answers every request it is given. */
export const createInteractionHandler = (deps: InteractionDeps) => {
  // Every page may hold a form whose success redirects on to the app, so every page allows the app's origins.
  const send = (res: ServerResponse, page: Page): void => sendPage(res, page, deps.formOrigins);
  // Per start: form tokens of an earlier run (whose interactions are gone anyway) are refused.
  const formKey = randomBytes(32);
  const formToken = (uid: string, step: 'email' | 'code'): string =>
    createHmac('sha256', formKey).update(`${uid}:${step}`).digest('base64url');
  const checkToken = (uid: string, step: 'email' | 'code', submitted: string | null): void => {
    const expected = Buffer.from(formToken(uid, step));
    const actual = Buffer.from(submitted ?? '');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new PageError(
        403,
        'Ongeldig formulier',
        'Dit formulier is niet geldig. Ga terug naar msv en log opnieuw in.',
      );
    }
  };

  /** The interaction behind the path, which must be the one in this browser's cookie and ask for a login. */
  const interactionFor = async (req: IncomingMessage, res: ServerResponse, uid: string) => {
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await deps.provider.interactionDetails(req, res);
    } catch (err) {
      if ((err as Error).name === 'SessionNotFound') throw EXPIRED;
      throw err;
    }
    if (details.uid !== uid) throw EXPIRED;
    if (details.prompt.name !== 'login') {
      // Consent is never asked (loadExistingGrant grants the first-party client), so nothing else is expected.
      throw new PageError(
        400,
        'Onverwachte stap',
        `De inlogdienst vraagt een onbekende stap: ${details.prompt.name}.`,
      );
    }
    return details;
  };

  const paths = (uid: string) => ({
    start: `/interaction/${uid}`,
    email: `/interaction/${uid}/email`,
    code: `/interaction/${uid}/code`,
  });

  const showEmail = (uid: string, nonce: string, email?: string, error?: string, status?: number): Page =>
    emailPage({ nonce, action: paths(uid).email, token: formToken(uid, 'email'), email, error, status });

  const showCode = (uid: string, nonce: string, email: string, error?: string, status?: number): Page =>
    codePage({
      nonce,
      action: paths(uid).code,
      token: formToken(uid, 'code'),
      email,
      resendAction: paths(uid).email,
      resendToken: formToken(uid, 'email'),
      restartHref: paths(uid).start,
      error,
      status,
    });

  const redirect = (res: ServerResponse, location: string): void => {
    res.writeHead(303, { location, 'cache-control': 'no-store' });
    res.end();
  };

  /** Sends a code and moves on to page 2; validation errors stay on page 1. */
  const postEmail = async (req: IncomingMessage, res: ServerResponse, uid: string, nonce: string) => {
    const form = await readForm(req);
    checkToken(uid, 'email', form.get('token'));
    const typed = (form.get('email') ?? '').trim();
    const email = normalizeEmail(typed);
    if (!isEmailAddress(email)) {
      return send(
        res,
        showEmail(uid, nonce, typed, 'Vul een geldig e-mailadres in, zoals naam@school.nl.', 400),
      );
    }
    const code = deps.codes.issue(uid, email);
    if (!code) {
      return send(
        res,
        messagePage(
          nonce,
          429,
          'Te veel codes aangevraagd',
          'U heeft voor deze inlogpoging te vaak een code aangevraagd. Ga terug naar msv en log opnieuw in.',
        ),
      );
    }
    // Not in the pool (or disabled): the same answer, but no mail. The code is issued all the same so that the
    // code page, its tries and its limits behave alike; it is never sent, so nothing typed can match it.
    if (!deps.accounts.canSignIn(email)) {
      deps.log(`local OIDC: no code mailed to ${email}: not a user of the local pool, or disabled`);
      return redirect(res, paths(uid).code);
    }
    try {
      await deps.sendCode(email, code);
    } catch (err) {
      deps.log(`local OIDC: the code mail to ${email} failed: ${(err as Error).message}`);
      return send(
        res,
        showEmail(
          uid,
          nonce,
          typed,
          'De e-mail met de code kon niet worden verstuurd. Probeer het opnieuw.',
          502,
        ),
      );
    }
    return redirect(res, paths(uid).code);
  };

  /** Checks the code; a good one finishes the interaction (oidc-provider redirects on to the app). */
  const postCode = async (req: IncomingMessage, res: ServerResponse, uid: string, nonce: string) => {
    const form = await readForm(req);
    checkToken(uid, 'code', form.get('token'));
    const email = deps.codes.emailFor(uid);
    const result = deps.codes.check(uid, form.get('code') ?? '');
    if (result.ok) {
      const person = deps.accounts.signIn(result.email);
      // Disabled between the mail and the code.
      if (!person) {
        return send(
          res,
          showEmail(uid, nonce, undefined, 'Inloggen is niet gelukt. Vraag een nieuwe code aan.', 400),
        );
      }
      return deps.provider.interactionFinished(
        req,
        res,
        { login: { accountId: person.sub, amr: ['otp'] } },
        { mergeWithLastSubmission: false },
      );
    }
    if (result.reason === 'missing' || !email) {
      return send(
        res,
        showEmail(uid, nonce, undefined, 'Er is geen geldige code. Vraag een nieuwe code aan.', 400),
      );
    }
    const error =
      result.reason === 'wrong'
        ? `De code klopt niet. U kunt het nog ${result.attemptsLeft} keer proberen.`
        : result.reason === 'expired'
          ? 'De code is verlopen. Vraag een nieuwe code aan.'
          : `U heeft ${MAX_ATTEMPTS} keer een verkeerde code ingevuld. Vraag een nieuwe code aan.`;
    return send(res, showCode(uid, nonce, email, error, result.reason === 'exhausted' ? 429 : 400));
  };

  return async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    const nonce = newNonce();
    try {
      const match = ROUTE.exec(pathname);
      if (!match) throw new PageError(404, 'Niet gevonden', 'Deze pagina bestaat niet.');
      const [, uid = '', step] = match;
      const details = await interactionFor(req, res, uid);
      if (req.method === 'GET' && !step) {
        const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
        return send(res, showEmail(uid, nonce, hint));
      }
      if (req.method === 'GET' && step === 'code') {
        const email = deps.codes.emailFor(uid);
        if (!email) return redirect(res, paths(uid).start);
        return send(res, showCode(uid, nonce, email));
      }
      if (req.method === 'POST' && step === 'email') return await postEmail(req, res, uid, nonce);
      if (req.method === 'POST' && step === 'code') return await postCode(req, res, uid, nonce);
      throw new PageError(405, 'Niet toegestaan', 'Deze pagina kan zo niet worden gebruikt.');
    } catch (err) {
      if (res.headersSent) throw err;
      if (err instanceof PageError) return send(res, messagePage(nonce, err.status, err.title, err.message));
      deps.log(`local OIDC: interaction failed: ${(err as Error).stack ?? String(err)}`);
      return send(res, messagePage(nonce, 500, 'Er ging iets mis', 'Er ging iets mis bij het inloggen.'));
    }
  };
};
