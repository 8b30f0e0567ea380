// "Webhooks" under a space's management in a real browser (Debian's Chromium): an administrator adds an endpoint by
// the form (the secret shown once), sees it and its deliveries, and "Redeliver" sends the event again; a manager gets
// neither the tab nor the page. The receiver verifies each request with `standardwebhooks`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../../src/platform/net';
import { addMember, createSpace, eventually, invite, launchBrowser, pageReader, person, personWindow, serveApp, startStack, startWebhookReceiver, type Identity, type TestStack, type WebhookReceiver } from '../support';

let stack: TestStack;
let browser: Browser;
let site: { url: string; close(): Promise<void> };
let receiver: WebhookReceiver;

beforeAll(async () => {
  const port = await freePort();
  stack = await startStack({ env: { PUBLIC_URL: `http://127.0.0.1:${port}`, WEBHOOK_RETRY_SCHEDULE: '500ms' } });
  site = await serveApp(stack, port);
  browser = await launchBrowser();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

async function logIn(page: Page, who: Identity) {
  await page.goto('/login');
  await page.getByLabel('Certificate number', { exact: true }).fill(who.ssn);
  await page.getByLabel('Name', { exact: true }).fill(who.name!);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

it('an administrator adds an endpoint, sees its deliveries and redelivers one', async () => {
  const admin = person('Hanna Hooks');
  const space = await createSpace(stack, admin);
  expect((await stack.call('PATCH', '/me', { as: admin, body: { language: 'en' } })).status).toBe(200);
  const { page, context } = await personWindow(browser, site.url);
  try {
    await logIn(page, admin);
    await page.goto(`/spaces/${space.id}/users`);
    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await expect.poll(() => page.url()).toContain(`/spaces/${space.id}/webhooks`);
    await page.getByLabel('URL', { exact: true }).fill(receiver.url('/page'));
    await page.getByLabel('invitation.created', { exact: true }).check();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const notice = await page.getByRole('status').textContent();
    const secret = /whsec_[A-Za-z0-9+/=]+/.exec(notice ?? '')?.[0];
    expect(secret, notice ?? '').toBeDefined();
    receiver.expect('/page', secret!);
    await expect.poll(() => page.getByRole('table', { name: 'Endpoints' }).textContent()).toContain(receiver.url('/page'));

    const invitation = await invite(stack, space.id, admin, person('Pia Paged'));
    const [first] = await eventually(async () => receiver.at('/page'), (list) => list.length >= 1);
    expect(first!.event?.data.invitationId).toBe(invitation.id);

    await page.getByRole('link', { name: 'Deliveries', exact: true }).click();
    const table = page.getByRole('table', { name: 'Deliveries' });
    await expect.poll(() => table.textContent()).toContain('invitation.created');
    expect(await table.textContent()).toContain('delivered');
    await page.getByRole('button', { name: `Redeliver invitation.created ${first!.id}`, exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The event will be delivered again.');
    const both = await eventually(async () => receiver.at('/page'), (list) => list.length >= 2);
    expect(both.map((each) => each.id)).toEqual([first!.id, first!.id]);
    expect(both[1]!.verificationError).toBeUndefined();
  } finally {
    await context.close();
  }
});

it('a refused URL comes back on the form with the error at the field, in the reader’s language; a manager sees no webhooks', async () => {
  const admin = person('Frida Form');
  const space = await createSpace(stack, admin);
  const reader = await pageReader(stack, admin, 'fr');
  const refused = await reader.post(`/spaces/${space.id}/webhooks`, { url: 'ftp://example.lu/x', events: 'invitation.created' });
  expect(refused.status).toBe(422);
  expect(refused.html).toMatch(/<html lang="fr"/);
  expect(refused.html).toContain('aria-invalid="true"');
  expect(refused.html).toContain('Webhooks');
  expect(refused.html).toContain('ftp://example.lu/x');

  const manager = person('Mats Manager');
  await addMember(stack, space.id, admin, manager, { role: 'manager' });
  const managerReader = await pageReader(stack, manager);
  const users = await managerReader.get(`/spaces/${space.id}/users`);
  expect(users.html).not.toContain(`/spaces/${space.id}/webhooks`);
  expect((await managerReader.get(`/spaces/${space.id}/webhooks`)).status).toBe(403);
});
