// The space's history (R11): its timeline as a page, newest first, and as history.csv for a spreadsheet.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { csvResponse } from '../../platform/pages/csv';
import { inSpace, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { tr } from '../../platform/pages/layout';
import type { Language } from '../../domain/language';
import type { Requester } from '../../platform/requester';
import { spaceHeader } from '../spaces/pages';
import { getSpace } from '../spaces/use-cases';
import type { SpaceEventView } from './schemas';
import { listEvents } from './use-cases';

const PAGE_SIZE = 50;
/** The export reads the whole timeline, page by page (the API's largest page). */
const EXPORT_PAGE_SIZE = 200;

const what = (lang: Language, event: SpaceEventView) => tr(lang, `history.${event.type}` as MessageKey);
const who = (lang: Language, event: SpaceEventView) => event.actor?.name ?? tr(lang, 'page.history.service');

async function historyPage(c: PageContext, requester: Requester, spaceId: string) {
  const lang = c.get('lang');
  const cursor = c.req.query('cursor');
  const [space, page] = await Promise.all([getSpace(requester, spaceId), listEvents(requester, spaceId, { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) })]);
  const title = tr(lang, 'page.history.title');
  return render(
    c,
    `${title} · ${space.name}`,
    html`${spaceHeader(lang, space, 'history')}
    <h1>${title}</h1>
    <p><a href="/spaces/${space.id}/history.csv" download>${tr(lang, 'page.export')}</a></p>
    ${page.items.length === 0
      ? html`<p>${tr(lang, 'page.history.empty')}</p>`
      : html`<table class="stack"><caption class="visually-hidden">${title}</caption>
      <thead><tr><th scope="col">${tr(lang, 'page.history.when')}</th><th scope="col">${tr(lang, 'page.history.what')}</th><th scope="col">${tr(lang, 'page.history.who')}</th></tr></thead>
      <tbody>${page.items.map((event) => html`<tr><td data-label="${tr(lang, 'page.history.when')}">${formatDateTime(lang, event.occurredAt)}</td><td data-label="${tr(lang, 'page.history.what')}">${what(lang, event)}</td><td data-label="${tr(lang, 'page.history.who')}">${who(lang, event)}</td></tr>`)}</tbody>
    </table>`}
    ${page.nextCursor ? html`<p><a href="/spaces/${space.id}/history?cursor=${encodeURIComponent(page.nextCursor)}">${tr(lang, 'page.history.older')}</a></p>` : ''}`,
  );
}

export function timelinePages(pages: Hono<PageEnv>): void {
  pages.get('/spaces/:spaceId/history', inSpace(historyPage));
  pages.get(
    '/spaces/:spaceId/history.csv',
    inSpace(async (c, requester, spaceId) => {
      const lang = c.get('lang');
      const rows: string[][] = [];
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await listEvents(requester, spaceId, { limit: EXPORT_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
        for (const event of page.items) rows.push([event.occurredAt, what(lang, event), who(lang, event), event.type]);
        cursor = page.nextCursor ?? undefined;
      }
      return csvResponse(c, 'history.csv', [tr(lang, 'page.history.when'), tr(lang, 'page.history.what'), tr(lang, 'page.history.who'), 'type'], rows);
    }),
  );
}
