// "Procedures" of a space (R12–R14, R35, R42): the list (with those delegates filed on the space's behalf), "New
// procedure" for my company or for a mandator, "Sign", and the PDF.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { PROCEDURE_TYPES } from '../../domain/procedures';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, inSpace, formString, idParam, loggedIn, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { actionButton, csrfField, radios, selectField, tr, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { listMandators } from '../mandates/use-cases';
import { spaceHeader } from '../spaces/pages';
import { getSpace } from '../spaces/use-cases';
import { pdfResponse } from './pdf';
import { CreateProcedureSchema } from './schemas';
import { advanceProcedure, createProcedure, listProcedures, procedurePdf } from './use-cases';

const NOTICES = { procedureCreated: 'page.procedures.created', procedureSigned: 'page.procedures.signed' } satisfies Record<string, MessageKey>;

async function proceduresPage(c: PageContext, requester: Requester, spaceId: string, problem?: Problem) {
  const lang = c.get('lang');
  const [space, procedures, mandators] = await Promise.all([getSpace(requester, spaceId), listProcedures(requester, spaceId, { limit: 200 }), listMandators(requester, spaceId, { limit: 200 })]);
  const types = PROCEDURE_TYPES;
  const csrf = c.get('session')?.csrfToken;
  const typeName = (code: string) => tr(lang, `procedure.type.${code}` as MessageKey);
  const companyOf = (spaceIdOf: string | null) => mandators.items.find((mandator) => mandator.spaceId === spaceIdOf)?.companyName ?? spaceIdOf ?? '';
  const labels: Record<string, string> = { type: tr(lang, 'page.procedures.type'), onBehalfOf: tr(lang, 'page.procedures.mandator') };
  const uniqueMandators = [...new Map(mandators.items.map((mandator) => [mandator.spaceId, mandator])).values()];
  const signLabel = tr(lang, 'page.procedures.sign');
  return render(
    c,
    `${tr(lang, 'page.procedures.title')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'procedures')}
    <h1>${tr(lang, 'page.procedures.title')}</h1>
    ${procedures.items.length === 0
      ? html`<p>${tr(lang, 'page.procedures.none')}</p>`
      : html`<table><thead><tr><th scope="col">${tr(lang, 'page.procedures.type')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.procedures.language')}</th><th scope="col">${tr(lang, 'page.users.actions')}</th></tr></thead>
        <tbody>${procedures.items.map(
          (procedure) => html`<tr><td>${typeName(procedure.type)}${procedure.onBehalfOf && procedure.onBehalfOf !== space.id ? html`<br><span class="muted">${tr(lang, 'page.procedures.onBehalfOf', { companyName: companyOf(procedure.onBehalfOf) })}</span>` : ''}${procedure.filedBy ? html`<br><span class="muted">${tr(lang, 'page.procedures.filedBy', { companyName: procedure.filedBy.companyName })}</span>` : ''}<br><span class="muted">${formatDateTime(lang, procedure.createdAt)}</span></td>
            <td>${tr(lang, `procedure.status.${procedure.status}` as MessageKey)}</td>
            <td>${tr(lang, `page.language.${procedure.language}` as MessageKey)}</td>
            <td><a href="/spaces/${space.id}/procedures/${procedure.id}/pdf">${tr(lang, 'page.procedures.pdf')}</a>
              ${procedure.status === 'draft' && !procedure.filedBy ? actionButton(`/spaces/${space.id}/procedures/${procedure.id}/sign`, csrf, signLabel) : ''}</td></tr>`,
        )}</tbody></table>`}
    <section aria-labelledby="new-procedure"><h2 id="new-procedure">${tr(lang, 'page.procedures.new')}</h2>
      <form method="post" action="/spaces/${space.id}/procedures" novalidate>
        ${csrfField(csrf)}
        ${selectField({ lang, name: 'type', label: labels.type!, value: undefined, required: true, problem, choices: types.map((type) => ({ value: type.code, label: typeName(type.code) })) })}
        ${radios({ name: 'forWhom', legend: tr(lang, 'page.procedures.forWhom'), value: 'self', choices: [{ value: 'self', label: tr(lang, 'page.procedures.forMyCompany') }, { value: 'mandator', label: tr(lang, 'page.procedures.forMandator') }] })}
        ${uniqueMandators.length === 0
          ? html`<p class="muted">${tr(lang, 'page.procedures.noMandators')}</p>`
          : selectField({ lang, name: 'onBehalfOf', label: labels.onBehalfOf!, value: undefined, problem, choices: uniqueMandators.map((mandator) => ({ value: mandator.spaceId, label: `${mandator.companyName} (${mandator.registrationNumber})` })) })}
        <button type="submit">${tr(lang, 'page.procedures.create')}</button>
      </form>
    </section>`,
    { problem, fieldLabels: labels, notice: noticeOf(c, NOTICES) },
    problem?.status ?? 200,
  );
}

export function procedurePages(pages: Hono<PageEnv>): void {
  pages.get(
    '/spaces/:spaceId/procedures',
    inSpace(proceduresPage),
  );

  pages.post(
    '/spaces/:spaceId/procedures',
    inSpace(async (c, requester, spaceId) => {
      const form = await c.req.parseBody();
      const forMandator = formString(form, 'forWhom') === 'mandator';
      const body = { type: formString(form, 'type'), data: {}, ...(forMandator ? { onBehalfOf: formString(form, 'onBehalfOf') } : {}) };
      return act(
        c,
        () => createProcedure(requester, spaceId, parseForm(CreateProcedureSchema, body)),
        (problem) => proceduresPage(c, requester, spaceId, problem),
        () => c.redirect(`/spaces/${spaceId}/procedures?notice=procedureCreated`, 303),
      );
    }),
  );

  pages.post(
    '/spaces/:spaceId/procedures/:procedureId/sign',
    inSpace(async (c, requester, spaceId) => {
      return act(
        c,
        () => advanceProcedure(requester, spaceId, idParam(c, 'procedureId'), 'signed'),
        (problem) => proceduresPage(c, requester, spaceId, problem),
        () => c.redirect(`/spaces/${spaceId}/procedures?notice=procedureSigned`, 303),
      );
    }),
  );

  pages.get(
    '/spaces/:spaceId/procedures/:procedureId/pdf',
    loggedIn(async (c, requester) => pdfResponse(await procedurePdf(requester, idParam(c, 'spaceId'), idParam(c, 'procedureId')))),
  );
}
