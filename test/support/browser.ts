// Real pages in a real browser: Debian's Chromium driven by playwright-core (never a downloaded browser), and
// the stack's app behind a real HTTP server on a free port.
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStack, type TestStack } from './stack';
import { freePort } from '../../src/platform/net';
import { findChromium } from '../../scripts/chromium';
import axe from 'axe-core';

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

/** A person's own browser window (cookies of its own), in the given language; `bypassCSP` lets axe-core in. */
export async function personWindow(browser: Browser, baseURL: string, locale = 'en-GB', options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** axe-core's WCAG 2.2 A/AA rules on the page as it is (its context must bypass the pages' CSP): the violations. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })`)) as axe.AxeResults;
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** The whole product behind a real HTTP port (PUBLIC_URL pointing at it) and Chromium, for one test file. */
export async function startBrowserStack(env: Record<string, string> = {}): Promise<{ stack: TestStack; browser: Browser; site: { url: string; close(): Promise<void> }; stop(): Promise<void> }> {
  const port = await freePort();
  const stack = await startStack({ env: { PUBLIC_URL: `http://127.0.0.1:${port}`, ...env } });
  const site = await serveApp(stack, port);
  const browser = await launchBrowser();
  return {
    stack,
    browser,
    site,
    async stop() {
      await browser.close();
      await site.close();
      await stack.stop();
    },
  };
}
