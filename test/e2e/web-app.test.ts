/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against the real local stack
 * (`npm start` with MSV_NOW in the school year). People sign in as themselves through the local OpenID
 * provider, with the code from the mail on the local SES; no token is pasted. A refused sign-in and a forged
 * answer leave nothing signed in; the school leader uploads a bad then a good export, opens the report, gives
 * consent, the board's mail shows on the local SES page, the date is changed, consent revoked, and signs out
 * (at the provider too); the board's bestuurder follows a deep link, signs in, lands there, sees its schools
 * and filters them, then gives the primary school, which has no upload yet, consent for the newest upload on
 * the delivery date (the school's own groepen to count); that date comes without an upload, and the page says
 * nothing was delivered and asks for a new date. On that restarted day: the bestuurder finds the primary school's
 * marker form replaced by "revoke first", revokes, records that it delivers via KiVa (no consent button then; the
 * board overview counts it apart and names KiVa in its row and CSV) and delivers through msv again; the school
 * leader states the school's policy (a bad address refused at its field, the values kept after a reload); the
 * operator opens a catch-up window for 2024-2025 with the admin CLI against this stack, the school and board pages
 * say so, and the bestuurder gives consent in it for a nalevering. axe-core checks every page; screenshots go to
 * test-results/screenshots/.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../infra/local/seed.js';
import type { StackInfo } from '../../infra/local/start.js';
import { WEB_DIST } from '../../infra/local/web-app.js';
import { BUNDLE_BUDGET_BYTES, measureBundle } from '../../web/bundle-size.js';
import { runAdmin } from '../support/admin-cli.js';
import {
  checkA11y,
  ensureChromium,
  launchChromium,
  pageCollectingErrors,
  SCREENSHOTS,
} from '../support/chromium.js';
import { demoConsentBody, startLocalStack, stopLocalStacks } from '../support/local-stack.js';
import { signInThroughProvider, signOutThroughProvider } from '../support/sign-in-browser.js';

const YEAR = '2025-2026';
/** The restarted stack's clock (the last tests' day): the morning after MSV_NOW, when the schedule fires. */
const RESTARTED_AT = '2026-03-11T07:00:00+01:00';
const SHOTS = SCREENSHOTS;
const sample = (name: string) => join(process.cwd(), 'events', 'exports', name);

/** A demo person of the seed by role (and school). */
const demoPerson = (role: string, schoolId?: string) => {
  const person = DEMO_PEOPLE.find(
    (p) =>
      p.membership.role === role &&
      (schoolId === undefined || ('schoolId' in p.membership && p.membership.schoolId === schoolId)),
  );
  if (!person) throw new Error(`no demo person with the role ${role}`);
  return person;
};
const SCHOOL_LEADER = demoPerson('schoolleider', '22KC00');
const BOARD_MEMBER = demoPerson('bestuurder');

const children: ChildProcess[] = [];
const stackDir = mkdtempSync(join(tmpdir(), 'msv-e2e-'));
let info: StackInfo;
let browser: BrowserContext;
/** Console errors of the pages (a CSP violation, an uncaught exception): there must be none. */
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureChromium();
  mkdirSync(SHOTS, { recursive: true });
  // 10 March 2026 in the school year: 113 days to 1 July, delivery dates from 11 March allowed.
  const stack = startLocalStack(stackDir, {
    MSV_NOW: '2026-03-10T10:00:00+01:00',
  });
  children.push(stack.child);
  [info, browser] = await Promise.all([stack.ready(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopLocalStacks(children);
});

const newPage = (): Promise<Page> => pageCollectingErrors(browser, consoleErrors);

const signIn = (page: Page, email: string) => signInThroughProvider(page, { sesUrl: info.sesUrl, email });

/**
 * What the tab keeps: the session in sessionStorage, nothing in localStorage, no cookie of the app's own (the
 * local provider's cookies share the host, as cookies ignore ports, and are left out).
 */
const kept = (page: Page) =>
  page.evaluate(() => ({
    session: sessionStorage.getItem('msv.session'),
    pending: sessionStorage.getItem('msv.signIn'),
    local: localStorage.length,
    cookies: document.cookie
      .split(';')
      .map((c) => c.trim())
      .filter((c) => c && !c.startsWith('msv_oidc'))
      .join('; '),
  }));

/** Clicks a download link and returns the file the browser saved. */
const downloaded = async (page: Page, linkName: string): Promise<{ name: string; bytes: Buffer }> => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: linkName }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
};

const status = (page: Page) => page.locator('#status');

/** Whether a mail whose subject starts with `prefix` reaches the local SES within 20 seconds. */
const mailArrives = async (prefix: string): Promise<boolean> => {
  for (let i = 0; i < 100; i++) {
    const mails = (await (await fetch(`${info.sesUrl}/store`)).json()) as {
      emails: Array<{ subject: string }>;
    };
    if (mails.emails.some((m) => m.subject.startsWith(prefix))) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
};

/**
 * A new page at `route`, signed in as `email` from a browser without a session at the provider (whatever an
 * earlier test left), so the sign-in asks for the address and the code.
 */
const openSignedIn = async (route: string, email: string): Promise<Page> => {
  await browser.clearCookies();
  const page = await newPage();
  await page.goto(`${info.apiUrl}/${route}`);
  await expect.poll(() => page.locator('h1').textContent()).toBe('Inloggen');
  await signIn(page, email);
  return page;
};

describe('web app in Chromium', () => {
  it('is served at / with its config and stays within the size budget', async () => {
    const config = (await (await fetch(`${info.apiUrl}/config.json`)).json()) as {
      apiUrl: string;
      signIn: Record<string, string>;
    };
    expect(config.apiUrl).toBe(info.apiUrl);
    // The local provider's settings, shaped as Cognito's: a public client, Cognito's /logout.
    expect(config.signIn).toMatchObject({ clientId: expect.any(String), scope: 'openid email profile' });
    expect(config.signIn.logoutEndpoint).toBe(`${config.signIn.issuer}/logout`);
    const { total } = measureBundle(WEB_DIST);
    console.log(`web app: ${total} bytes gzipped (budget ${BUNDLE_BUDGET_BYTES})`);
    expect(total).toBeLessThan(BUNDLE_BUDGET_BYTES);
  });

  it('a school: bad then good export, report, consent, mail, change, revoke', async () => {
    const page = await newPage();
    await page.goto(`${info.apiUrl}/`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inloggen');
    await checkA11y(page, '01-sign-in');

    // No token field any more: one button, and what happens after it.
    expect(await page.locator('input').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('code per e-mail');

    // The provider refused (the person cancelled): said in Dutch, the answer out of the address, nothing kept.
    // The refusal answers this tab's own sign-in: its state, taken from the request to the provider.
    const [authorize] = await Promise.all([
      page.waitForRequest((r) => r.url().includes('/oauth2/authorize')),
      page.getByRole('button', { name: 'Inloggen', exact: true }).click(),
    ]);
    const state = new URL(authorize.url()).searchParams.get('state') as string;
    await page.getByLabel('E-mailadres').waitFor();
    await page.goto(
      `${info.apiUrl}/?error=access_denied&error_description=End-User+aborted&state=${encodeURIComponent(state)}`,
    );
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('niet gelukt');
    expect(await page.locator('[role=alert]').textContent()).toContain('End-User aborted');
    expect(new URL(page.url()).search).toBe('');
    expect(await kept(page)).toEqual({ session: null, pending: null, local: 0, cookies: '' });
    await checkA11y(page, '01-sign-in-refused');
    // An answer this tab did not ask for (a forged or replayed code): refused before any token request.
    await page.goto(`${info.apiUrl}/?code=forged&state=forged`);
    await expect
      .poll(() => page.locator('[role=alert]').textContent())
      .toContain('hoort niet bij dit venster');
    expect(await kept(page)).toEqual({ session: null, pending: null, local: 0, cookies: '' });

    await signIn(page, SCHOOL_LEADER.email);
    expect(await page.locator('#session .who').textContent()).toBe(`Ingelogd als ${SCHOOL_LEADER.name}`);
    const signedIn = await kept(page);
    expect(JSON.parse(signedIn.session ?? '{}')).toMatchObject({
      idToken: expect.stringMatching(/^ey/),
      expiresAt: expect.any(Number),
      refreshToken: expect.any(String),
    });
    expect(signedIn).toMatchObject({ pending: null, local: 0, cookies: '' });
    await page.getByRole('link', { name: /Voorbeeld College \(22KC00\)/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain(`schooljaar ${YEAR}`);
    expect(await page.locator('[aria-current=step]').textContent()).toContain('gegevens');
    await checkA11y(page, '02-school-empty');

    // A file with wrong answers: the row-level errors as a table, and nothing stored.
    await page.getByLabel('Bestand (CSV of Excel)').setInputFiles(sample('vo-wrong-answers.csv'));
    await page.getByRole('button', { name: 'Export uploaden' }).click();
    const errors = page.locator('table.errors');
    await errors.waitFor();
    expect(await errors.locator('thead').textContent()).toBe('RegelKolomVeldMelding');
    expect(await errors.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await errors.textContent()).toContain('buiten de antwoordschaal');
    expect(await page.locator('#upload-result [role=alert]').textContent()).toContain(
      'Er is niets opgeslagen',
    );
    await checkA11y(page, '03-upload-errors');

    // The Excel sample (Windows-1252, semicolons), sent as application/octet-stream.
    await page.getByLabel('Bestand (CSV of Excel)').setInputFiles(sample('vo-excel-windows-1252.csv'));
    await page.getByRole('button', { name: 'Export uploaden' }).click();
    await expect.poll(() => status(page).textContent()).toMatch(/Export geaccepteerd: \d+ respondenten/);
    expect(await page.locator('section[aria-labelledby=export-h]').textContent()).toContain('respondenten');
    expect(await page.locator('[aria-current=step]').textContent()).toContain('rapport controleren');

    // The report: fetched with the token, opened from a blob URL.
    await page.getByRole('button', { name: 'Rapport ophalen (PDF)' }).click();
    await page.locator('#report-link').waitFor();
    expect(await page.locator('#report-link').getAttribute('target')).toBe('_blank');
    const pdf = await downloaded(page, 'Rapport downloaden');
    expect(pdf.name).toBe(`rapport-22KC00-${YEAR}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(await page.locator('[aria-current=step]').textContent()).toContain('niveau');

    // The wizard: every step checks its fields before going on.
    await page.getByRole('button', { name: 'Toestemming geven' }).click();
    await page.getByLabel('Per onderwijssoort').check();
    await page.getByRole('button', { name: 'Volgende' }).click();
    const date = page.getByLabel('Leverdatum');
    expect(await date.getAttribute('min')).toBe('2026-03-11');
    expect(await date.getAttribute('max')).toBe('2026-07-01');
    await page.getByRole('button', { name: 'Volgende' }).click();
    expect(await date.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error:not([hidden])').textContent()).toBe('Kies een leverdatum.');
    await date.fill('2026-05-12');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('button', { name: 'Volgende' }).click();
    expect(await page.locator('.field-error:not([hidden])').count()).toBeGreaterThanOrEqual(5);
    await checkA11y(page, '04-consent-afname-errors');
    await page.getByLabel('Afgenomen van').fill('2026-01-12');
    await page.getByLabel('Afgenomen tot en met').fill('2026-02-06');
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('Ja', { exact: true }).check();
    await page.getByLabel('Mentor', { exact: true }).check();
    for (const input of await page.locator('input[type=number]').all()) await input.fill('40');
    await page.getByRole('button', { name: 'Volgende' }).click();
    expect(await page.locator('dl.summary').last().textContent()).toContain('12 mei 2026');
    await checkA11y(page, '05-consent-summary');
    // The policy goes with the consent: whoever saves confirms it is current.
    await page.getByLabel(/beleid van de school/).check();
    // The school leader is the school's own person: they confirm the bevoegd gezag agreed, or nothing is saved.
    const withBoard = page.getByLabel(/met toestemming van het bevoegd gezag/);
    await page.getByRole('button', { name: 'Toestemming opslaan' }).click();
    expect(await withBoard.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error:not([hidden])').textContent()).toContain('bevoegd gezag');
    await withBoard.check();
    await page.getByRole('button', { name: 'Toestemming opslaan' }).click();
    await expect.poll(() => status(page).textContent()).toContain('De toestemming is opgeslagen');
    expect(await status(page).textContent()).toContain('Het bestuur heeft een e-mail gekregen');
    expect(await page.locator('#last-change-day').textContent()).toBe('11 mei 2026');
    await checkA11y(page, '06-consent-given');

    // The mail to the board's administrators, on the local SES page.
    const ses = await newPage();
    await ses.goto(info.sesUrl);
    await expect.poll(() => ses.locator('body').textContent()).toContain('Toestemming gegeven');
    await ses.screenshot({ path: join(SHOTS, '07-local-ses.png'), fullPage: true });
    await ses.close();

    // Change the date: the wizard starts from the stored answers.
    await page.getByRole('button', { name: 'Wijzigen' }).click();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByLabel('Leverdatum').fill('2026-06-15');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByLabel(/beleid van de school/).check();
    await page.getByLabel(/met toestemming van het bevoegd gezag/).check();
    await page.getByRole('button', { name: 'Wijziging opslaan' }).click();
    await expect.poll(() => page.locator('#last-change-day').textContent()).toBe('14 juni 2026');
    expect(await page.locator('section[aria-labelledby=history-h] tbody tr').count()).toBe(2);

    // Revoke, with a confirmation.
    await page.getByRole('button', { name: 'Intrekken' }).click();
    expect(await page.locator('#revoke-question').textContent()).toContain('15 juni 2026');
    await page.getByRole('button', { name: 'Ja, toestemming intrekken' }).click();
    await expect.poll(() => status(page).textContent()).toContain('De toestemming is ingetrokken');
    expect(await page.locator('section[aria-labelledby=consent-h]').textContent()).toContain(
      'nog geen toestemming',
    );
    const history = await page.locator('section[aria-labelledby=history-h] tbody').textContent();
    expect(history).toContain('Toestemming ingetrokken');
    await checkA11y(page, '08-consent-revoked');

    const mails = (await (await fetch(`${info.sesUrl}/store`)).json()) as {
      emails: Array<{ subject: string }>;
    };
    // The sign-in code mails aside, the board got one mail for each change.
    expect(mails.emails.map((m) => m.subject).filter((s) => !s.includes('inlogcode'))).toEqual([
      expect.stringContaining('Toestemming gegeven'),
      expect.stringContaining('gewijzigd'),
      expect.stringContaining('ingetrokken'),
    ]);

    // Signing out ends the session here and at the provider: the next sign-in asks for the address again.
    await signOutThroughProvider(page);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inloggen');
    expect(await kept(page)).toMatchObject({ session: null, local: 0, cookies: '' });
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await page.getByLabel('E-mailadres').waitFor();
    await page.close();
  }, 90_000);

  it('a board: deep link, sign-in, its schools, filters, CSV', async () => {
    // A browser without a session at the provider, whatever the test before left.
    await browser.clearCookies();
    const page = await newPage();
    await page.goto(`${info.apiUrl}/#/boards/41234/years/${YEAR}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inloggen');
    expect(await page.locator('main').textContent()).toContain('Log in om de gevraagde pagina te openen');
    // The route goes through the provider and back in the pending sign-in, not in the redirect URI.
    await signIn(page, BOARD_MEMBER.email);
    await expect.poll(() => page.locator('h1').textContent()).toContain('Stichting Voorbeeldscholen (41234)');
    expect(new URL(page.url()).hash).toBe(`#/boards/41234/years/${YEAR}`);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('#session .who').textContent()).toBe(`Ingelogd als ${BOARD_MEMBER.name}`);
    // Days left come from the API's today (MSV_NOW), not the browser's clock.
    expect(await page.locator('.deadline').textContent()).toContain('Nog 113 dagen');
    const rows = page.locator('table tbody tr');
    expect(await rows.count()).toBe(2);
    await checkA11y(page, '09-board');

    await page.getByLabel('Zonder gegevens').check();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('12AB00');
    await page.getByLabel('Zonder toestemming').check();
    expect(await rows.count()).toBe(2);
    await page.getByLabel('Alle scholen').check();
    expect(await page.locator('caption').textContent()).toBe('2 van 2 scholen');

    const csv = await downloaded(page, 'Overzicht downloaden (CSV)');
    expect(csv.name).toBe(`msv-41234-${YEAR}.csv`);
    expect(csv.bytes.toString('utf8')).toContain('22KC00;Voorbeeld College;vo;Gegevens, geen toestemming');

    await page.getByRole('link', { name: /Voorbeeld College/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('22KC00');
    expect(await page.getByRole('button', { name: 'Toestemming geven' }).count()).toBe(1);

    // An ID token within a minute of its expiry is refreshed at the provider before the next call.
    const stored = async () =>
      JSON.parse((await kept(page)).session ?? 'null') as { idToken: string; expiresAt: number } | null;
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('msv.session') as string);
      sessionStorage.setItem(
        'msv.session',
        JSON.stringify({ ...s, expiresAt: Math.floor(Date.now() / 1000) + 30 }),
      );
    });
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toContain('22KC00');
    expect((await stored())?.expiresAt).toBeGreaterThan(Date.now() / 1000 + 600);

    // A token the API refuses (here: its signature spoiled) ends the session, saying so in Dutch.
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('msv.session') as string);
      sessionStorage.setItem(
        'msv.session',
        JSON.stringify({ ...s, idToken: `${s.idToken.slice(0, -4)}AAAA` }),
      );
    });
    await page.reload();
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('niet meer geldig');
    expect(await stored()).toBeNull();
    // Signing in again, with the provider's session still on: straight back to the same page, no code.
    await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('22KC00');
    expect(new URL(page.url()).hash).toBe(`#/schools/22KC00/years/${YEAR}`);

    // Consent before the data: the primary school has no upload, so only the newest upload on the date can be
    // chosen, and the groepen to count are the school's own (groep 5–8 ticked), not an export's.
    await page.goto(`${info.apiUrl}/#/schools/12AB00/years/${YEAR}`);
    await expect.poll(() => page.locator('h1').textContent()).toContain('12AB00');
    expect(await page.locator('#consent-before-data').textContent()).toContain('nog geen upload');
    await page.getByRole('button', { name: 'Toestemming geven' }).click();
    expect(await page.getByLabel('De nu goedgekeurde upload van de enquête').isDisabled()).toBe(true);
    expect(await page.getByLabel('De nieuwste goedgekeurde upload op de leverdatum').isChecked()).toBe(true);
    await checkA11y(page, '09b-consent-before-data');
    await page.getByRole('button', { name: 'Volgende' }).click();
    // Tomorrow: the last test's restart on that morning finds no upload for it.
    await page.getByLabel('Leverdatum').fill('2026-03-11');
    await page.getByRole('button', { name: 'Volgende' }).click();
    const counts = page.locator('input[type=number]');
    expect(await counts.count()).toBe(4);
    expect(await page.getByLabel('groep 8', { exact: true }).count()).toBe(2);
    await page.getByLabel('Afgenomen van').fill('2026-03-02');
    await page.getByLabel('Afgenomen tot en met').fill('2026-03-06');
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('Ja', { exact: true }).check();
    await page.getByLabel('Leerkracht', { exact: true }).check();
    for (const input of await counts.all()) await input.fill('25');
    await page.getByRole('button', { name: 'Volgende' }).click();
    expect(await page.locator('dl.summary').last().textContent()).toContain(
      'de nieuwste goedgekeurde upload op de leverdatum',
    );
    // No upload, no report to check yet.
    expect(await page.locator('#summary-report-button').count()).toBe(0);
    await page.getByLabel(/beleid van de school/).check();
    await page.getByRole('button', { name: 'Toestemming opslaan' }).click();
    await expect.poll(() => status(page).textContent()).toContain('De toestemming is opgeslagen');
    expect(await status(page).textContent()).toContain('Er is nog geen upload');
    expect(await page.locator('#consent-status').textContent()).toBe(
      'Toestemming gegeven, nog geen gegevens',
    );
    expect(await page.locator('#awaiting-data-notice').textContent()).toContain('11 maart 2026');
    expect(await page.locator('[aria-current=step]').textContent()).toContain('gegevens');
    await checkA11y(page, '09c-consent-awaiting-data');
    await page.close();
  }, 90_000);

  it('a school, once delivered: the delivery record and its PDF link', async () => {
    // Consent for tomorrow by the board through the API, then the stack restarts on that morning: the
    // date's schedule fires by itself and the worker delivers.
    const consent = await fetch(`${info.apiUrl}/schools/22KC00/years/${YEAR}/consent`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${info.tokens.board41234}`, 'content-type': 'application/json' },
      body: JSON.stringify(demoConsentBody('2026-03-11')),
    });
    expect(consent.status).toBe(201);
    const first = children.at(-1) as ChildProcess;
    first.kill('SIGTERM');
    await new Promise((r) => first.once('exit', r));
    const next = startLocalStack(stackDir, { MSV_NOW: RESTARTED_AT });
    children.push(next.child);
    info = await next.ready();
    expect(await mailArrives('Geleverd'), next.output()).toBe(true);

    // The restarted stack's provider has new keys and no sessions: the school leader signs in again.
    await browser.clearCookies();
    const page = await newPage();
    await page.goto(`${info.apiUrl}/#/schools/22KC00/years/${YEAR}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Inloggen');
    await signIn(page, SCHOOL_LEADER.email);
    // A freshly restarted stack: every function the page calls starts cold.
    await page.locator('#delivery-h').waitFor({ timeout: 45_000 });
    expect(await page.locator('[aria-current=step]').count()).toBe(0);
    const files = await page.locator('section[aria-labelledby=delivery-h] tbody').textContent();
    for (const name of ['report.pdf', 'data.json', 'manifest.json']) expect(files).toContain(name);
    // No upload once delivered: the delivered data cannot change any more.
    expect(await page.getByRole('button', { name: 'Export uploaden' }).count()).toBe(0);
    const href = (await page
      .getByRole('link', { name: /Geleverd rapport openen/ })
      .getAttribute('href')) as string;
    const pdf = Buffer.from(await (await fetch(href)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await checkA11y(page, '10-delivered');
    await page.close();

    // The primary school's consent for the newest upload (the board test's) came to this date without any
    // upload: nothing was delivered, the board is told, and the page asks for a new date.
    expect(await mailArrives('Niets geleverd'), next.output()).toBe(true);
    await browser.clearCookies();
    const board = await newPage();
    await board.goto(`${info.apiUrl}/#/schools/12AB00/years/${YEAR}`);
    await expect.poll(() => board.locator('h1').textContent()).toBe('Inloggen');
    await signIn(board, BOARD_MEMBER.email);
    await board.locator('#no-data-notice').waitFor({ timeout: 45_000 });
    expect(await board.locator('#no-data-notice').textContent()).toContain('11 maart 2026');
    expect(await board.locator('#consent-status').textContent()).toBe(
      'Niets geleverd: kies een nieuwe leverdatum',
    );
    expect(await board.locator('#last-change-day').count()).toBe(0);
    await checkA11y(board, '11-no-data');
    await board.getByRole('button', { name: 'Nieuwe leverdatum kiezen' }).click();
    await board.getByRole('button', { name: 'Volgende' }).click();
    expect(await board.getByLabel('Leverdatum').inputValue()).toBe('');
    await board.close();
  }, 150_000);

  it('a school delivering through another provider: the marker, the board overview, and back to msv', async () => {
    // The primary school's consent came to its date without data and still stands: the marker is refused beside
    // it, so the page says to revoke first and offers no form.
    const page = await openSignedIn(`#/schools/12AB00/years/${YEAR}`, BOARD_MEMBER.email);
    const provider = page.locator('section[aria-labelledby=provider-h]');
    await provider.waitFor({ timeout: 45_000 });
    expect(await page.locator('#provider-consent-active').textContent()).toContain('trek die toestemming');
    expect(await provider.getByRole('button', { name: 'Vastleggen' }).count()).toBe(0);
    await checkA11y(page, '12-provider-consent-active');
    await page.getByRole('button', { name: 'Intrekken' }).click();
    await page.getByRole('button', { name: 'Ja, toestemming intrekken' }).click();
    await expect.poll(() => status(page).textContent()).toContain('De toestemming is ingetrokken');

    // Without a consent: what the marker means, and the form; an empty name is flagged at the field.
    const name = page.getByLabel('Naam van de andere aanbieder');
    expect(await name.getAttribute('maxlength')).toBe('120');
    expect(await provider.textContent()).toContain('geen herinneringen');
    await provider.getByRole('button', { name: 'Vastleggen' }).click();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await provider.locator('.field-error:not([hidden])').textContent()).toContain('Vul de naam in');
    await checkA11y(page, '13-provider-form-error');
    await name.fill('KiVa');
    await provider.getByRole('button', { name: 'Vastleggen' }).click();
    await expect
      .poll(() => status(page).textContent())
      .toContain('Vastgelegd: deze school levert dit schooljaar via KiVa');
    expect(await page.locator('#provider-status').textContent()).toBe(
      'Deze school levert dit schooljaar via KiVa.',
    );
    expect(await page.locator('#provider-set-by').textContent()).toContain(
      `door ${BOARD_MEMBER.name} (${BOARD_MEMBER.email})`,
    );
    // No consent while the marker stands (the API would refuse it): a line instead of the button.
    expect(await page.getByRole('button', { name: 'Toestemming geven' }).count()).toBe(0);
    expect(await page.locator('#consent-elsewhere').textContent()).toContain('via KiVa, dus niet via msv');
    await checkA11y(page, '14-provider-marked');

    // The board overview counts it apart and names the provider in its row and its CSV.
    await page.getByRole('link', { name: 'Terug naar het bestuursoverzicht' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('Stichting Voorbeeldscholen');
    expect(await page.locator('ul.counts').textContent()).toContain('1 via een andere aanbieder');
    const row = page.locator('table tbody tr', { hasText: '12AB00' });
    expect(await row.textContent()).toContain('Levert via een andere aanbieder');
    expect(await row.locator('td').last().textContent()).toContain('Levert via KiVa.');
    const csv = (await downloaded(page, 'Overzicht downloaden (CSV)')).bytes.toString('utf8');
    const line = csv.split('\r\n').find((l) => l.startsWith('12AB00;'));
    expect(line).toMatch(/^12AB00;Basisschool De Voorbeeld;po;Levert via een andere aanbieder;.*;KiVa$/);
    await checkA11y(page, '15-board-provider');

    // Back to msv: the marker is gone, the form is back, and consent can be started again.
    await row.getByRole('link').click();
    await page.locator('#provider-remove').waitFor();
    await page.getByRole('button', { name: 'Weer via msv leveren' }).click();
    await expect.poll(() => status(page).textContent()).toContain('weer via msv');
    // The status line speaks before the page is drawn again: wait for the form.
    await page.getByLabel('Naam van de andere aanbieder').waitFor();
    expect(await page.locator('#provider-status').count()).toBe(0);
    await page.getByRole('button', { name: 'Toestemming geven' }).click();
    expect(await page.getByLabel('De nieuwste goedgekeurde upload op de leverdatum').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Annuleren' }).click();
    expect(await page.getByRole('button', { name: 'Toestemming geven' }).count()).toBe(1);
    await page.close();
  }, 90_000);

  it("a school's policy (Beleid): a bad address at its field, saved, and kept after a reload", async () => {
    const page = await openSignedIn(`#/schools/22KC00/years/${YEAR}`, SCHOOL_LEADER.email);
    const policy = page.locator('section[aria-labelledby=policy-h]');
    await page.locator('#policy-submit').waitFor({ timeout: 45_000 });
    expect(await page.locator('#policy-updated').textContent()).toContain('nog niet ingevuld');
    const name = policy.getByLabel('Naam', { exact: true });
    const email = policy.getByLabel('E-mailadres', { exact: true });
    const adopted = policy.getByLabel('Veiligheidsplan laatst vastgesteld op');
    const programmes = policy.getByLabel(/Programma.s en methoden/);
    const ticked = ['Pestprotocol', 'Gedragscode', 'Klachtenprocedure'];
    await name.fill('Karin de Vries');
    await email.fill('pestcoordinator-voorbeeldcollege.nl');
    // The date picker goes up to the service's today (MSV_NOW), not the browser's.
    expect(await adopted.getAttribute('max')).toBe(RESTARTED_AT.slice(0, 10));
    await adopted.fill('2025-09-15');
    for (const label of ticked) await policy.getByLabel(label, { exact: true }).check();
    await programmes.fill('KiVa in leerjaar 1 en 2');

    // The API refuses the address: its code in Dutch at the field, which takes focus.
    await page.getByRole('button', { name: 'Beleid opslaan' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await policy.locator('.field-error:not([hidden])').textContent()).toContain(
      'Vul een geldig e-mailadres in',
    );
    expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.locator('#policy-updated').textContent()).toContain('nog niet ingevuld');
    await checkA11y(page, '16-policy-error');

    await email.fill('pestcoordinator@voorbeeldcollege.nl');
    await page.getByRole('button', { name: 'Beleid opslaan' }).click();
    await expect.poll(() => status(page).textContent()).toContain('Het beleid is opgeslagen');
    expect(await page.locator('#policy-updated').textContent()).toContain(`door ${SCHOOL_LEADER.name}`);
    expect(await email.getAttribute('aria-invalid')).toBeNull();

    // A reload reads it back from the API: the same values in the form.
    await page.reload();
    await page.locator('#policy-submit').waitFor({ timeout: 45_000 });
    expect(await name.inputValue()).toBe('Karin de Vries');
    expect(await email.inputValue()).toBe('pestcoordinator@voorbeeldcollege.nl');
    expect(await adopted.inputValue()).toBe('2025-09-15');
    expect(await programmes.inputValue()).toBe('KiVa in leerjaar 1 en 2');
    const checked = await policy
      .locator('input[name=protocols]:checked')
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(checked.sort()).toEqual(['gedragscode', 'klachtenprocedure', 'pestprotocol']);
    expect(await policy.getByLabel('Geen van deze protocollen').isChecked()).toBe(false);
    await checkA11y(page, '17-policy-saved');
    await page.close();
  }, 90_000);

  it('a catch-up window for a past year: opened by the operator, shown on the pages, consent as nalevering', async () => {
    // The operator opens it with the admin CLI against this stack, on the stack's day (2024-2025 ended on 1 July
    // 2025), for the primary school only.
    const opened = await runAdmin(
      stackDir,
      ['window', 'open', '--year', '2024-2025', '--until', '2026-04-30', '--school', '12AB00'],
      { MSV_NOW: RESTARTED_AT },
    );
    expect(opened, opened.stderr).toMatchObject({ code: 0 });
    expect(opened.stdout).toContain('opened for 2024-2025');

    const page = await openSignedIn('#/schools/12AB00/years/2024-2025', BOARD_MEMBER.email);
    const notice = page.locator('#catch-up-window');
    await notice.waitFor({ timeout: 45_000 });
    expect(await notice.textContent()).toContain(
      'geef uiterlijk 29 april 2026 toestemming, met een leverdatum tot en met 30 april 2026',
    );
    await checkA11y(page, '18-window-school');

    // The board overview of that year says how many schools it covers and until when.
    await page.getByRole('link', { name: 'Terug naar het bestuursoverzicht' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('schooljaar 2024-2025');
    expect(await page.locator('#catch-up-window').textContent()).toContain(
      'Er is een herstelperiode voor 1 school zonder levering',
    );
    expect(await page.locator('.deadline').textContent()).toContain('is verstreken');
    await checkA11y(page, '19-window-board');
    // The other school is not covered: its page has no window.
    await page.getByRole('link', { name: /Voorbeeld College \(22KC00\)/ }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain('22KC00');
    await page.locator('#consent-h').waitFor();
    expect(await page.locator('#catch-up-window').count()).toBe(0);

    // The covered school's wizard: no upload for that year, so the newest upload on the date; the dates reach
    // the window's last day, and the page says the delivery is a nalevering.
    await page.goto(`${info.apiUrl}/#/schools/12AB00/years/2024-2025`);
    await page.locator('#catch-up-window').waitFor();
    await page.getByRole('button', { name: 'Toestemming geven' }).click();
    expect(await page.getByLabel('De nieuwste goedgekeurde upload op de leverdatum').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Volgende' }).click();
    const date = page.getByLabel('Leverdatum');
    expect(await date.getAttribute('min')).toBe('2026-03-12');
    expect(await date.getAttribute('max')).toBe('2026-04-30');
    expect(await page.locator('.wizard').textContent()).toContain('de levering wordt een nalevering');
    await checkA11y(page, '20-window-date');

    // Consent in the window, for a delivery on 15 April (a survey period within 2024-2025).
    await date.fill('2026-04-15');
    await page.getByRole('button', { name: 'Volgende' }).click();
    await page.getByLabel('Afgenomen van').fill('2025-03-03');
    await page.getByLabel('Afgenomen tot en met').fill('2025-03-07');
    await page.getByLabel('Online', { exact: true }).check();
    await page.getByLabel('Ja', { exact: true }).check();
    await page.getByLabel('Leerkracht', { exact: true }).check();
    for (const input of await page.locator('input[type=number]').all()) await input.fill('25');
    await page.getByRole('button', { name: 'Volgende' }).click();
    expect(await page.locator('dl.summary').last().textContent()).toContain('15 april 2026');
    await page.getByLabel(/beleid van de school/).check();
    await page.getByRole('button', { name: 'Toestemming opslaan' }).click();
    await expect.poll(() => status(page).textContent()).toContain('De toestemming is opgeslagen');
    expect(await page.locator('#consent-status').textContent()).toBe(
      'Toestemming gegeven, nog geen gegevens',
    );
    // Beside a consent the marker cannot be set: no form.
    expect(await page.locator('#provider-consent-active').count()).toBe(1);
    await checkA11y(page, '21-window-consent');
    await page.close();
  }, 120_000);

  it('logged no console error on any page (no CSP violation, no uncaught exception)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
