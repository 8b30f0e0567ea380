// A person reading the pages without a browser, through app.request(): the development login, the session cookie
// and the CSRF token of its forms, for tests that read what a page says (the browser tests drive Chromium).
import type { Identity, TestStack } from './stack';

export interface PageReader {
  get(path: string): Promise<{ status: number; html: string; location: string | null }>;
  post(path: string, fields: Record<string, string>): Promise<{ status: number; html: string; location: string | null }>;
  /** The session cookie, for a request the reader's browser would make itself (a download). */
  readonly cookie: string;
}

const cookieOf = (response: Response) => /(?:^|,\s*)((?:__Host-)?session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export async function pageReader(stack: TestStack, identity: Identity, language = 'en'): Promise<PageReader> {
  const headers = { accept: 'text/html', 'accept-language': language };
  const loginPage = await stack.app.request('/login', { headers });
  let cookie = cookieOf(loginPage)!;
  const form = new URLSearchParams({ sub: identity.ssn, name: identity.name ?? 'Page Reader', email: identity.email ?? '', staff: identity.staff ?? '', csrf: csrfOf(await loginPage.text()), returnTo: '/' });
  const login = await stack.app.request('/login', { method: 'POST', headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  cookie = cookieOf(login) ?? cookie;
  let csrf = '';
  const answer = async (response: Response) => {
    const html = await response.text();
    csrf = csrfOf(html) || csrf;
    return { status: response.status, html, location: response.headers.get('location') };
  };
  const reader: PageReader = {
    get cookie() {
      return cookie;
    },
    get: async (path) => answer(await stack.app.request(path, { headers: { ...headers, cookie } })),
    post: async (path, fields) => {
      if (!csrf) await reader.get('/');
      const body = new URLSearchParams({ ...fields, csrf }).toString();
      return answer(await stack.app.request(path, { method: 'POST', headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body }));
    },
  };
  return reader;
}
