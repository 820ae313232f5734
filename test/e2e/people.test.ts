/**
 * A board's people in a real browser (Debian's Chromium through playwright-core) against the real local stack
 * (`npm start`, MSV_NOW in the school year): the board's gebruikersbeheerder signs in and invites a new colleague
 * as schoolleider of 22KC00; the colleague reads the invitation mail on the local SES, opens its link, signs in
 * with the code (the invitation made her account), accepts, uploads an export and gives consent "met
 * toestemming van het bevoegd gezag"; the board's mail names her. Then the gebruikersbeheerder changes her role
 * and removes her, and her next requests are refused. The invitation's secret is in no request's URL or Referer.
 * Before the consent, the gebruikersbeheerder chooses the bestuurder as the board's mail recipient: the consent
 * mail goes to him, not to the address the board is registered with (which is her own). A person who signs in
 * through the school's federation (a home organisation, no role) asks for access from the start page; the
 * gebruikersbeheerder, now a recipient too, gets the request mail with the bestuurder, approves it as medewerker
 * on the Mensen page, and the person's start page then lists the school.
 * axe-core checks every page; screenshots go to test-results/screenshots/.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../infra/local/seed.js';
import type { StackInfo } from '../../infra/local/start.js';
import {
  checkA11y,
  ensureChromium,
  launchChromium,
  pageCollectingErrors,
  SCREENSHOTS,
} from '../support/chromium.js';
import { startLocalStack, stopLocalStacks } from '../support/local-stack.js';
import { mailsFor, signInThroughProvider } from '../support/sign-in-browser.js';

const YEAR = '2025-2026';
const sample = (name: string) => join(process.cwd(), 'events', 'exports', name);
const ADMIN = DEMO_PEOPLE.find((p) => p.membership.role === 'gebruikersbeheerder');
if (!ADMIN) throw new Error('the seed has no gebruikersbeheerder');
const NOOR = { email: 'nieuw@voorbeeldcollege.nl', name: 'Noor Nieuw' };
/** The demo board's registered mail address (the seed's board list): Bea's own address. */
const BOARD_MAIL = 'beheer@voorbeeldscholen.nl';
const BRAM = DEMO_PEOPLE.find((p) => p.membership.role === 'bestuurder');
if (!BRAM) throw new Error('the seed has no bestuurder');
/** A person who signs in through Voorbeeld College's federation (Entree) without a role there. */
const FEE = { email: 'fee@voorbeeldcollege.nl', name: 'Fee Federatie' };

const children: ChildProcess[] = [];
const stackDir = mkdtempSync(join(tmpdir(), 'msv-e2e-people-'));
let info: StackInfo;
let browser: BrowserContext;
const consoleErrors: string[] = [];

beforeAll(async () => {
  ensureChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const stack = startLocalStack(stackDir, { MSV_NOW: '2026-03-10T10:00:00+01:00' });
  children.push(stack.child);
  [info, browser] = await Promise.all([stack.ready(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stopLocalStacks(children);
});

const newPage = (): Promise<Page> => pageCollectingErrors(browser, consoleErrors);

const heading = (page: Page) => page.locator('h1').textContent();
const status = (page: Page) => page.locator('#status');
/** A person's card on the Mensen page. */
const card = (page: Page, name: string) => page.locator('li.person', { hasText: name });
/** The Mensen page's section with this heading id. */
const section = (page: Page, headingId: string) => page.locator(`section[aria-labelledby=${headingId}]`);

describe('a board’s people in Chromium', () => {
  it('invite, accept, consent with the board’s agreement, change the role, remove: refused at once', async () => {
    // --- Bea, the board's gebruikersbeheerder: the Mensen page from the start page.
    const bea = await newPage();
    await bea.goto(`${info.apiUrl}/`);
    await signInThroughProvider(bea, { sesUrl: info.sesUrl, email: ADMIN.email });
    await bea.getByRole('link', { name: 'Mensen van Stichting Voorbeeldscholen beheren' }).click();
    await expect.poll(() => heading(bea)).toBe('Mensen van Stichting Voorbeeldscholen (41234)');
    expect(new URL(bea.url()).hash).toBe('#/boards/41234/mensen');
    // Her own row cannot be changed, and says why; the others can.
    const own = card(bea, ADMIN.name);
    expect(await own.textContent()).toContain('U kunt uw eigen rol niet wijzigen');
    expect(await own.getByRole('button').count()).toBe(0);
    const leader = card(bea, 'Sanne Schoolleider');
    expect(await leader.textContent()).toContain('schoolleider van Voorbeeld College (22KC00)');
    expect(await leader.getByRole('button', { name: 'Rollen wijzigen' }).count()).toBe(1);
    expect(await bea.locator('section[aria-labelledby=invitations-h]').textContent()).toContain(
      'geen openstaande uitnodigingen',
    );
    await checkA11y(bea, 'people-01-list');

    // Who receives the board's mails: nobody chosen yet, so the registered address; only board people offered.
    const mailSection = section(bea, 'mail-h');
    expect(await mailSection.locator('.mail-now').textContent()).toBe(
      `Nu gaan de mails naar de adressen waarmee het bestuur is aangemeld: ${BOARD_MAIL}.`,
    );
    expect(await mailSection.getByRole('checkbox').count()).toBe(2);
    expect(await mailSection.getByLabel(/Sanne Schoolleider/).count()).toBe(0);
    // Bram alone first, so that the consent mail below shows the choice: it does not go to the registered address.
    await mailSection.getByLabel(`${BRAM.name} (${BRAM.email})`).check();
    await mailSection.getByRole('button', { name: 'Ontvangers opslaan' }).click();
    await expect
      .poll(() => mailSection.locator('.mail-now').textContent())
      .toBe(`De mails gaan naar: ${BRAM.email}.`);
    expect(await status(bea).textContent()).toContain('De ontvangers zijn opgeslagen');
    await checkA11y(bea, 'people-01b-mail-recipients');

    // The invitation form checks its fields first: errors at the fields, focus on the first.
    const invite = bea.locator('section[aria-labelledby=invite-h]');
    await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    expect(await invite.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
    expect(await bea.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('email');
    expect(await invite.locator('.field-error:not([hidden])').allTextContents()).toEqual([
      'Vul het e-mailadres in.',
      'Vul de naam in.',
      'Kies een rol.',
    ]);
    await invite.getByLabel('E-mailadres').fill(NOOR.email);
    await invite.getByLabel('Naam').fill(NOOR.name);
    expect(await invite.getByLabel('School').isVisible()).toBe(false);
    await invite.getByLabel('Rol').selectOption('schoolleider');
    // A school role needs its school: the select of the board's schools appears.
    await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    expect(await invite.locator('.field-error:not([hidden])').allTextContents()).toEqual(['Kies de school.']);
    expect(await invite.getByLabel('School').locator('option').allTextContents()).toEqual([
      'Kies een school',
      'Basisschool De Voorbeeld (12AB00)',
      'Voorbeeld College (22KC00)',
    ]);
    await checkA11y(bea, 'people-02-invite-errors');
    await invite.getByLabel('School').selectOption('22KC00');
    await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await expect
      .poll(() => status(bea).textContent())
      .toContain(
        'Noor Nieuw (nieuw@voorbeeldcollege.nl) is uitgenodigd als schoolleider van Voorbeeld College',
      );
    expect(await status(bea).textContent()).toContain('per e-mail verstuurd');
    const invitations = bea.locator('section[aria-labelledby=invitations-h] tbody tr');
    await expect.poll(() => invitations.count()).toBe(1);
    expect(await invitations.first().textContent()).toContain('schoolleider van Voorbeeld College (22KC00)');
    expect(await invitations.first().textContent()).toContain(`${ADMIN.name} (${ADMIN.email})`);

    // The same invitation again: the API's refusal at the e-mailadres.
    await invite.getByLabel('E-mailadres').fill(NOOR.email.toUpperCase());
    await invite.getByLabel('Naam').fill(NOOR.name);
    await invite.getByLabel('Rol').selectOption('schoolleider');
    await invite.getByLabel('School').selectOption('22KC00');
    await invite.getByRole('button', { name: 'Uitnodiging versturen' }).click();
    await expect.poll(() => invite.getByLabel('E-mailadres').getAttribute('aria-invalid')).toBe('true');
    expect(await invite.locator('.field-error:not([hidden])').textContent()).toContain('al uitgenodigd');
    await checkA11y(bea, 'people-03-invited');

    // --- Noor reads the invitation mail on the local SES and opens its link.
    const [mail] = (await mailsFor(info.sesUrl, NOOR.email)).filter((m) =>
      m.subject.startsWith('Uitnodiging'),
    );
    expect(mail?.subject).toBe('Uitnodiging voor msv: schoolleider van school Voorbeeld College');
    const link = /(\S+#\/uitnodiging\/([A-Za-z0-9_-]{43}))/.exec(mail?.body.text ?? '');
    expect(link, mail?.body.text).not.toBeNull();
    const [, href, secret] = link as unknown as [string, string, string];
    expect(href.startsWith(`${info.apiUrl}/#/`)).toBe(true);

    // Another person in this browser: without Bea's session at the provider (her tab keeps its own tokens).
    await browser.clearCookies();
    const noor = await newPage();
    /** Every URL and Referer this tab sends: the secret must be in none of them (it lives in the hash). */
    const sent: string[] = [];
    noor.on('request', (r) => sent.push(r.url(), r.headers().referer ?? ''));
    await noor.goto(href);
    await expect.poll(() => heading(noor)).toBe('Inloggen');
    expect(await noor.locator('main').textContent()).toContain('U bent uitgenodigd');
    await checkA11y(noor, 'people-04-invitation-sign-in');
    // The local pool knows her address now: the invitation made her account, so a code is mailed.
    await signInThroughProvider(noor, { sesUrl: info.sesUrl, email: NOOR.email });
    await expect.poll(() => heading(noor)).toBe('Uitnodiging');
    expect(new URL(noor.url()).hash).toBe(`#/uitnodiging/${secret}`);
    expect(await noor.locator('main').textContent()).toContain(
      `U bent ingelogd als ${NOOR.name} (${NOOR.email})`,
    );
    await checkA11y(noor, 'people-05-invitation');
    await noor.getByRole('button', { name: 'Uitnodiging accepteren' }).click();
    await expect
      .poll(() => status(noor).textContent())
      .toBe(
        'De uitnodiging is geaccepteerd. U bent nu schoolleider van Voorbeeld College (22KC00), een school van Stichting Voorbeeldscholen.',
      );
    // The secret left the address bar; the start page (GET /me asked again) shows her school.
    expect(new URL(noor.url()).hash).toBe('#/');
    expect(await noor.evaluate(() => location.href)).not.toContain(secret);
    await noor.getByRole('link', { name: 'Voorbeeld College (22KC00)' }).waitFor();
    await checkA11y(noor, 'people-06-accepted');

    // The link works once: opened again, it says so.
    await noor.goto(href);
    await expect.poll(() => heading(noor)).toBe('Uitnodiging');
    await noor.getByRole('button', { name: 'Uitnodiging accepteren' }).click();
    await expect.poll(() => noor.locator('[role=alert]').textContent()).toContain('al gebruikt');
    expect(sent.filter((s) => s.includes(secret))).toEqual([]);

    // --- Noor gives consent for 22KC00: first an export, then the wizard, confirming the board's agreement.
    await noor.goto(`${info.apiUrl}/#/schools/22KC00/years/${YEAR}`);
    await expect.poll(() => heading(noor)).toContain(`Voorbeeld College (22KC00) — schooljaar ${YEAR}`);
    await noor.getByLabel('Bestand (CSV of Excel)').setInputFiles(sample('vo-excel-windows-1252.csv'));
    await noor.getByRole('button', { name: 'Export uploaden' }).click();
    // The upload function may start cold here.
    await expect
      .poll(
        async () =>
          `${await status(noor).textContent()}${await noor.locator('#upload-result').textContent()}`,
        {
          timeout: 30_000,
        },
      )
      .toMatch(/Export geaccepteerd: \d+ respondenten/);
    await noor.getByRole('button', { name: 'Toestemming geven' }).click();
    await noor.getByLabel('Per onderwijssoort').check();
    await noor.getByRole('button', { name: 'Volgende' }).click();
    await noor.getByLabel('Leverdatum').fill('2026-05-12');
    await noor.getByRole('button', { name: 'Volgende' }).click();
    await noor.getByLabel('Afgenomen van').fill('2026-01-12');
    await noor.getByLabel('Afgenomen tot en met').fill('2026-02-06');
    await noor.getByLabel('Online', { exact: true }).check();
    await noor.getByLabel('Ja', { exact: true }).check();
    await noor.getByLabel('Mentor', { exact: true }).check();
    for (const input of await noor.locator('input[type=number]').all()) await input.fill('40');
    await noor.getByRole('button', { name: 'Volgende' }).click();
    await noor.getByLabel(/beleid van de school/).check();
    await noor.getByLabel(/met toestemming van het bevoegd gezag/).check();
    await noor.getByRole('button', { name: 'Toestemming opslaan' }).click();
    await expect.poll(() => status(noor).textContent()).toContain('De toestemming is opgeslagen');
    expect(await status(noor).textContent()).toContain('Het bestuur heeft een e-mail gekregen');

    // The board's mail names her: name, address, role, and the board's agreement. It went to Bram, the
    // chosen recipient, and not to the registered address.
    const boardMail = (await mailsFor(info.sesUrl, BRAM.email)).find((m) =>
      m.subject.startsWith('Toestemming gegeven'),
    );
    expect(boardMail?.destination.to).toEqual([BRAM.email]);
    expect(
      (await mailsFor(info.sesUrl, BOARD_MAIL)).filter((m) => m.subject.startsWith('Toestemming gegeven')),
    ).toEqual([]);
    expect(boardMail?.body.text).toContain(
      'Gegeven door: Noor Nieuw (nieuw@voorbeeldcollege.nl), schoolleider, met toestemming van het bevoegd gezag',
    );

    // --- Bea changes Noor's role: medewerker, who may upload but not give consent.
    await bea.reload();
    await expect.poll(() => heading(bea)).toBe('Mensen van Stichting Voorbeeldscholen (41234)');
    expect(await bea.locator('section[aria-labelledby=invitations-h]').textContent()).toContain(
      'geen openstaande uitnodigingen',
    );
    const noorCard = card(bea, NOOR.name);
    expect(await noorCard.textContent()).toContain('schoolleider van Voorbeeld College (22KC00)');
    await noorCard.getByRole('button', { name: 'Rollen wijzigen' }).click();
    const schoolRole = noorCard.getByLabel('Voorbeeld College (22KC00)');
    expect(await schoolRole.inputValue()).toBe('schoolleider');
    // No role at all is refused here, pointing at Verwijderen.
    await schoolRole.selectOption('');
    await noorCard.getByRole('button', { name: 'Rollen opslaan' }).click();
    expect(await noorCard.locator('.field-error:not([hidden])').textContent()).toContain('Verwijderen');
    await checkA11y(bea, 'people-07-role-editor');
    await schoolRole.selectOption('medewerker');
    await noorCard.getByRole('button', { name: 'Rollen opslaan' }).click();
    await expect.poll(() => status(bea).textContent()).toContain('De rollen van Noor Nieuw zijn gewijzigd');
    expect(await card(bea, NOOR.name).textContent()).toContain('medewerker van Voorbeeld College (22KC00)');
    // From her next request on: the school page offers her no consent actions any more.
    await noor.reload();
    await expect.poll(() => heading(noor)).toContain('Voorbeeld College (22KC00)');
    expect(await noor.locator('#consent-change').count()).toBe(0);
    expect(await noor.getByRole('button', { name: 'Export uploaden' }).count()).toBe(1);

    // --- Bea removes Noor, after a confirmation.
    await card(bea, NOOR.name).getByRole('button', { name: 'Verwijderen' }).click();
    expect(await bea.locator('.confirm').textContent()).toContain('Weet u zeker dat u Noor Nieuw');
    await checkA11y(bea, 'people-08-remove-confirm');
    await bea.getByRole('button', { name: 'Ja, Noor Nieuw verwijderen' }).click();
    await expect
      .poll(() => status(bea).textContent())
      .toContain('Noor Nieuw (nieuw@voorbeeldcollege.nl) is verwijderd');
    expect(await card(bea, NOOR.name).count()).toBe(0);

    // Her next request is refused: in her open tab an upload is refused at once, the school route answers 403,
    // the page says so, and the start page lists no school.
    await noor.getByLabel('Bestand (CSV of Excel)').setInputFiles(sample('vo-excel-windows-1252.csv'));
    await noor.getByRole('button', { name: 'Export uploaden' }).click();
    await expect
      .poll(() => noor.locator('#upload-result [role=alert]').textContent(), { timeout: 15_000 })
      .toContain('U heeft geen toegang tot deze school');
    const idToken = await noor.evaluate(
      () => (JSON.parse(sessionStorage.getItem('msv.session') as string) as { idToken: string }).idToken,
    );
    const refused = await fetch(`${info.apiUrl}/schools/22KC00/years/${YEAR}`, {
      headers: { authorization: `Bearer ${idToken}` },
    });
    expect(refused.status).toBe(403);
    await noor.reload();
    await expect.poll(() => heading(noor)).toBe('Deze pagina kon niet worden geladen');
    expect(await noor.locator('[role=alert]').textContent()).toContain(
      'U heeft geen toegang tot deze school',
    );
    await checkA11y(noor, 'people-09-removed');
    // Back to the start page within the tab: GET /me is asked again after the refusal, and lists no school.
    await noor.getByRole('link', { name: 'Naar het begin' }).click();
    await expect.poll(() => noor.locator('main').textContent()).toContain('geen scholen verbonden');
    expect(await noor.getByRole('link', { name: /Voorbeeld College/ }).count()).toBe(0);
    await noor.close();
    await bea.close();
  }, 180_000);

  it('a federated sign-in without a role asks for access; the board’s recipients hear of it; approved as medewerker', async () => {
    // The local pool's user with a home organisation plays a sign-in through Entree, as Cognito's would.
    const pool = new CognitoIdentityProviderClient({
      endpoint: info.signIn.adminEndpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await pool.send(
      new AdminCreateUserCommand({
        UserPoolId: info.signIn.userPoolId,
        Username: FEE.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: FEE.email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: FEE.name },
          { Name: 'custom:homeOrg', Value: '22KC00' },
        ],
      }),
    );

    // --- Bea adds herself to the mail recipients (Bram's choice from before is kept).
    await browser.clearCookies();
    const bea = await newPage();
    await bea.goto(`${info.apiUrl}/#/boards/41234/mensen`);
    await signInThroughProvider(bea, { sesUrl: info.sesUrl, email: ADMIN.email });
    await expect.poll(() => heading(bea)).toBe('Mensen van Stichting Voorbeeldscholen (41234)');
    const mail = section(bea, 'mail-h');
    expect(await mail.getByLabel(`${BRAM.name} (${BRAM.email})`).isChecked()).toBe(true);
    await mail.getByLabel(`${ADMIN.name} (${ADMIN.email})`).check();
    await mail.getByRole('button', { name: 'Ontvangers opslaan' }).click();
    // The page showed Bram alone before saving: the answer names both.
    await expect.poll(() => mail.locator('.mail-now').textContent()).toContain(ADMIN.email);
    expect(await mail.locator('.mail-now').textContent()).toMatch(/^De mails gaan naar: .*bestuur@/);
    expect(await section(bea, 'join-h').textContent()).toContain('Er zijn geen open verzoeken om toegang.');

    // --- Fee signs in: no school, no board, but her sign-in names Voorbeeld College.
    await browser.clearCookies();
    const fee = await newPage();
    await fee.goto(`${info.apiUrl}/`);
    await signInThroughProvider(fee, { sesUrl: info.sesUrl, email: FEE.email });
    await expect.poll(() => heading(fee)).toBe(`Schooljaar ${YEAR}`);
    expect(await fee.locator('#home-school').textContent()).toBe(
      'U bent ingelogd via Voorbeeld College (22KC00), maar u heeft daar nog geen rol in msv.',
    );
    expect(await fee.locator('main').textContent()).not.toContain('geen scholen verbonden');
    await checkA11y(fee, 'people-10-home-school');
    await fee.getByRole('button', { name: 'Toegang vragen' }).click();
    const sent =
      'Uw verzoek is gestuurd naar de gebruikersbeheerder van Stichting Voorbeeldscholen. U krijgt een e-mail als het is beoordeeld.';
    await expect.poll(() => status(fee).textContent()).toBe(sent);
    expect(await fee.locator('#home-school').textContent()).toBe(sent);
    expect(await fee.getByRole('button', { name: 'Toegang vragen' }).count()).toBe(0);
    // Loaded again: the request is open, and there is nothing to send twice.
    await fee.reload();
    await expect.poll(() => fee.locator('#home-school').textContent()).toContain('nog niet beoordeeld');
    expect(await fee.getByRole('button', { name: 'Toegang vragen' }).count()).toBe(0);
    await checkA11y(fee, 'people-11-requested');

    // The request mail went to the board's chosen recipients.
    const requestMail = (await mailsFor(info.sesUrl, BRAM.email)).find((m) =>
      m.subject.startsWith('Verzoek om toegang'),
    );
    // The mail is sent to both; the local SES stand-in (aws-ses-v2-local's v1 SendEmail) keeps only the first
    // To address of a mail, so what it shows is one of the two chosen, never someone else.
    expect(requestMail?.destination.to.length).toBeGreaterThan(0);
    for (const to of requestMail?.destination.to ?? []) expect([ADMIN.email, BRAM.email]).toContain(to);
    expect(requestMail?.body.text).toContain(`${FEE.name} (${FEE.email})`);

    // --- Bea decides on the Mensen page: Afwijzen asks first; Goedkeuren needs a role.
    await bea.reload();
    await expect.poll(() => heading(bea)).toBe('Mensen van Stichting Voorbeeldscholen (41234)');
    const requests = section(bea, 'join-h');
    const request = requests.locator('li.join-request', { hasText: FEE.name });
    expect(await request.textContent()).toContain(FEE.email);
    expect(await request.textContent()).toContain('Ingelogd via Voorbeeld College (22KC00)');
    await checkA11y(bea, 'people-12-join-request');
    await request.getByRole('button', { name: 'Afwijzen' }).click();
    expect(await request.locator('.confirm').textContent()).toContain(
      `Weet u zeker dat u het verzoek van ${FEE.name}`,
    );
    await checkA11y(bea, 'people-13-refuse-confirm');
    await request.getByRole('button', { name: 'Nee, terug' }).click();
    await request.getByRole('button', { name: 'Goedkeuren' }).click();
    expect(await request.locator('.field-error:not([hidden])').textContent()).toBe('Kies een rol.');
    await request.getByLabel('Rol bij Voorbeeld College (22KC00)').selectOption('medewerker');
    await request.getByRole('button', { name: 'Goedkeuren' }).click();
    await expect
      .poll(() => status(bea).textContent())
      .toContain(`${FEE.name} (${FEE.email}) is nu medewerker van Voorbeeld College (22KC00).`);
    await expect.poll(() => requests.textContent()).toContain('Er zijn geen open verzoeken om toegang.');
    expect(await card(bea, FEE.name).textContent()).toContain('medewerker van Voorbeeld College (22KC00)');

    // --- Fee is mailed, and her start page lists the school.
    const decided = (await mailsFor(info.sesUrl, FEE.email)).find((m) =>
      m.subject.startsWith('Toegang tot msv'),
    );
    expect(decided?.body.text).toContain('u bent nu medewerker van Voorbeeld College');
    await fee.reload();
    await fee.getByRole('link', { name: 'Voorbeeld College (22KC00)' }).waitFor();
    expect(await fee.locator('#home-school').count()).toBe(0);
    await checkA11y(fee, 'people-14-approved');
    await fee.close();
    await bea.close();
  }, 180_000);

  it('logged no console error on any page (no CSP violation, no uncaught exception)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
