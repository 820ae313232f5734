/**
 * Signs a person in through the real sign-in pages in Chromium, as they would: the app's "Inloggen" button, the
 * local OpenID provider's Dutch page (e-mailadres → code), the 6-digit code read from the mail on the local SES
 * (its `GET /store`), and back in the app once the answer has been handled (no `code` left in the address).
 */
import type { Page } from 'playwright-core';

interface StoredMail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

/** The mails the local SES holds for `email`, oldest first. */
export const mailsFor = async (sesUrl: string, email: string): Promise<StoredMail[]> => {
  const { emails } = (await (await fetch(`${sesUrl}/store`)).json()) as { emails: StoredMail[] };
  const to = email.toLowerCase();
  return emails.filter((m) => m.destination.to.some((a) => a.toLowerCase() === to));
};

/** Waits for a code mail to `email` beyond the first `seen` ones and answers its 6 digits. */
export const waitForCode = async (sesUrl: string, email: string, seen: number, timeoutMs = 15_000) => {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const mail = (await mailsFor(sesUrl, email)).slice(seen).findLast((m) => m.subject.includes('inlogcode'));
    const code = /\b(\d{6})\b/.exec(mail?.body.text ?? '')?.[1];
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no sign-in code was mailed to ${email} within ${timeoutMs} ms`);
};

export interface SignInThroughProvider {
  /** The local SES (its mail page and `/store`). */
  sesUrl: string;
  email: string;
}

/**
 * From the app's sign-in page (`page` shows it): through the provider and back. Resolves once the app has
 * handled the answer; the caller checks where it landed.
 */
export const signInThroughProvider = async (page: Page, { sesUrl, email }: SignInThroughProvider) => {
  const app = new URL(page.url()).origin;
  const seen = (await mailsFor(sesUrl, email)).length;
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  const address = page.getByLabel('E-mailadres');
  await address.waitFor();
  if (new URL(page.url()).origin === app) throw new Error('the sign-in button did not lead to the provider');
  await address.fill(email);
  await page.getByRole('button', { name: 'Stuur mij een code' }).click();
  const codeField = page.getByLabel('Code', { exact: true });
  await codeField.waitFor();
  await codeField.fill(await waitForCode(sesUrl, email, seen));
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.waitForURL((url) => url.origin === app);
  // The app exchanges the code and then takes it out of the address (history.replaceState).
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('code'));
};

/** Signs out with the app's button and waits until the provider has sent the browser back to the app. */
export const signOutThroughProvider = async (page: Page) => {
  const app = new URL(page.url()).origin;
  await page.getByRole('button', { name: 'Uitloggen' }).click();
  // The app leaves for the provider's /logout, which ends its session and redirects back to the app's `/`;
  // only a fresh load of the app shows this notice (it waits in sessionStorage for that load).
  await page.getByText('U bent uitgelogd.').waitFor({ timeout: 15_000 });
  if (new URL(page.url()).origin !== app)
    throw new Error(`signed out, but not back at the app: ${page.url()}`);
};
