// The portal in Chromium as a person meets it (issue 22): on a phone's 390 px without sideways scrolling, and a
// refused form that puts the focus on its error summary (no script: the summary's autofocus).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { t } from '../../src/platform/i18n';
import { activeMandate, addMember, axeViolations, createSpace, person, startBrowserStack, type Identity, type TestStack } from '../support';

let stack: TestStack;
let browser: Browser;
let site: { url: string; close(): Promise<void> };
let stopAll: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ stack, browser, site, stop: stopAll } = await startBrowserStack());
});
afterAll(async () => {
  await stopAll?.();
});

async function loggedInPage(who: Identity, viewport = { width: 1280, height: 800 }, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  // The pages' CSP forbids any script, axe's too: the tests' browser lets it in.
  const context = await browser.newContext({ baseURL: site.url, locale: 'en-GB', viewport, bypassCSP: true, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/login');
  await audit(page);
  await page.getByLabel('Certificate number', { exact: true }).fill(who.ssn);
  await page.getByLabel('Name', { exact: true }).fill(who.name!);
  await page.getByLabel('E-mail', { exact: true }).fill(who.email!);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await audit(page);
  return page;
}

/** axe-core's violations on each page the tests below visit, by path; every test ends with none. */
const audits: Record<string, string[]> = {};
async function audit(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) audits[new URL(page.url()).pathname] = violations;
}
afterEach(() => {
  const found = { ...audits };
  for (const key of Object.keys(audits)) delete audits[key];
  expect(found).toEqual({});
});

describe('on a phone', () => {
  it('the users table of a space with long names and addresses fits 390 px: no sideways scrolling', async () => {
    const admin = person('Philippa Phone-Administrator');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const space = await createSpace(stack, admin);
    for (const name of ['Maximilian Alexander von Hohenzollern-Sigmaringen', 'Anne-Sophie Dupont-Aignan de la Tour']) await addMember(stack, space.id, admin, person(name));
    const page = await loggedInPage(admin, { width: 390, height: 844 });
    try {
      await page.goto(`/spaces/${space.id}/users`);
      await audit(page);
      await page.getByText('Maximilian Alexander').waitFor();
      const widths = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as { scroll: number; client: number };
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      // SCREENSHOTS=1: the README's phone-sized screenshot.
      if (process.env.SCREENSHOTS) await page.screenshot({ path: path.resolve('docs/screenshots/phone-users.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });
});

describe('a refused form', () => {
  it('puts the focus on its error summary', async () => {
    const admin = person('Fokus Admin');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const space = await createSpace(stack, admin);
    const page = await loggedInPage(admin);
    try {
      await page.goto(`/spaces/${space.id}/users/new`);
      await audit(page);
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await page.locator('#error-summary').waitFor();
      await audit(page);
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('error-summary');
    } finally {
      await page.context().close();
    }
  });
});


describe('accessibility, in each language, and on a phone', () => {
  /** A member's pages with something on each: members, a mandate given, a refused form. */
  async function memberPages(language: 'en' | 'de' | 'fr') {
    const admin = person(`Axel Access ${language}`);
    await stack.call('PATCH', '/me', { as: admin, body: { language } });
    const space = await createSpace(stack, admin);
    await addMember(stack, space.id, admin, person('Mona Member'));
    const fiduciary = person('Fia Axe');
    const delegateSpace = await createSpace(stack, fiduciary);
    const { mandateId } = await activeMandate(stack, { admin, spaceId: space.id }, { member: fiduciary, spaceId: delegateSpace.id }, { section: 'tax', delegateCodes: 1 });
    const paths = ['/', '/profile', `/spaces/${space.id}`, `/spaces/${space.id}/users`, `/spaces/${space.id}/users/new`, `/spaces/${space.id}/certifications`, `/spaces/${space.id}/activation-codes`, `/spaces/${space.id}/procedures`, `/spaces/${space.id}/history`, `/spaces/${space.id}/webhooks`, `/spaces/${space.id}/mandates/${mandateId}`, `/spaces/${space.id}/mandates/${mandateId}/revoke`, '/nope'];
    return { admin, space, paths };
  }

  it.each(['en', 'de', 'fr'] as const)('%s: axe-core finds no WCAG 2.2 A/AA violation on the pages a member visits, a refused form included', async (language) => {
    const { admin, space, paths } = await memberPages(language);
    // The pages' CSP forbids any script, axe's too: the test's browser lets it in.
    const page = await loggedInPage(admin, undefined, { bypassCSP: true });
    const found: Record<string, string[]> = {};
    try {
      for (const path of paths) {
        await page.goto(path);
        expect(await page.locator('html').getAttribute('lang'), path).toBe(language);
        found[path] = await axeViolations(page);
      }
      await page.goto(`/spaces/${space.id}/users/new`);
      await page.locator(`form[action="/spaces/${space.id}/users"] button[type="submit"]`).click();
      await page.locator('#error-summary').waitFor();
      found['refused "Add user"'] = await axeViolations(page);
    } finally {
      await page.context().close();
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, violations]) => violations.length > 0))).toEqual({});
  });

  it('at 390 px no page scrolls sideways', async () => {
    const { admin, paths } = await memberPages('fr');
    const page = await loggedInPage(admin, { width: 390, height: 844 });
    const wide: Record<string, number> = {};
    try {
      for (const path of paths) {
        await page.goto(path);
        const widths = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as { scroll: number; client: number };
        if (widths.scroll > widths.client) wide[path] = widths.scroll;
      }
    } finally {
      await page.context().close();
    }
    expect(wide, JSON.stringify(wide)).toEqual({});
  });
});

describe('keyboard only', () => {
  /** Tab until the focused element matches, as a keyboard user moves through the page. */
  async function tabTo(page: Page, selector: string) {
    for (let step = 0; step < 80; step += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(`document.activeElement && document.activeElement.matches(${JSON.stringify(selector)})`)) return;
    }
    throw new Error(`no focusable ${selector}`);
  }

  it('"Add user" refused, then filled and sent; "Accept" — with the keys alone, the error summary taking the focus', async () => {
    const admin = person('Kira Keys');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const space = await createSpace(stack, admin);
    const invitee = person('Kai Keyboard');
    const page = await loggedInPage(admin);
    try {
      await page.goto(`/spaces/${space.id}/users/new`);
      await audit(page);
      await tabTo(page, `form[action="/spaces/${space.id}/users"] button[type="submit"]`);
      await page.keyboard.press('Enter');
      await page.locator('#error-summary').waitFor();
      await audit(page);
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('error-summary');
      await tabTo(page, '#field-certificateSsn');
      await page.keyboard.type(invitee.ssn);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Kai');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Keyboard');
      await page.keyboard.press('Tab');
      await page.keyboard.type(invitee.email!);
      await page.keyboard.press('Enter');
      await page.waitForURL(/notice=invited/);
      await audit(page);
    } finally {
      await page.context().close();
    }
    const [invitation] = (await stack.call('GET', `/spaces/${space.id}/invitations`, { as: admin })).body.items as { id: string }[];
    await stack.call('PATCH', '/me', { as: invitee, body: { language: 'en' } });
    const guest = await loggedInPage(invitee);
    try {
      await guest.goto(`/invitations/${invitation!.id}`);
      await audit(guest);
      await tabTo(guest, `form[action="/invitations/${invitation!.id}/accept"] button`);
      await guest.keyboard.press('Enter');
      await guest.waitForURL(/notice=joined/);
      await audit(guest);
    } finally {
      await guest.context().close();
    }
  });
});

describe('the new screens, acted on in Chromium', () => {
  it('German: a refused "Add user" names each field in German; a member is edited; "Delete" asks first; the mandator manages its mandate; a refused access request keeps its choices', async () => {
    const admin = person('Greta Browser');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'de' } });
    const space = await createSpace(stack, admin);
    const member = person('Max Mitglied');
    const membership = await addMember(stack, space.id, admin, member, { role: 'manager', permissions: { inviteUsers: true } });
    const fiduciary = person('Fritz Treuhand');
    const delegateSpace = await createSpace(stack, fiduciary);
    const { mandateId } = await activeMandate(stack, { admin, spaceId: space.id }, { member: fiduciary, spaceId: delegateSpace.id }, { section: 'tax', delegateCodes: 1 });
    const page = await loggedInPage(admin);
    const de = (key: Parameters<typeof t>[1], params?: Record<string, string>) => t('de', key, params);
    try {
      // 1. Field messages in German, one per field, by label.
      await page.goto(`/spaces/${space.id}/users/new`);
      await audit(page);
      await page.locator(`form[action="/spaces/${space.id}/users"] button[type="submit"]`).click();
      const summary = await page.locator('#error-summary').textContent();
      await audit(page);
      expect(summary).toContain(de('validation.required'));
      expect(summary).toContain(de('validation.email'));
      expect(summary).not.toMatch(/Too small|Invalid input|certificateSsn/);

      // 4. An active member's "Edit".
      await page.goto(`/spaces/${space.id}/users`);
      await audit(page);
      await page.locator(`a[href="/spaces/${space.id}/members/${membership.id}/edit"]`).click();
      await page.getByLabel(de('page.permission.inviteUsers' as never), { exact: true }).uncheck();
      await page.getByRole('button', { name: de('page.users.save'), exact: true }).click();
      await page.waitForURL(/notice=saved/);
      await audit(page);
      expect((await stack.call('GET', `/spaces/${space.id}/members`, { as: admin })).body.items.find((m: { id: string }) => m.id === membership.id).permissions.inviteUsers).toBe(false);

      // 6. "Delete" asks first; "Cancel" leaves the member.
      await page.locator(`a[href="/spaces/${space.id}/users/members/${membership.id}/delete"]`).click();
      expect(await page.locator('main, body').first().textContent()).toContain(de('page.confirm.deleteMember', { name: 'Max Mitglied' }));
      await page.getByRole('link', { name: de('page.confirm.cancel'), exact: true }).click();
      await page.waitForURL(new RegExp(`/spaces/${space.id}/users$`));
      await audit(page);

      // 2. The mandate: a new end date, then "Revoke" with its confirmation.
      await page.goto(`/spaces/${space.id}/certifications`);
      await audit(page);
      await page.locator(`a[href="/spaces/${space.id}/mandates/${mandateId}"]`).click();
      const endDate = new Date(Date.now() + 300 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel(de('page.mandates.endDate'), { exact: true }).fill(endDate);
      await page.locator(`form[action$="/end-date"] button`).click();
      await page.waitForURL(/notice=saved/);
      await audit(page);
      if (process.env.SCREENSHOTS) await page.screenshot({ path: path.resolve('docs/screenshots/mandate-de.png'), fullPage: true });
      await page.getByRole('link', { name: de('page.mandate.revoke'), exact: true }).click();
      await page.getByRole('button', { name: de('page.confirm.confirm'), exact: true }).click();
      await page.waitForURL(/notice=revoked/);
      await audit(page);
      expect((await stack.call('GET', `/spaces/${space.id}/mandates`, { as: admin })).body.given.find((m: { id: string }) => m.id === mandateId).status).toBe('revoked');

      // 7. A refused access request keeps what was chosen.
      await page.goto(`/spaces/${space.id}/certifications`);
      await audit(page);
      await page.getByLabel(de('page.access.delegateCodes'), { exact: true }).fill('99');
      await page.locator(`form[action="/spaces/${space.id}/access-requests"] button`).click();
      await page.locator('#error-summary').waitFor();
      await audit(page);
      expect(await page.getByLabel(de('page.access.delegateCodes'), { exact: true }).inputValue()).toBe('99');
    } finally {
      await page.context().close();
    }
  });
});

describe('the new screens in French, acted on in Chromium', () => {
  it('a manager without rights sees no "Supprimer" nor "Ajouter"; an invitee declines after confirming; the history names it', async () => {
    const admin = person('Fanny Français');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'fr' } });
    const space = await createSpace(stack, admin);
    const manager = person('Marc Gestionnaire');
    await addMember(stack, space.id, admin, manager, { role: 'manager', permissions: { inviteUsers: false, deleteUsers: false } });
    await stack.call('PATCH', '/me', { as: manager, body: { language: 'fr' } });
    const fr = (key: Parameters<typeof t>[1], params?: Record<string, string>) => t('fr', key, params);

    const asManager = await loggedInPage(manager);
    try {
      await asManager.goto(`/spaces/${space.id}/users`);
      await audit(asManager);
      await asManager.getByText('Fanny Français').first().waitFor();
      expect(await asManager.getByRole('link', { name: fr('page.users.addUser'), exact: true }).count()).toBe(0);
      expect(await asManager.getByRole('link', { name: fr('page.users.delete'), exact: true }).count()).toBe(0);
    } finally {
      await asManager.context().close();
    }

    const invitee = person('Inès Invitée');
    await stack.call('PATCH', '/me', { as: invitee, body: { language: 'fr' } });
    const invitation = (await stack.call('POST', `/spaces/${space.id}/invitations`, { as: admin, body: { certificateSsn: invitee.ssn, firstName: 'Inès', lastName: 'Invitée', email: invitee.email, role: 'manager', certificateMode: 'invited-only' } })).body as { id: string };
    const guest = await loggedInPage(invitee);
    try {
      await guest.goto(`/invitations/${invitation.id}`);
      await audit(guest);
      await guest.getByRole('link', { name: fr('page.invitation.decline'), exact: true }).click();
      expect(await guest.locator('h1').textContent()).toBe(fr('page.confirm.title'));
      await guest.getByRole('button', { name: fr('page.confirm.confirm'), exact: true }).click();
      await guest.waitForURL(/notice=declined/);
      await audit(guest);
    } finally {
      await guest.context().close();
    }

    const asAdmin = await loggedInPage(admin);
    try {
      await asAdmin.goto(`/spaces/${space.id}/history`);
      await audit(asAdmin);
      expect(await asAdmin.locator('table').textContent()).toContain(fr('history.invitation.declined'));
    } finally {
      await asAdmin.context().close();
    }
  });
});
