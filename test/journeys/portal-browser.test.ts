// The portal in Chromium as a person meets it (issue 22): on a phone's 390 px without sideways scrolling, and a
// refused form that puts the focus on its error summary (no script: the summary's autofocus).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import axe from 'axe-core';
import { freePort } from '../../src/platform/net';
import { activeMandate, addMember, createSpace, launchBrowser, person, serveApp, startStack, type Identity, type TestStack } from '../support';

let stack: TestStack;
let browser: Browser;
let site: { url: string; close(): Promise<void> };
beforeAll(async () => {
  const port = await freePort();
  stack = await startStack({ env: { PUBLIC_URL: `http://127.0.0.1:${port}` } });
  site = await serveApp(stack, port);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

async function loggedInPage(who: Identity, viewport = { width: 1280, height: 800 }, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: site.url, locale: 'en-GB', viewport, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/login');
  await page.getByLabel('Certificate number', { exact: true }).fill(who.ssn);
  await page.getByLabel('Name', { exact: true }).fill(who.name!);
  await page.getByLabel('E-mail', { exact: true }).fill(who.email!);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

describe('on a phone', () => {
  it('the users table of a space with long names and addresses fits 390 px: no sideways scrolling', async () => {
    const admin = person('Philippa Phone-Administrator');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const space = await createSpace(stack, admin);
    for (const name of ['Maximilian Alexander von Hohenzollern-Sigmaringen', 'Anne-Sophie Dupont-Aignan de la Tour']) await addMember(stack, space.id, admin, person(name));
    const page = await loggedInPage(admin, { width: 390, height: 844 });
    try {
      await page.goto(`/spaces/${space.id}/users`);
      await page.getByText('Maximilian Alexander').waitFor();
      const widths = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as { scroll: number; client: number };
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
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
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await page.locator('#error-summary').waitFor();
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('error-summary');
    } finally {
      await page.context().close();
    }
  });
});

/** axe-core's WCAG 2.2 A/AA rules on the page as it is: the violations, each with the nodes it found. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })`)) as axe.AxeResults;
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  it('axe-core finds no WCAG 2.2 A/AA violation on the pages a member visits, a refused form included', async () => {
    const admin = person('Axel Access');
    await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } });
    const space = await createSpace(stack, admin);
    await addMember(stack, space.id, admin, person('Mona Member'));
    const fiduciary = person('Fia Axe');
    const delegateSpace = await createSpace(stack, fiduciary);
    const { mandateId } = await activeMandate(stack, { admin, spaceId: space.id }, { member: fiduciary, spaceId: delegateSpace.id }, { section: 'tax', delegateCodes: 1 });
    // The pages' CSP forbids any script, axe's too: the test's browser lets it in.
    const page = await loggedInPage(admin, undefined, { bypassCSP: true });
    const found: Record<string, string[]> = {};
    try {
      for (const path of ['/', '/profile', `/spaces/${space.id}`, `/spaces/${space.id}/users`, `/spaces/${space.id}/users/new`, `/spaces/${space.id}/certifications`, `/spaces/${space.id}/activation-codes`, `/spaces/${space.id}/procedures`, `/spaces/${space.id}/history`, `/spaces/${space.id}/webhooks`, `/spaces/${space.id}/mandates/${mandateId}`, `/spaces/${space.id}/mandates/${mandateId}/revoke`, '/nope']) {
        await page.goto(path);
        found[path] = await axeViolations(page);
      }
      await page.goto(`/spaces/${space.id}/users/new`);
      await page.getByRole('button', { name: 'Invite', exact: true }).click();
      await page.locator('#error-summary').waitFor();
      found['refused "Add user"'] = await axeViolations(page);
    } finally {
      await page.context().close();
    }
    expect(Object.fromEntries(Object.entries(found).filter(([, violations]) => violations.length > 0))).toEqual({});
  });
});
