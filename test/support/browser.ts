// Real pages in a real browser: Debian's Chromium driven by playwright-core (never a downloaded browser), and
// the stack's app behind a real HTTP server on a free port.
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestStack } from './stack';
import { findChromium } from '../../scripts/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

export async function serveApp(stack: TestStack, port: number): Promise<{ url: string; close(): Promise<void> }> {
  let server: ServerType | undefined;
  await new Promise<void>((resolve) => {
    server = serve({ fetch: stack.app.fetch, port, hostname: '127.0.0.1' }, () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server!.close(() => resolve())),
  };
}

/** A person's own browser window (cookies of its own), in the given language. */
export async function personWindow(browser: Browser, baseURL: string, locale = 'en-GB'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}
