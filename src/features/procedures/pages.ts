// "Procedures" of a space (R12–R14, R35, R42): the list (with those delegates filed on the space's behalf), "New
// procedure" for my company or for a mandator (R35) with the type's form (required fields marked), "Edit" and
// "Sign" of a draft, "Submit" of a signed one, and the PDF. Controls show only to those who may use them.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Language } from '../../domain/language';
import { findProcedureType, PROCEDURE_FIELD_KINDS, PROCEDURE_TYPES, type ProcedureField, type ProcedureType } from '../../domain/procedures';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, confirmPage, formString, formValues, idParam, inSpace, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { actionButton, csrfField, radios, selectField, textField, tr, type Html, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { listMandators } from '../mandates/use-cases';
import { spaceHeader } from '../spaces/pages';
import type { SpaceView } from '../spaces/schemas';
import { getSpace } from '../spaces/use-cases';
import { pdfResponse } from './pdf';
import { CreateProcedureSchema, type FieldValue, type ProcedureView } from './schemas';
import { advanceProcedure, createProcedure, editProcedure, getProcedure, listProcedures, procedurePdf } from './use-cases';

const NOTICES = {
  procedureCreated: 'page.procedures.created',
  procedureSaved: 'page.procedures.saved',
  procedureSigned: 'page.procedures.signed',
  procedureSubmitted: 'page.procedures.submitted',
} satisfies Record<string, MessageKey>;

const typeName = (lang: Language, code: string) => tr(lang, `procedure.type.${code}` as MessageKey);
const fieldLabel = (lang: Language, field: ProcedureField) => tr(lang, `procedure.field.${field}` as MessageKey);

/** The rows of the list, each with the actions its reader may take. */
function procedureRows(lang: Language, space: SpaceView, procedures: ProcedureView[], companyOf: (spaceId: string) => string, csrf: string | undefined): Html {
  const may = space.myPermissions;
  return html`<table><thead><tr><th scope="col">${tr(lang, 'page.procedures.type')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.procedures.language')}</th><th scope="col">${tr(lang, 'page.users.actions')}</th></tr></thead>
    <tbody>${procedures.map((procedure) => {
      // A mandator reads what its delegates filed; it does not change it.
      const own = !procedure.filedBy;
      return html`<tr><td>${typeName(lang, procedure.type)}${procedure.onBehalfOf && procedure.onBehalfOf !== space.id ? html`<br><span class="muted">${tr(lang, 'page.procedures.onBehalfOf', { companyName: companyOf(procedure.onBehalfOf) })}</span>` : ''}${procedure.filedBy ? html`<br><span class="muted">${tr(lang, 'page.procedures.filedBy', { companyName: procedure.filedBy.companyName })}</span>` : ''}<br><span class="muted">${formatDateTime(lang, procedure.createdAt)}</span></td>
        <td>${tr(lang, `procedure.status.${procedure.status}` as MessageKey)}</td>
        <td>${tr(lang, `page.language.${procedure.language}` as MessageKey)}</td>
        <td><a href="/spaces/${space.id}/procedures/${procedure.id}/pdf">${tr(lang, 'page.procedures.pdf')}</a>
          ${own && procedure.status === 'draft' && may.editProcedures ? html` <a href="/spaces/${space.id}/procedures/${procedure.id}/edit">${tr(lang, 'page.procedures.edit')}</a> ` : ''}
          ${own && procedure.status === 'draft' && may.signProcedures ? html`<a class="button" href="/spaces/${space.id}/procedures/${procedure.id}/sign">${tr(lang, 'page.procedures.sign')}</a>` : ''}
          ${own && procedure.status === 'signed' && may.editProcedures ? actionButton(`/spaces/${space.id}/procedures/${procedure.id}/submit`, csrf, tr(lang, 'page.procedures.submit')) : ''}</td></tr>`;
    })}</tbody></table>`;
}

async function proceduresPage(c: PageContext, requester: Requester, spaceId: string, problem?: Problem) {
  const lang = c.get('lang');
  const [space, procedures, mandators] = await Promise.all([getSpace(requester, spaceId), listProcedures(requester, spaceId, { limit: 200 }), listMandators(requester, spaceId, { limit: 200 })]);
  const csrf = c.get('session')?.csrfToken;
  const companyOf = (id: string) => mandators.items.find((mandator) => mandator.spaceId === id)?.companyName ?? id;
  const labels: Record<string, string> = { type: tr(lang, 'page.procedures.type'), onBehalfOf: tr(lang, 'page.procedures.mandator') };
  const uniqueMandators = [...new Map(mandators.items.map((mandator) => [mandator.spaceId, mandator])).values()];
  return render(
    c,
    `${tr(lang, 'page.procedures.title')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'procedures')}
    <h1>${tr(lang, 'page.procedures.title')}</h1>
    ${procedures.items.length === 0 ? html`<p>${tr(lang, 'page.procedures.none')}</p>` : procedureRows(lang, space, procedures.items, companyOf, csrf)}
    ${space.myPermissions.editProcedures
      ? html`<section aria-labelledby="new-procedure"><h2 id="new-procedure">${tr(lang, 'page.procedures.new')}</h2>
      <form method="get" action="/spaces/${space.id}/procedures/new" novalidate>
        ${selectField({ lang, name: 'type', label: labels.type!, value: undefined, required: true, problem, choices: PROCEDURE_TYPES.map((type) => ({ value: type.code, label: typeName(lang, type.code) })) })}
        ${radios({ name: 'forWhom', legend: tr(lang, 'page.procedures.forWhom'), value: 'self', choices: [{ value: 'self', label: tr(lang, 'page.procedures.forMyCompany') }, { value: 'mandator', label: tr(lang, 'page.procedures.forMandator') }] })}
        ${uniqueMandators.length === 0
          ? html`<p class="muted">${tr(lang, 'page.procedures.noMandators')}</p>`
          : selectField({ lang, name: 'onBehalfOf', label: labels.onBehalfOf!, value: undefined, problem, choices: uniqueMandators.map((mandator) => ({ value: mandator.spaceId, label: `${mandator.companyName} (${mandator.registrationNumber})` })) })}
        <button type="submit">${tr(lang, 'page.procedures.continue')}</button>
      </form>
    </section>`
      : ''}`,
    { problem, fieldLabels: labels, notice: noticeOf(c, NOTICES) },
    problem?.status ?? 200,
  );
}

/** The type's fields, each labelled, the required ones marked; names are the API's paths (`data.<field>`). */
function fieldsOf(lang: Language, type: ProcedureType, values: Record<string, FieldValue | string>, problem: Problem | undefined): Html {
  return html`<fieldset><legend>${tr(lang, 'page.procedures.form')}</legend>
    ${type.fields.map((field) =>
      textField({
        lang,
        name: `data.${field}`,
        label: fieldLabel(lang, field),
        value: values[field] === undefined ? '' : String(values[field]),
        type: PROCEDURE_FIELD_KINDS[field] === 'number' ? 'number' : PROCEDURE_FIELD_KINDS[field] === 'date' ? 'date' : 'text',
        required: type.requiredFields.includes(field),
        problem,
      }),
    )}
  </fieldset>`;
}

const fieldLabels = (lang: Language, type: ProcedureType) => Object.fromEntries(type.fields.map((field) => [`data.${field}`, fieldLabel(lang, field)]));

/** The form's fields as the procedure's data: numbers as numbers, blank fields left out (null in an edit: removed). */
function dataOf(type: ProcedureType, form: Record<string, string | string[]>, blank: 'omit' | 'remove'): Record<string, FieldValue | null> {
  const data: Record<string, FieldValue | null> = {};
  for (const field of type.fields) {
    const text = formString(form, `data.${field}`).trim();
    if (text === '') {
      if (blank === 'remove') data[field] = null;
      continue;
    }
    data[field] = PROCEDURE_FIELD_KINDS[field] === 'number' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  }
  return data;
}

async function newProcedurePage(c: PageContext, requester: Requester, spaceId: string, choice: { type: string; onBehalfOf?: string | undefined }, values: Record<string, FieldValue | string> = {}, problem?: Problem) {
  const lang = c.get('lang');
  const type = findProcedureType(choice.type);
  if (!type) return proceduresPage(c, requester, spaceId, { status: 422, code: 'validation_failed', title: tr(lang, 'problem.validation_failed.title'), errors: [{ path: 'type', message: tr(lang, 'page.required') }] });
  const space = await getSpace(requester, spaceId);
  const mandator = choice.onBehalfOf ? (await listMandators(requester, spaceId, { limit: 200 })).items.find((item) => item.spaceId === choice.onBehalfOf) : undefined;
  const title = tr(lang, 'page.procedures.newTitle', { procedureName: typeName(lang, type.code) });
  return render(
    c,
    `${title} · ${space.name}`,
    html`${spaceHeader(lang, space, 'procedures')}<h1>${title}</h1>
    ${mandator ? html`<p>${tr(lang, 'page.procedures.forCompany', { companyName: mandator.companyName })}</p>` : ''}
    <form method="post" action="/spaces/${space.id}/procedures" class="card" novalidate>
      ${csrfField(c.get('session')?.csrfToken)}<input type="hidden" name="type" value="${type.code}">
      ${choice.onBehalfOf ? html`<input type="hidden" name="onBehalfOf" value="${choice.onBehalfOf}">` : ''}
      ${fieldsOf(lang, type, values, problem)}
      <button type="submit">${tr(lang, 'page.procedures.save')}</button>
    </form>`,
    { problem, fieldLabels: fieldLabels(lang, type) },
    problem?.status ?? 200,
  );
}

async function editProcedurePage(c: PageContext, requester: Requester, spaceId: string, procedureId: string, values?: Record<string, FieldValue | string>, problem?: Problem) {
  const lang = c.get('lang');
  const [space, procedure] = await Promise.all([getSpace(requester, spaceId), getProcedure(requester, spaceId, procedureId)]);
  const type = findProcedureType(procedure.type)!;
  const title = tr(lang, 'page.procedures.editTitle', { procedureName: typeName(lang, type.code) });
  return render(
    c,
    `${title} · ${space.name}`,
    html`${spaceHeader(lang, space, 'procedures')}<h1>${title}</h1>
    <form method="post" action="/spaces/${space.id}/procedures/${procedure.id}" class="card" novalidate>
      ${csrfField(c.get('session')?.csrfToken)}
      ${fieldsOf(lang, type, values ?? procedure.data, problem)}
      <button type="submit">${tr(lang, 'page.procedures.save')}</button>
    </form>`,
    { problem, fieldLabels: fieldLabels(lang, type) },
    problem?.status ?? 200,
  );
}

/** What a refused form shows again: what was typed, field by field. */
const typedValues = (form: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(form).flatMap(([name, value]) => (name.startsWith('data.') && typeof value === 'string' ? [[name.slice('data.'.length), value]] : [])));

export function procedurePages(pages: Hono<PageEnv>): void {
  pages.get('/spaces/:spaceId/procedures', inSpace(proceduresPage));

  pages.get(
    '/spaces/:spaceId/procedures/new',
    inSpace((c, requester, spaceId) => {
      const forMandator = c.req.query('forWhom') === 'mandator';
      return newProcedurePage(c, requester, spaceId, { type: c.req.query('type') ?? '', onBehalfOf: forMandator ? c.req.query('onBehalfOf') : undefined });
    }),
  );

  pages.post(
    '/spaces/:spaceId/procedures',
    inSpace(async (c, requester, spaceId) => {
      const form = formValues(await c.req.parseBody());
      const type = findProcedureType(formString(form, 'type'));
      const onBehalfOf = formString(form, 'onBehalfOf') || undefined;
      const body = { type: formString(form, 'type'), data: type ? dataOf(type, form, 'omit') : {}, ...(onBehalfOf ? { onBehalfOf } : {}) };
      return act(
        c,
        () => createProcedure(requester, spaceId, parseForm(CreateProcedureSchema, body)),
        (problem) => (type ? newProcedurePage(c, requester, spaceId, { type: type.code, onBehalfOf }, typedValues(form), problem) : proceduresPage(c, requester, spaceId, problem)),
        () => c.redirect(`/spaces/${spaceId}/procedures?notice=procedureCreated`, 303),
      );
    }),
  );

  pages.get(
    '/spaces/:spaceId/procedures/:procedureId/edit',
    inSpace((c, requester, spaceId) => editProcedurePage(c, requester, spaceId, idParam(c, 'procedureId'))),
  );

  pages.post(
    '/spaces/:spaceId/procedures/:procedureId',
    inSpace(async (c, requester, spaceId) => {
      const procedureId = idParam(c, 'procedureId');
      const form = formValues(await c.req.parseBody());
      const type = findProcedureType((await getProcedure(requester, spaceId, procedureId)).type)!;
      return act(
        c,
        () => editProcedure(requester, spaceId, procedureId, dataOf(type, form, 'remove')),
        (problem) => editProcedurePage(c, requester, spaceId, procedureId, typedValues(form), problem),
        () => c.redirect(`/spaces/${spaceId}/procedures?notice=procedureSaved`, 303),
      );
    }),
  );

  // Signing binds the company: it asks first, on a page of its own.
  pages.get(
    '/spaces/:spaceId/procedures/:procedureId/sign',
    inSpace(async (c, requester, spaceId) => {
      const procedure = await getProcedure(requester, spaceId, idParam(c, 'procedureId'));
      const lang = c.get('lang');
      return confirmPage(c, { question: tr(lang, 'page.confirm.sign', { procedureName: typeName(lang, procedure.type) }), action: `/spaces/${spaceId}/procedures/${procedure.id}/sign`, back: `/spaces/${spaceId}/procedures` });
    }),
  );

  for (const [step, event, notice] of [['sign', 'signed', 'procedureSigned'], ['submit', 'submitted', 'procedureSubmitted']] as const) {
    pages.post(
      `/spaces/:spaceId/procedures/:procedureId/${step}`,
      inSpace(async (c, requester, spaceId) =>
        act(
          c,
          () => advanceProcedure(requester, spaceId, idParam(c, 'procedureId'), event),
          (problem) => proceduresPage(c, requester, spaceId, problem),
          () => c.redirect(`/spaces/${spaceId}/procedures?notice=${notice}`, 303),
        ),
      ),
    );
  }

  pages.get(
    '/spaces/:spaceId/procedures/:procedureId/pdf',
    inSpace(async (c, requester, spaceId) => pdfResponse(await procedurePdf(requester, spaceId, idParam(c, 'procedureId')))),
  );
}
