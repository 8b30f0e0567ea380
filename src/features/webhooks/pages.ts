// "Webhooks" of a space's management (API.md "Webhooks"), for administrators: the endpoints ("Add endpoint", the
// secret shown once), each endpoint's deliveries and "Redeliver". The same use-cases as the API.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, formList, formValues, idParam, inSpace, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { actionButton, checkbox, csrfField, textField, tr, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { spaceHeader } from '../spaces/pages';
import { getSpace } from '../spaces/use-cases';
import { EndpointCreateSchema } from './schemas';
import { createEndpoint, getEndpoint, listDeliveries, listEndpoints, redeliver } from './use-cases';

const NOTICES = { redelivered: 'page.webhooks.redelivered' } satisfies Record<string, MessageKey>;

async function endpointsPage(c: PageContext, requester: Requester, spaceId: string, options: { problem?: Problem; form?: Record<string, string | string[]>; secret?: string } = {}) {
  const lang = c.get('lang');
  const [space, endpoints] = await Promise.all([getSpace(requester, spaceId), listEndpoints(requester, spaceId)]);
  const csrf = c.get('session')?.csrfToken;
  const chosen = new Set(options.form ? formList(options.form, 'events') : []);
  const url = typeof options.form?.url === 'string' ? options.form.url : '';
  return render(
    c,
    `${tr(lang, 'page.webhooks.title')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'webhooks')}
    <h1>${tr(lang, 'page.webhooks.title')}</h1>
    <p>${tr(lang, 'page.webhooks.intro')}</p>
    ${options.secret ? html`<p class="notice" role="status">${tr(lang, 'page.webhooks.secret', { secret: options.secret })}</p>` : ''}
    ${endpoints.items.length === 0
      ? html`<p>${tr(lang, 'page.webhooks.none')}</p>`
      : html`<table><caption>${tr(lang, 'page.webhooks.list')}</caption>
      <thead><tr><th scope="col">${tr(lang, 'page.webhooks.url')}</th><th scope="col">${tr(lang, 'page.webhooks.events')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.webhooks.actions')}</th></tr></thead>
      <tbody>${endpoints.items.map(
        (endpoint) => html`<tr><td class="mono">${endpoint.url}</td><td>${endpoint.events.join(', ')}</td>
          <td>${tr(lang, `page.webhooks.status.${endpoint.status}` as MessageKey)}</td>
          <td><a href="/spaces/${space.id}/webhooks/${endpoint.id}">${tr(lang, 'page.webhooks.deliveries')}</a></td></tr>`,
      )}</tbody></table>`}
    <h2>${tr(lang, 'page.webhooks.add')}</h2>
    <form method="post" action="/spaces/${space.id}/webhooks" class="card" novalidate>${csrfField(csrf)}
      ${textField({ name: 'url', label: tr(lang, 'page.webhooks.url'), value: url, type: 'url', required: true, problem: options.problem, lang })}
      <fieldset id="field-events"><legend>${tr(lang, 'page.webhooks.events')}</legend>
        ${WEBHOOK_EVENT_TYPES.map((type) => checkbox({ name: 'events', value: type, label: type, checked: chosen.has(type), ...(options.problem ? { problem: options.problem } : {}) }))}
      </fieldset>
      <button type="submit">${tr(lang, 'page.webhooks.create')}</button>
    </form>`,
    options.problem ? { problem: options.problem } : {},
    options.problem?.status ?? 200,
  );
}

async function deliveriesPage(c: PageContext, requester: Requester, spaceId: string, endpointId: string, problem?: Problem) {
  const lang = c.get('lang');
  const [space, endpoint, deliveries] = await Promise.all([getSpace(requester, spaceId), getEndpoint(requester, spaceId, endpointId), listDeliveries(requester, spaceId, endpointId, { limit: 200 })]);
  const csrf = c.get('session')?.csrfToken;
  const label = tr(lang, 'page.webhooks.redeliver');
  return render(
    c,
    `${tr(lang, 'page.webhooks.deliveries')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'webhooks')}
    <h1>${tr(lang, 'page.webhooks.deliveriesOf', { url: endpoint.url })}</h1>
    <p><a href="/spaces/${space.id}/webhooks">${tr(lang, 'page.webhooks.title')}</a> · ${tr(lang, `page.webhooks.status.${endpoint.status}` as MessageKey)}</p>
    ${deliveries.items.length === 0
      ? html`<p>${tr(lang, 'page.webhooks.noDeliveries')}</p>`
      : html`<table><caption>${tr(lang, 'page.webhooks.deliveries')}</caption>
      <thead><tr><th scope="col">${tr(lang, 'page.webhooks.event')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.webhooks.attempts')}</th><th scope="col">${tr(lang, 'page.webhooks.lastStatus')}</th><th scope="col">${tr(lang, 'page.webhooks.nextAttempt')}</th><th scope="col">${tr(lang, 'page.webhooks.actions')}</th></tr></thead>
      <tbody>${deliveries.items.map(
        (delivery) => html`<tr><td>${delivery.type}<br><span class="muted mono">${delivery.eventId}</span></td>
          <td>${tr(lang, `page.webhooks.delivery.${delivery.status}` as MessageKey)}</td><td>${delivery.attempts}</td><td>${delivery.lastStatusCode ?? '—'}</td>
          <td>${delivery.nextAttemptAt ? formatDateTime(lang, delivery.nextAttemptAt) : '—'}</td>
          <td>${actionButton(`/spaces/${space.id}/webhooks/${endpoint.id}/deliveries/${delivery.eventId}/redeliver`, csrf, label, { accessibleName: `${label} ${delivery.type} ${delivery.eventId}` })}</td></tr>`,
      )}</tbody></table>`}`,
    { ...(problem ? { problem } : {}), notice: noticeOf(c, NOTICES) },
    problem?.status ?? 200,
  );
}

export function webhookPages(pages: Hono<PageEnv>): void {
  pages.get('/spaces/:spaceId/webhooks', inSpace((c, requester, spaceId) => endpointsPage(c, requester, spaceId)));
  pages.post(
    '/spaces/:spaceId/webhooks',
    inSpace(async (c, requester, spaceId) => {
      const form = formValues(await c.req.parseBody({ all: true }));
      return act(
        c,
        () => createEndpoint(requester, spaceId, parseForm(EndpointCreateSchema, { url: form.url ?? '', events: formList(form, 'events') })),
        (problem) => endpointsPage(c, requester, spaceId, { problem, form }),
        (created) => endpointsPage(c, requester, spaceId, { secret: created.secret }),
      );
    }),
  );
  pages.get('/spaces/:spaceId/webhooks/:webhookId', inSpace((c, requester, spaceId) => deliveriesPage(c, requester, spaceId, idParam(c, 'webhookId'))));
  pages.post(
    '/spaces/:spaceId/webhooks/:webhookId/deliveries/:eventId/redeliver',
    inSpace(async (c, requester, spaceId) => {
      const endpointId = idParam(c, 'webhookId');
      return act(
        c,
        () => redeliver(requester, spaceId, endpointId, idParam(c, 'eventId')),
        (problem) => deliveriesPage(c, requester, spaceId, endpointId, problem),
        () => c.redirect(`/spaces/${spaceId}/webhooks/${endpointId}?notice=redelivered`, 303),
      );
    }),
  );
}
