// What every page handler needs: the reader (session, language), the in-process API client and the answers
// (a page, a redirect, an error page). Every read and every action goes through the JSON routes, so their
// rules, permissions and problem codes are the pages' too.
import type { Context } from 'hono';
import type { Caller } from '../requester';
import { PAGE_CALLER } from '../http/tokens';
import type { Language } from '../../domain/language';
import { layout, tr, type Html, type PageFrame, type Problem } from './layout';
import type { PageSession } from './session';

export interface PageEnv {
  Variables: {
    session?: PageSession;
    lang: Language;
    me?: { personId: string; certificateSsn: string; name: string; email: string | null; language: Language };
  };
}

export type PageContext = Context<PageEnv>;
export type ApiFetch = (request: Request, env: object) => Promise<Response>;

export type ApiResult<T> = { ok: true; status: number; data: T; response: Response } | { ok: false; status: number; problem: Problem };

/** A GET that the page cannot do without (404, 403…): the error page shows it. */
export class PageProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export function createApiClient(apiFetch: ApiFetch) {
  /** One API route, in-process, as the session's caller (or anonymous). */
  async function call<T>(c: PageContext, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult<T>> {
    const caller = c.get('session')?.caller ?? undefined;
    const request = new Request(new URL(path, 'http://pages.internal'), {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(c.req.header('accept-language') ? { 'accept-language': c.req.header('accept-language')! } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const response = await apiFetch(request, caller ? { [PAGE_CALLER]: caller as Caller } : {});
    if (response.ok) {
      const type = response.headers.get('content-type') ?? '';
      const data = type.includes('json') ? ((await response.json()) as T) : (undefined as T);
      return { ok: true, status: response.status, data, response };
    }
    let problem: Problem;
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = { status: response.status, code: 'internal_error', title: tr(c.get('lang'), 'page.error.title') };
    }
    return { ok: false, status: response.status, problem: { ...problem, status: response.status } };
  }

  /** A read the page needs: its failure becomes the error page. */
  async function read<T>(c: PageContext, path: string): Promise<T> {
    const result = await call<T>(c, 'GET', path);
    if (!result.ok) throw new PageProblem(result.problem);
    return result.data;
  }

  /** The raw answer (PDFs, documents), streamed to the browser as the API gives it. */
  async function passThrough(c: PageContext, path: string): Promise<Response> {
    const result = await call<unknown>(c, 'GET', path);
    if (!result.ok) throw new PageProblem(result.problem);
    return result.response;
  }

  return { call, read, passThrough };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The page frame of the current reader. */
export function frame(c: PageContext, title: string, extra: Partial<PageFrame> = {}): PageFrame {
  const session = c.get('session');
  const caller = session?.caller;
  const me = c.get('me');
  const url = new URL(c.req.url);
  return {
    lang: c.get('lang'),
    title,
    user: caller ? { name: me?.name ?? caller.name, staff: caller.staff } : undefined,
    csrf: session?.csrfToken,
    path: c.req.method === 'GET' ? `${url.pathname}${url.search}` : url.pathname,
    ...extra,
  };
}

export function render(c: PageContext, title: string, body: Html, extra: Partial<PageFrame> = {}, status = 200) {
  return c.html(layout(frame(c, title, extra), body), status as 200);
}

/** Only paths of this site (never //host or a scheme): where a login or a switch returns to. */
export function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

export const formString = (form: Record<string, unknown>, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};
