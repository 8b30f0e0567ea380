// The pages for people in a real browser (Debian's Chromium via playwright-core) against the whole product on
// real parts: the invitation by form → mail link → login → accept; a staff decision; a delegate's code and
// procedure for its mandator; administrator recovery by post (request, the letter's code, confirm, Object); the
// same in German; OpenID Connect against a real provider; the development login
// refused in production; CSRF, logout and the 404 page over plain HTTP.
// SCREENSHOTS=1 also writes the README's screenshots to docs/screenshots/.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import type { Browser, Page } from 'playwright-core';
import Provider from 'oidc-provider';
import type { Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/platform/config';
import { t } from '../../src/platform/i18n';
import { createSpace, person, readLetters, startStack, newSsn, type Identity, type TestStack, launchBrowser, personWindow, serveApp, eventually, axeViolations } from '../support';
import { freePort } from '../../src/platform/net';

let stack: TestStack;
let browser: Browser;
let site: { url: string; close(): Promise<void> };
const screenshots = process.env.SCREENSHOTS ? path.resolve('docs/screenshots') : undefined;

beforeAll(async () => {
  const port = await freePort();
  stack = await startStack({ env: { PUBLIC_URL: `http://127.0.0.1:${port}` } });
  site = await serveApp(stack, port);
  browser = await launchBrowser();
  if (screenshots) mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

async function shoot(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}


/** The words of the pages a person sees, literally (German from the seed's screen names). */
const words = {
  en: { certificate: 'Certificate number', name: 'Name', email: 'E-mail', staff: 'Staff authority', logIn: 'Log in', management: 'Management of', users: 'Users', addUser: 'Add user', firstName: 'First name', lastName: 'Last name', role: 'Role', manager: 'Manager', invite: 'Invite', mode: 'Certificate mode', accept: 'Accept', active: 'active', pending: 'pending (invited)', edit: 'Edit', save: 'Save', delete: 'Delete', codes: 'Registration of activation codes', certifications: 'Certifications', mayInvite: 'May invite users' },
  de: { certificate: 'Nummer des Zertifikats', name: 'Name', email: 'E-Mail', staff: 'Behörde (Verwaltungspersonal)', logIn: 'Anmelden', management: 'Verwaltung von', users: 'Benutzer', addUser: 'Fügen Sie einen Benutzer hinzu', firstName: 'Vorname', lastName: 'Nachname', role: 'Rolle', manager: 'Manager', invite: 'Einladen', mode: 'Zertifikatsmodus', accept: 'Annehmen', active: 'aktiv', pending: 'ausstehend (eingeladen)', edit: 'Bearbeiten', save: 'Speichern', delete: 'Löschen', codes: 'Registrierung der Aktivierungscodes', certifications: 'Zertifizierungen', mayInvite: 'Darf Benutzer einladen' },
} as const;
type Words = (typeof words)['en' | 'de'];

async function logIn(page: Page, who: Identity, w: Words = words.en) {
  if (!new URL(page.url()).pathname.startsWith('/login')) await page.goto('/login');
  await page.getByLabel(w.certificate, { exact: true }).fill(who.ssn);
  await page.getByLabel(w.name, { exact: true }).fill(who.name!);
  if (who.email) await page.getByLabel(w.email, { exact: true }).fill(who.email);
  if (who.staff) await page.getByLabel(w.staff, { exact: true }).fill(who.staff);
  await page.getByRole('button', { name: w.logIn, exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

const pdf = (label: string) => ({ name: `${label}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${label}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`) });

describe.each(['en', 'de'] as const)('an administrator adds a user by the form; the invitee follows the mail (%s)', (language) => {
  const w = words[language];
  const locale = language === 'de' ? 'de-LU' : 'en-GB';

  it('invite → mail link → login → accept → the administrator sees the member', async () => {
    const admin = person(`Alma Admin ${language}`);
    const invitee = person(`Ivo Invitee ${language}`);
    const adminWindow = await personWindow(browser, site.url, locale);
    const inviteeWindow = await personWindow(browser, site.url, locale);
    try {
      const page = adminWindow.page;
      await page.goto('/');
      await expect.poll(() => page.url()).toContain('/login?returnTo=');
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      await logIn(page, admin, w);

      // A space through the home page's form.
      await page.getByLabel(t(language, 'page.space.name'), { exact: true }).fill(`Finanzen ${language}`);
      await page.getByLabel(t(language, 'page.space.companyName'), { exact: true }).fill(`Acme ${admin.ssn.slice(-5)} SA`);
      // The home page has a second "Registration number" (Become administrator of a company): this one creates the space.
      await page.getByRole('region', { name: t(language, 'page.home.createSpace') }).getByLabel(t(language, 'page.space.registrationNumber'), { exact: true }).fill(`B${admin.ssn.slice(-6)}`);
      await page.getByLabel(t(language, 'page.space.line1'), { exact: true }).fill('12, rue Érasme');
      await page.getByLabel(t(language, 'page.space.postalCode'), { exact: true }).fill('L-1468');
      await page.getByLabel(t(language, 'page.space.city'), { exact: true }).fill('Luxembourg');
      await page.getByRole('button', { name: t(language, 'page.home.createSpace'), exact: true }).click();
      await page.waitForURL(/\/spaces\/[0-9a-f-]{36}$/);

      // "Management of …" → Users → Add user (R3), a wrong certificate number first: the error is next to the field.
      await page.getByRole('link', { name: `${w.management} Finanzen ${language}`, exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(w.users);
      await page.getByRole('link', { name: w.addUser, exact: true }).click();
      const [firstName, lastName] = invitee.name!.split(' ');
      await page.getByLabel(w.certificate, { exact: true }).fill('1234');
      await page.getByLabel(w.firstName, { exact: true }).fill(firstName!);
      await page.getByLabel(w.lastName, { exact: true }).fill(invitee.name!.slice(firstName!.length + 1));
      await page.getByLabel(w.email, { exact: true }).fill(invitee.email!);
      await page.getByLabel(w.role, { exact: true }).selectOption({ label: w.manager });
      await page.getByLabel(w.mayInvite, { exact: true }).check();
      await page.getByRole('button', { name: w.invite, exact: true }).click();
      const summary = page.getByRole('alert');
      await expect.poll(() => summary.textContent()).toContain(t(language, 'problem.validation_failed.title'));
      expect(await page.locator('#field-certificateSsn').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel(w.firstName, { exact: true }).inputValue()).toBe(firstName);
      await page.getByLabel(w.certificate, { exact: true }).fill(invitee.ssn);
      await page.getByRole('button', { name: w.invite, exact: true }).click();
      await page.waitForURL(/\/users\?notice=invited$/);
      const pendingRow = page.getByRole('row').filter({ hasText: invitee.ssn });
      expect(await pendingRow.textContent()).toContain(w.pending);

      // "Edit" → "Save" while pending (R17).
      await pendingRow.getByRole('link', { name: w.edit, exact: true }).click();
      await page.getByLabel(w.lastName, { exact: true }).fill(`${lastName} Jr`);
      await page.getByRole('button', { name: w.save, exact: true }).click();
      await page.waitForURL(/\/users\?notice=saved$/);
      expect(await page.getByRole('row').filter({ hasText: invitee.ssn }).textContent()).toContain(`${lastName} Jr`);
      await shoot(page, language === 'en' ? 'space-management' : 'space-management-de');

      // The invitee opens the link of the mail (real SMTP), logs in and lands on the invitation page.
      const [mail] = await stack.smtp.waitFor((m) => m.to.includes(invitee.email!));
      const link = /(http:\/\/127\.0\.0\.1:\d+\/invitations\/[0-9a-f-]{36})/.exec(mail!.text)?.[1];
      expect(link, mail!.text).toBeTruthy();
      const guest = inviteeWindow.page;
      await guest.goto(link!);
      await expect.poll(() => guest.url()).toContain('/login?returnTo=');
      await logIn(guest, invitee, w);
      expect(new URL(guest.url()).pathname).toBe(new URL(link!).pathname);
      expect(await guest.getByRole('heading', { level: 1 }).textContent()).toContain(`Finanzen ${language}`);
      // What, who, expiry: the page names the administrator who invited (R11).
      expect(await guest.locator('#invited-by').textContent()).toBe(t(language, 'page.invitation.invitedBy', { name: admin.name! }));
      if (language === 'en') await shoot(guest, 'invitation');
      await guest.getByRole('button', { name: w.accept, exact: true }).click();
      // The space, with a notice that the invitee is now a member.
      await guest.waitForURL(/\/spaces\/[0-9a-f-]{36}\?notice=joined$/);
      expect(await guest.getByRole('status').or(guest.locator('.notice')).first().textContent()).toContain(t(language, 'page.invitation.joined'));
      expect(await guest.getByRole('link', { name: `${w.management} Finanzen ${language}`, exact: true }).count()).toBe(1);

      // The administrator sees the member, active.
      await page.goto(new URL(page.url()).pathname);
      expect(await page.getByRole('row').filter({ hasText: invitee.ssn }).textContent()).toContain(w.active);
      if (language === 'de') {
        // German pages throughout: the tabs and the code registration page carry the seed's names.
        await page.getByRole('link', { name: w.codes, exact: true }).click();
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(w.codes);
        expect(await page.getByRole('link', { name: w.certifications, exact: true }).count()).toBe(1);
        expect(await page.getByRole('button', { name: 'Registrieren', exact: true }).count()).toBe(1);
      }
    } finally {
      await adminWindow.context.close();
      await inviteeWindow.context.close();
    }
  });
});

describe('a staff member approves a certification request with a reason', () => {
  it('documents uploaded by form, the staff mail leads to the request, approved with a reason', async () => {
    const admin = person('Wanda Waste');
    const staff: Identity = { ...person('Sam Staff'), staff: 'AEV' };
    const adminWindow = await personWindow(browser, site.url);
    const staffWindow = await personWindow(browser, site.url);
    try {
      const page = adminWindow.page;
      await logIn(page, admin); // first contact through the pages: English from the browser (R41)
      const space = await createSpace(stack, admin);
      await page.goto(`/spaces/${space.id}/certifications`);
      await page.getByLabel('Activity field', { exact: true }).selectOption({ label: 'Waste collection and transport' });
      await page.getByRole('button', { name: 'Choose', exact: true }).click();
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      // No document: the API's problem, in the reader's language, on the page.
      await expect.poll(() => page.getByRole('alert').textContent()).toContain(t('en', 'problem.validation_failed.title'));
      await page.getByLabel('List of vehicles', { exact: true }).setInputFiles(pdf('vehicles'));
      await page.getByLabel('Insurance certificate', { exact: true }).setInputFiles(pdf('insurance'));
      await page.getByRole('button', { name: 'Submit', exact: true }).click();
      await page.waitForURL(/notice=certificationSubmitted/).catch(async (error) => {
        throw new Error(`${error}\n${await page.locator('main').textContent()}`);
      });
      expect(await page.getByRole('region', { name: 'Certification requests' }).textContent()).toContain('submitted');

      const [mail] = await stack.smtp.waitFor((m) => m.subject.length > 0 && m.to.some((to) => to.startsWith('certifications.aev@')));
      const link = /(http:\/\/127\.0\.0\.1:\d+\/staff\/requests\/[0-9a-f-]{36})/.exec(mail!.text)?.[1];
      expect(link, mail!.text).toBeTruthy();
      const desk = staffWindow.page;
      await desk.goto(link!);
      await logIn(desk, staff);
      expect(new URL(desk.url()).pathname).toBe(new URL(link!).pathname);
      const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByRole('link', { name: 'insurance.pdf', exact: true }).click()]);
      expect(download.suggestedFilename()).toBe('insurance.pdf');
      await shoot(desk, 'staff-console');

      // "Request information" first: the space answers with a document on its page, the staff mail leads back.
      await desk.getByRole('button', { name: 'Request information', exact: true }).click();
      await expect.poll(() => desk.getByRole('alert').textContent()).toContain(t('en', 'problem.validation_failed.title')); // the message is needed
      await desk.getByLabel('Reason', { exact: true }).fill('Please add the registration of each vehicle.');
      await desk.getByRole('button', { name: 'Request information', exact: true }).click();
      await desk.waitForURL(/notice=decided/);
      await page.goto(`/spaces/${space.id}/certifications`);
      const requests = page.getByRole('region', { name: 'Certification requests' });
      expect(await requests.textContent()).toContain('Please add the registration of each vehicle.');
      await requests.getByLabel('Documents', { exact: true }).setInputFiles(pdf('registrations'));
      await requests.getByRole('button', { name: 'Send documents', exact: true }).click();
      await page.waitForURL(/notice=certificationSubmitted/);
      const [supplemented] = await stack.smtp.waitFor((m) => m.to.some((to) => to.startsWith('certifications.aev@')), { count: 2 }).then((mails) => mails.slice(1));
      expect(supplemented!.text).toContain(link!);
      await desk.goto(link!);
      expect(await desk.getByRole('link', { name: 'registrations.pdf', exact: true }).count()).toBe(1);

      await desk.getByLabel('Reason', { exact: true }).fill('Fleet and insurance in order.');
      await desk.getByRole('button', { name: 'Approve', exact: true }).click();
      await desk.waitForURL(/notice=decided/);
      expect(await desk.locator('main').textContent()).toContain('approved');
      expect(await desk.locator('main').textContent()).toContain('Fleet and insurance in order.');
      await desk.goto('/staff?status=approved');
      expect(await desk.getByRole('row').filter({ hasText: space.company.name }).count()).toBe(1);

      await page.goto(`/spaces/${space.id}/certifications`);
      expect(await page.getByRole('region', { name: 'Certifications of the space' }).textContent()).toContain('Waste collection and transport');
      expect(await page.getByRole('region', { name: 'Certification requests' }).textContent()).toContain('Fleet and insurance in order.');
    } finally {
      await adminWindow.context.close();
      await staffWindow.context.close();
    }
  });
});

describe('a delegate registers an activation code and files a procedure for its mandator', () => {
  it('access codes by form → letters → holder and delegate codes by form → procedure for the mandator, signed, PDF', async () => {
    const mandatorAdmin = person('Mona Mandator');
    const fiduciary = person('Fred Fiduciary');
    const mandatorWindow = await personWindow(browser, site.url);
    // The delegate's window lets axe-core in: its procedure pages are audited as it goes.
    const delegateWindow = await personWindow(browser, site.url, 'en-GB', { bypassCSP: true });
    try {
      const page = mandatorWindow.page;
      const desk = delegateWindow.page;
      await logIn(page, mandatorAdmin);
      await logIn(desk, fiduciary);
      const mandatorSpace = await createSpace(stack, mandatorAdmin);
      const delegateSpace = await createSpace(stack, fiduciary);
      await page.goto(`/spaces/${mandatorSpace.id}/certifications`);
      await page.getByLabel('Section', { exact: true }).selectOption({ label: 'Tax data' });
      await page.getByLabel('Number of delegate codes', { exact: true }).fill('1');
      await page.getByRole('button', { name: 'Request', exact: true }).click();
      await page.waitForURL(/notice=accessRequested/);
      const mandates = await eventually(
        async () => (await stack.call('GET', `/spaces/${mandatorSpace.id}/mandates`, { as: mandatorAdmin })).body as { given: { id: string }[] },
        (lists) => lists.given.length > 0,
      );
      const mandateId = mandates.given[0]!.id;
      const letters = await eventually(() => readLetters(stack.config.postOutboxDir, mandateId), (list) => list.length >= 2);
      const holder = letters.find((letter) => letter.kind === 'holder')!.code;
      const delegateCode = letters.find((letter) => letter.kind === 'delegate')!.code;

      await page.getByRole('link', { name: 'Registration of activation codes', exact: true }).click();
      await page.getByLabel('Activation code', { exact: true }).fill(holder);
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('The holder code is registered');

      await desk.goto(`/spaces/${delegateSpace.id}/activation-codes`);
      await desk.getByLabel('Activation code', { exact: true }).fill('ZZZZ-ZZZZ-ZZZZ');
      await desk.getByRole('button', { name: 'Register', exact: true }).click();
      await expect.poll(() => desk.getByRole('alert').textContent()).toContain(t('en', 'problem.invalid_code.title'));
      await desk.getByLabel('Activation code', { exact: true }).fill(delegateCode.toLowerCase());
      await shoot(desk, 'code-registration');
      await desk.getByRole('button', { name: 'Register', exact: true }).click();
      await expect.poll(() => desk.getByRole('status').textContent()).toContain(`you now act for ${mandatorSpace.company.name}`);

      await desk.getByRole('link', { name: 'Procedures', exact: true }).click();
      await desk.getByLabel('Type of procedure', { exact: true }).selectOption({ label: t('en', 'procedure.type.vat-return') });
      await desk.getByLabel('For a mandator', { exact: true }).check();
      await desk.getByLabel('Mandator', { exact: true }).selectOption({ label: `${mandatorSpace.company.name} (B${mandatorAdmin.ssn.slice(-6)})` });
      await desk.getByRole('button', { name: 'Continue', exact: true }).click();
      expect(await axeViolations(desk)).toEqual([]);
      // The type's form: saving it without its required fields keeps what was typed and names what is missing.
      await desk.getByLabel(t('en', 'procedure.field.period'), { exact: true }).fill('2026-Q4');
      await desk.getByRole('button', { name: 'Save', exact: true }).click();
      await desk.waitForURL(/notice=procedureCreated/);
      const row = desk.getByRole('row').filter({ hasText: `for ${mandatorSpace.company.name}` });
      // Signing asks first, on a page of its own.
      await row.getByRole('link', { name: 'Sign', exact: true }).click();
      await desk.getByRole('button', { name: 'Confirm', exact: true }).click();
      await expect.poll(() => desk.getByRole('alert').textContent()).toContain(t('en', 'problem.procedure_incomplete.title'));
      expect(await axeViolations(desk)).toEqual([]);
      await row.getByRole('link', { name: 'Edit', exact: true }).click();
      expect(await desk.getByLabel(t('en', 'procedure.field.period'), { exact: true }).inputValue()).toBe('2026-Q4');
      expect(await axeViolations(desk)).toEqual([]);
      await desk.getByLabel(t('en', 'procedure.field.turnover'), { exact: true }).fill('125000');
      await desk.getByLabel(t('en', 'procedure.field.vatDue'), { exact: true }).fill('21250');
      await desk.getByRole('button', { name: 'Save', exact: true }).click();
      await desk.waitForURL(/notice=procedureSaved/);
      expect(await row.count()).toBe(1);
      await row.getByRole('link', { name: 'Sign', exact: true }).click();
      await desk.getByRole('button', { name: 'Confirm', exact: true }).click();
      await desk.waitForURL(/notice=procedureSigned/);
      expect(await axeViolations(desk)).toEqual([]);
      const signed = desk.getByRole('row').filter({ hasText: `for ${mandatorSpace.company.name}` });
      expect(await signed.textContent()).toContain(t('en', 'procedure.status.signed'));
      const pdfLink = await signed.getByRole('link', { name: 'PDF', exact: true }).getAttribute('href');
      const pdfResponse = await desk.request.get(pdfLink!);
      expect(pdfResponse.status()).toBe(200);
      expect(pdfResponse.headers()['content-type']).toContain('application/pdf');

      // The mandator sees the mandate it gave, with its delegate (R31).
      await page.goto(`/spaces/${mandatorSpace.id}/certifications`);
      expect(await page.getByRole('region', { name: 'Mandates given' }).textContent()).toContain(delegateSpace.company.name);
    } finally {
      await mandatorWindow.context.close();
      await delegateWindow.context.close();
    }
  });
});

describe('administrator recovery by post (issue 21)', () => {
  it('request → the letter’s code → a wrong code at the field → confirm → the claimant manages the spaces; the administrator objects to another claim with "Object"', async () => {
    const formerAdmin = person('Greta Gone');
    const claimant = person('Rolf Recover');
    const claimantWindow = await personWindow(browser, site.url);
    const adminWindow = await personWindow(browser, site.url);
    try {
      const company = await createSpace(stack, formerAdmin, { name: 'Treasury' });
      // Created through the API, the administrator's profile language is French: reading in English is a choice (R40).
      await stack.call('PATCH', '/me', { as: formerAdmin, body: { language: 'en' } });
      const page = claimantWindow.page;
      await logIn(page, claimant);
      const claims = page.getByRole('region', { name: 'Become administrator of a company' });
      await claims.getByLabel('Registration number', { exact: true }).fill('B0000000');
      await claims.getByRole('button', { name: 'Request', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain(t('en', 'problem.company_not_registered.title'));
      expect(await page.locator('#field-registrationNumber').getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('region', { name: 'Become administrator of a company' }).getByLabel('Registration number', { exact: true }).fill(`B${formerAdmin.ssn.slice(-6)}`);
      await page.getByRole('region', { name: 'Become administrator of a company' }).getByRole('button', { name: 'Request', exact: true }).click();
      await page.waitForURL(/\/administrator-claims\/[0-9a-f-]{36}$/);
      const claimId = new URL(page.url()).pathname.split('/').pop()!;
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Administration of ${company.company.name}`);

      // The company's administrator sees the open claim on the space page, with "Object".
      await logIn(adminWindow.page, formerAdmin);
      await adminWindow.page.goto(`/spaces/${company.id}`);
      const open = adminWindow.page.getByRole('region', { name: 'Requests to become administrator' });
      expect(await open.textContent()).toContain('Rolf Recover');
      expect(await open.getByRole('button', { name: 'Object to the request of Rolf Recover', exact: true }).textContent()).toBe('Object');
      // Someone the company does not know asked too: the administrator objects to that one.
      const mallory = person('Mallory Misuse');
      expect((await stack.call('POST', '/administrator-claims', { as: mallory, body: { registrationNumber: `B${formerAdmin.ssn.slice(-6)}` } })).status).toBe(201);
      await adminWindow.page.reload();
      await open.getByRole('button', { name: 'Object to the request of Mallory Misuse', exact: true }).click();
      await adminWindow.page.waitForURL(/notice=objected$/);
      expect(await adminWindow.page.getByRole('status').textContent()).toContain('You objected');
      expect(await open.textContent()).not.toContain('Mallory Misuse');
      expect(await open.textContent()).toContain('Rolf Recover');
      expect((await stack.call('GET', '/me/administrator-claims', { as: mallory })).body.items[0].status).toBe('objected');

      // The code arrives by post.
      const [letter] = await eventually(() => readLetters(stack.config.postOutboxDir, claimId), (list) => list.length === 1);
      await page.getByLabel('Code', { exact: true }).fill('ZZZZ-ZZZZ-ZZZZ');
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain(t('en', 'problem.invalid_code.title'));
      expect(await page.locator('#field-code').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Code', { exact: true }).fill(letter!.code);
      await page.getByRole('button', { name: 'Confirm', exact: true }).click();
      await expect.poll(() => page.locator('main').textContent()).toContain(`You are an administrator of the spaces of ${company.company.name}`);

      // The management pages are the claimant's now.
      await page.goto(`/spaces/${company.id}`);
      await page.getByRole('link', { name: 'Management of Treasury', exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Users');
      expect(await page.getByRole('link', { name: 'Add user', exact: true }).count()).toBe(1);
      expect(await page.getByRole('row').filter({ hasText: 'Rolf Recover' }).textContent()).toContain('Administrator');
      await page.goto('/');
      expect(await page.getByRole('region', { name: 'Become administrator of a company' }).textContent()).toContain('Confirmed');
    } finally {
      await claimantWindow.context.close();
      await adminWindow.context.close();
    }
  });
});

describe('login through a real OpenID Connect provider', () => {
  let provider: Server | undefined;
  let oidcSite: { url: string; close(): Promise<void> } | undefined;

  afterAll(async () => {
    await oidcSite?.close();
    await new Promise<void>((resolve) => (provider ? provider.close(() => resolve()) : resolve()));
  });

  it('authorization code + PKCE: the certificate SSN and the name come from the ID token', async () => {
    const ssn = newSsn();
    const [providerPort, appPort] = [await freePort(), await freePort()];
    const issuer = `http://127.0.0.1:${providerPort}`;
    const appUrl = `http://127.0.0.1:${appPort}`;
    // The provider's quick-start parts (its own login screen, an in-memory store) are what a test wants; its
    // notices about them are not test output.
    const warn = console.warn;
    const quiet = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      if (!String(args[0]).includes('quick start development-only')) warn(...args);
    });
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const oidc = new Provider(issuer, {
      cookies: { keys: ['cookie-key-for-this-test'] },
      jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test', alg: 'RS256', use: 'sig' }] },
      clients: [{ client_id: 'portal', client_secret: 'portal-secret-for-tests', redirect_uris: [`${appUrl}/login/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
      pkce: { required: () => true },
      // Lifetimes stated, so the provider does not print a notice about its defaults.
      ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
      async findAccount(_ctx, id) {
        return { accountId: id, claims: async () => ({ sub: id, name: 'Olga Oidc', email: 'olga@example.lu' }) };
      },
    });
    provider = oidc.listen(providerPort);
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: stack.config.dataDir, DATABASE_URL: stack.config.databaseUrl, TEMPORAL_TASK_QUEUE: stack.taskQueue, PUBLIC_URL: appUrl, OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'portal', OIDC_CLIENT_SECRET: 'portal-secret-for-tests' });
    const app = createApp({ config, db: stack.database.db, temporal: { client: stack.client, taskQueue: stack.taskQueue }, logger: pino({ level: 'silent' }) });
    oidcSite = await serveApp({ ...stack, app }, appPort);

    const { context, page } = await personWindow(browser, appUrl);
    try {
      await page.goto('/profile');
      // The provider's own login and consent screens (its development interactions).
      await page.waitForURL((url) => url.origin === issuer);
      await page.locator('input[name="login"]').fill(ssn);
      await page.locator('input[name="password"]').fill('any');
      await page.locator('button[type="submit"]').click();
      await page.locator('button[type="submit"]').click(); // consent
      await page.waitForURL(`${appUrl}/profile`);
      expect(await page.locator('#certificate-number').textContent()).toBe(ssn);
      expect(await page.locator('header').textContent()).toContain('Olga Oidc');
      // "Log out" ends the session on the server: its cookie no longer opens a page.
      const session = (await context.cookies(appUrl)).find((cookie) => cookie.name === 'session')!;
      await page.getByRole('button', { name: 'Log out', exact: true }).click();
      await page.waitForURL((url) => url.origin === issuer || url.pathname === '/login' || url.pathname === '/');
      const replay = await fetch(`${appUrl}/profile`, { headers: { accept: 'text/html', cookie: `session=${session.value}` }, redirect: 'manual' });
      expect(replay.status).toBe(303);
      expect(replay.headers.get('location')).toMatch(/^\/login/);

      // In production the session cookie is Secure and host-bound (__Host-), still HttpOnly and SameSite=Lax.
      const production = createApp({
        config: loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: stack.config.dataDir, DATABASE_URL: stack.config.databaseUrl, TEMPORAL_TASK_QUEUE: stack.taskQueue, PUBLIC_URL: appUrl, OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'portal', OIDC_CLIENT_SECRET: 'portal-secret-for-tests', AUTH_SECRET: 'a-production-secret-for-this-test', ACTIVATION_CODE_SECRET: 'another-production-secret-here', PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` }),
        db: stack.database.db,
        temporal: { client: stack.client, taskQueue: stack.taskQueue },
        logger: pino({ level: 'silent' }),
      });
      const start = await production.request('/login', { headers: { accept: 'text/html' } });
      expect(start.status).toBe(303);
      expect(start.headers.get('location')).toMatch(new RegExp(`^${issuer}/`));
      const setCookie = start.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/^__Host-session=/);
      for (const flag of [/;\s*Secure/i, /;\s*HttpOnly/i, /;\s*SameSite=Lax/i, /;\s*Path=\//]) expect(setCookie).toMatch(flag);
    } finally {
      await context.close();
      quiet.mockRestore();
    }
  });
});

describe('sessions, CSRF, errors (plain HTTP)', () => {
  const browserHeaders = { accept: 'text/html' };
  const cookieOf = (response: Response) => /(?:^|,\s*)(session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  const csrfOf = (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1];

  async function devSession(who: Identity) {
    const form = await stack.app.request('/login', { headers: browserHeaders });
    const anonymous = cookieOf(form)!;
    const login = await stack.app.request('/login', {
      method: 'POST',
      headers: { ...browserHeaders, cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf: csrfOf(await form.text())!, sub: who.ssn, name: who.name!, returnTo: '/' }).toString(),
    });
    expect(login.status).toBe(303);
    const cookie = cookieOf(login)!;
    expect(cookie).not.toBe(anonymous);
    const home = await stack.app.request('/', { headers: { ...browserHeaders, cookie } });
    return { cookie, csrf: csrfOf(await home.text())!, setCookie: login.headers.get('set-cookie')! };
  }

  it('session cookies are HttpOnly and SameSite=Lax; a POST without the CSRF token is refused and changes nothing', async () => {
    const who = person('Carla Csrf');
    const { cookie, setCookie } = await devSession(who);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const forged = await stack.app.request('/spaces', {
      method: 'POST',
      headers: { ...browserHeaders, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'Forged', 'company.name': 'Evil SA', 'company.registrationNumber': 'B666', 'company.address.line1': 'x', 'company.address.postalCode': 'x', 'company.address.city': 'x', 'company.address.country': 'LU' }).toString(),
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain(t('fr', 'page.csrf'));
    const spaces = await stack.call('GET', '/spaces', { as: who });
    expect(spaces.body.items).toEqual([]);
  });

  it('"Log out" ends the session on the server: the old cookie no longer logs in', async () => {
    const { cookie, csrf } = await devSession(person('Luc Logout'));
    const logout = await stack.app.request('/logout', { method: 'POST', headers: { ...browserHeaders, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf }).toString() });
    expect(logout.status).toBe(303);
    const again = await stack.app.request('/', { headers: { ...browserHeaders, cookie } });
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toMatch(/^\/login/);
  });

  it('the language switch sets the profile language (R40): pages follow the profile over the browser', async () => {
    const who = person('Lena Language');
    const { cookie, csrf } = await devSession(who);
    const form = { ...browserHeaders, cookie, 'content-type': 'application/x-www-form-urlencoded' };
    const switched = await stack.app.request('/language', { method: 'POST', headers: form, body: new URLSearchParams({ csrf, language: 'de', returnTo: '/profile' }).toString() });
    expect([switched.status, switched.headers.get('location')]).toEqual([303, '/profile']);
    const profile = await stack.app.request('/profile', { headers: { ...browserHeaders, cookie, 'accept-language': 'en-GB,en' } });
    const text = await profile.text();
    expect(text).toContain('<html lang="de">');
    expect(text).toContain(who.ssn); // R2: my certificate number
    expect(text).toContain(t('de', 'page.profile.certificateNumber'));
    expect((await stack.call('GET', '/me', { as: who })).body.language).toBe('de');
    const offsite = await stack.app.request('/language', { method: 'POST', headers: form, body: new URLSearchParams({ csrf, language: 'en', returnTo: '//evil.example' }).toString() });
    expect(offsite.headers.get('location')).toBe('/');
  });

  it('a 404 page in the browser language, no stack trace; the JSON API still answers problem+json', async () => {
    const page = await stack.app.request('/no/such/page', { headers: { ...browserHeaders, 'accept-language': 'de-DE,de;q=0.9' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    const body = await page.text();
    expect(body).toContain('<html lang="de">');
    expect(body).toContain(t('de', 'page.notFound.title'));
    const foreign = await stack.app.request(`/spaces/${'0'.repeat(8)}-0000-4000-8000-000000000000`, { headers: { ...browserHeaders, cookie: (await devSession(person('Nina Nowhere'))).cookie } });
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).not.toMatch(/at .*\.ts:\d+|Error:/);
    const api = await stack.call('GET', '/no/such/route');
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });

  it('the development login is refused with NODE_ENV=production', async () => {
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATA_DIR: stack.config.dataDir, DATABASE_URL: stack.config.databaseUrl, TEMPORAL_TASK_QUEUE: stack.taskQueue, AUTH_SECRET: 'a-production-secret-for-this-test', ACTIVATION_CODE_SECRET: 'another-production-secret-here', PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` });
    const app = createApp({ config, db: stack.database.db, temporal: { client: stack.client, taskQueue: stack.taskQueue }, logger: pino({ level: 'silent' }) });
    const form = await app.request('/login', { headers: browserHeaders });
    expect(form.status).toBe(404);
    const text = await form.text();
    expect(text).toContain(t('fr', 'page.login.production'));
    expect(text).not.toContain('name="sub"');
    const post = await app.request('/login', { method: 'POST', headers: { ...browserHeaders, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ sub: newSsn(), name: 'Mallory' }).toString() });
    expect(post.status).toBeGreaterThanOrEqual(400);
    expect(post.headers.get('set-cookie') ?? '').not.toMatch(/session=/);
  });
});
