/**
 * The local provider's pages, in Dutch: plain server-rendered HTML without any client code except the one line
 * that submits the sign-out form (Cognito's /logout asks nothing either). Every value that reaches a page goes
 * through `esc`; the only inline style and script carry the response's CSP nonce.
 */
import { randomBytes } from 'node:crypto';
import { CODE_TTL_MS } from './codes.js';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export const esc = (value: string): string => value.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** A fresh CSP nonce for one response. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/** A rendered page: its status, its HTML, and the nonce its CSP must allow. */
export interface Page {
  status: number;
  html: string;
  nonce: string;
}

/**
 * The headers of every page: out of caches and frames, and only its own style and script. `formOrigins` are the
 * app's origins: a form's success redirects there, and Chrome applies `form-action` to those redirects too.
 */
export const pageHeaders = (page: Page, formOrigins: readonly string[]): Record<string, string> => ({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'nonce-${page.nonce}'`,
    `script-src 'nonce-${page.nonce}'`,
    `form-action 'self' ${formOrigins.join(' ')}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
});

const CSS = `body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;background:#f3f4f6;color:#111}
main{max-width:28rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px #0003}
.brand{margin:0;color:#444;font-size:.9rem}h1{margin:.25rem 0 1rem;font-size:1.6rem}
label{display:block;font-weight:600;margin-top:1rem}.hint{margin:.1rem 0 .4rem;color:#444;font-size:.9rem}
input{font:inherit;width:100%;box-sizing:border-box;padding:.5rem;border:2px solid #555;border-radius:.25rem}
input[aria-invalid=true]{border-color:#b00020}
button{font:inherit;margin-top:1rem;padding:.55rem 1rem;border:0;border-radius:.25rem;background:#0b57d0;color:#fff;cursor:pointer}
button.link{background:none;color:#0b57d0;padding:0;text-decoration:underline}
:focus-visible{outline:3px solid #f9a825;outline-offset:2px}a{color:#0b57d0}
.error{border-left:4px solid #b00020;background:#fdecee;padding:.5rem .75rem;margin:1rem 0}`;

const layout = (nonce: string, title: string, body: string, script?: string): string => `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – msv (lokaal)</title>
<style nonce="${esc(nonce)}">${CSS}</style>
</head>
<body>
<main>
<p class="brand">msv · lokale inlogdienst</p>
${body}
</main>
${script ? `<script nonce="${esc(nonce)}">${script}</script>` : ''}
</body>
</html>
`;

/** The error block, announced by screen readers as soon as the page loads. */
const errorBlock = (id: string, error: string | undefined): string =>
  error ? `<div class="error" id="${id}" role="alert">${esc(error)}</div>` : '';

/** The attributes that tie an input to its hint and error, and mark it invalid when there is one. */
const described = (ids: Array<string | undefined>, invalid: boolean): string => {
  const list = ids.filter(Boolean).join(' ');
  return `${list ? ` aria-describedby="${esc(list)}"` : ''}${invalid ? ' aria-invalid="true"' : ''}`;
};

export interface EmailPageInput {
  nonce: string;
  action: string;
  token: string;
  email?: string;
  error?: string;
  status?: number;
}

/** Page 1: the email address to send a code to. */
export const emailPage = (p: EmailPageInput): Page => ({
  status: p.status ?? 200,
  nonce: p.nonce,
  html: layout(
    p.nonce,
    'Inloggen',
    `<h1>Inloggen</h1>
<p>Vul uw e-mailadres in. U krijgt een code per e-mail waarmee u inlogt.</p>
${errorBlock('email-error', p.error)}
<form method="post" action="${esc(p.action)}">
<input type="hidden" name="token" value="${esc(p.token)}">
<label for="email">E-mailadres</label>
<input id="email" name="email" type="email" autocomplete="email" spellcheck="false" required autofocus
 value="${esc(p.email ?? '')}"${described([p.error ? 'email-error' : undefined], Boolean(p.error))}>
<button type="submit">Stuur mij een code</button>
</form>`,
  ),
});

export interface CodePageInput {
  nonce: string;
  action: string;
  token: string;
  email: string;
  /** Where "send a new code" posts (the email step), with that step's token. */
  resendAction: string;
  resendToken: string;
  /** Where "use another address" leads. */
  restartHref: string;
  error?: string;
  status?: number;
}

/** Page 2: the code from the mail. Worded alike for every address: it does not tell who has an account. */
export const codePage = (p: CodePageInput): Page => ({
  status: p.status ?? 200,
  nonce: p.nonce,
  html: layout(
    p.nonce,
    'Code invullen',
    `<h1>Code invullen</h1>
<p>Als <strong>${esc(p.email)}</strong> toegang heeft tot msv, hebben we een code van 6 cijfers naar dat adres
gestuurd. De code is ${CODE_TTL_MS / 60_000} minuten geldig.</p>
${errorBlock('code-error', p.error)}
<form method="post" action="${esc(p.action)}">
<input type="hidden" name="token" value="${esc(p.token)}">
<label for="code">Code</label>
<p class="hint" id="code-hint">De 6 cijfers uit de e-mail</p>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}"
 maxlength="6" required autofocus${described(['code-hint', p.error ? 'code-error' : undefined], Boolean(p.error))}>
<button type="submit">Inloggen</button>
</form>
<form method="post" action="${esc(p.resendAction)}">
<input type="hidden" name="token" value="${esc(p.resendToken)}">
<input type="hidden" name="email" value="${esc(p.email)}">
<p>Geen e-mail gekregen? <button type="submit" class="link">Stuur een nieuwe code</button></p>
</form>
<p><a href="${esc(p.restartHref)}">Een ander e-mailadres gebruiken</a></p>`,
  ),
});

/** A page that explains what went wrong and what to do; `detail` is shown as code (oidc-provider's error). */
export const messagePage = (
  nonce: string,
  status: number,
  title: string,
  message: string,
  detail?: string,
): Page => ({
  status,
  nonce,
  html: layout(
    nonce,
    title,
    `<h1>${esc(title)}</h1>
<p>${esc(message)}</p>${detail ? `\n<p><code>${esc(detail)}</code></p>` : ''}`,
  ),
});

/**
 * The sign-out page for oidc-provider's `logoutSource`: its form (with the xsrf token it made) plus a button
 * that says "yes, sign me out", clicked by a line of script so that signing out takes no extra step.
 */
export const logoutPage = (nonce: string, form: string): Page => ({
  status: 200,
  nonce,
  html: layout(
    nonce,
    'Uitloggen',
    `<h1>Uitloggen</h1>
<p>U wordt uitgelogd bij de lokale inlogdienst.</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" id="logout" autofocus>Uitloggen</button>`,
    "document.getElementById('logout').click();",
  ),
});
