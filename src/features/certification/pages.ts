// The space's "Certifications" (R20–R25, R31): what it is certified for, its certification requests (answering a
// request for information), the mandates it gave and received, "Request certification" and "Request access codes".
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { ACTIVITY_FIELDS } from '../../domain/certification';
import type { Names } from '../../domain/certification';
import type { Language } from '../../domain/language';
import { SECTIONS } from '../../domain/sections';
import { formatDateTime, type MessageKey } from '../../platform/i18n';
import { act, inSpace, formString, formList, formValues, idParam, noticeOf, parseForm, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { checkbox, csrfField, selectField, textArea, textField, tr, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { AccessRequestSchema, type MandateView } from '../mandates/schemas';
import { listMandates, requestAccess } from '../mandates/use-cases';
import { spaceHeader } from '../spaces/pages';
import { getSpace } from '../spaces/use-cases';
import { CreateCertificationRequestSchema, SupplementSchema } from './schemas';
import { listCertificationRequests, requestCertification, supplementCertificationRequest } from './use-cases';

const NOTICES = { certificationSubmitted: 'page.certifications.submitted', accessRequested: 'page.access.requested' } satisfies Record<string, MessageKey>;
const date = (lang: Language, value: string | null | undefined) => (value ? formatDateTime(lang, value) : '—');
const nameIn = (lang: Language, names: Names | undefined, fallback: string) => names?.[lang] ?? fallback;

/** `typed`: what a refused form had, shown again (files aside: a browser never refills a file input). */
async function certificationsPage(c: PageContext, requester: Requester, spaceId: string, problem?: Problem, form: 'certification' | 'access' | undefined = undefined, chosenField?: string, typed: Record<string, string | string[]> = {}) {
  const lang = c.get('lang');
  const [space, requests, mandates] = await Promise.all([getSpace(requester, spaceId), listCertificationRequests(requester, spaceId, { limit: 200 }), listMandates(requester, spaceId)]);
  const fields = ACTIVITY_FIELDS;
  const sections = SECTIONS;
  const csrf = c.get('session')?.csrfToken;
  const chosenCode = chosenField ?? c.req.query('activityField');
  const one = (name: string) => (typeof typed[name] === 'string' ? (typed[name] as string) : undefined);
  const scope = new Set(formList(typed, 'scope'));
  const chosen = fields.find((field) => field.code === chosenCode) ?? fields[0];
  const fieldName = (code: string | undefined) => nameIn(lang, fields.find((field) => field.code === code)?.names, code ?? '');
  const sectionName = (code: string | undefined) => nameIn(lang, sections.find((section) => section.code === code)?.names, code ?? '');
  const mandateRows = (list: MandateView[], given: boolean) =>
    list.length === 0
      ? html`<p>${tr(lang, 'page.mandates.none')}</p>`
      : html`<table class="stack"><thead><tr><th scope="col">${tr(lang, 'page.mandates.section')}</th><th scope="col">${given ? tr(lang, 'page.mandates.delegates') : tr(lang, 'page.mandates.mandator')}</th><th scope="col">${tr(lang, 'page.status')}</th><th scope="col">${tr(lang, 'page.mandates.activationDeadline')}</th><th scope="col">${tr(lang, 'page.mandates.endDate')}</th><th scope="col">${tr(lang, 'page.users.actions')}</th></tr></thead>
        <tbody>${list.map(
          (mandate) => html`<tr><td data-label="${tr(lang, 'page.mandates.section')}">${sectionName(mandate.section)}</td><td data-label="${given ? tr(lang, 'page.mandates.delegates') : tr(lang, 'page.mandates.mandator')}">${given ? mandate.delegates.map((delegate) => delegate.companyName).join(', ') || '—' : mandate.mandator.companyName}</td><td data-label="${tr(lang, 'page.status')}">${tr(lang, `page.mandateStatus.${mandate.status}` as MessageKey)}</td><td data-label="${tr(lang, 'page.mandates.activationDeadline')}">${date(lang, mandate.activationDeadline)}</td><td data-label="${tr(lang, 'page.mandates.endDate')}">${date(lang, mandate.endDate)}</td><td><a href="/spaces/${space.id}/mandates/${mandate.id}">${tr(lang, given ? 'page.mandate.manage' : 'page.mandate.viewData')}</a></td></tr>`,
        )}</tbody></table>`;
  const certificationLabels: Record<string, string> = { activityField: tr(lang, 'page.certifications.activityField'), documents: tr(lang, 'page.certifications.documents'), note: tr(lang, 'page.certifications.note') };
  const accessLabels: Record<string, string> = { section: tr(lang, 'page.mandates.section'), scope: tr(lang, 'page.access.scope'), delegateCodes: tr(lang, 'page.access.delegateCodes'), endDate: tr(lang, 'page.access.endDate') };
  return render(
    c,
    `${tr(lang, 'page.certifications.title')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'certifications')}
    <h1>${tr(lang, 'page.certifications.title')}</h1>
    <section aria-labelledby="certs"><h2 id="certs">${tr(lang, 'page.certifications.list')}</h2>
      ${space.certifications.length === 0
        ? html`<p>${tr(lang, 'page.certifications.none')}</p>`
        : html`<ul>${space.certifications.map((cert) => html`<li>${cert.activityField ? fieldName(cert.activityField) : sectionName(cert.section)} — ${tr(lang, cert.via === 'request' ? 'page.certifications.viaRequest' : 'page.certifications.viaCode')}, ${date(lang, cert.certifiedAt)}</li>`)}</ul>`}
    </section>
    <section aria-labelledby="requests"><h2 id="requests">${tr(lang, 'page.certifications.requests')}</h2>
      ${requests.items.length === 0
        ? html`<p>${tr(lang, 'page.certifications.noRequests')}</p>`
        : html`<ul>${requests.items.map(
            (request) => html`<li>${fieldName(request.activityField)} — <strong>${tr(lang, `page.certificationStatus.${request.status}` as MessageKey)}</strong>, ${date(lang, request.createdAt)}
              ${request.reason ? html`<br>${tr(lang, 'page.certifications.reason', { reason: request.reason })}` : ''}
              ${request.status === 'information_requested' && request.informationRequest
                ? html`<br>${tr(lang, 'page.certifications.informationRequest', { message: request.informationRequest })}
                  <form method="post" action="/spaces/${space.id}/certification-requests/${request.id}/documents" enctype="multipart/form-data">${csrfField(csrf)}
                    <div class="field"><label for="supplement-${request.id}">${tr(lang, 'page.certifications.documents')}</label><input type="file" id="supplement-${request.id}" name="documents" multiple required></div>
                    <button type="submit">${tr(lang, 'page.certifications.answer')}</button></form>`
                : ''}</li>`,
          )}</ul>`}
    </section>
    <section aria-labelledby="given"><h2 id="given">${tr(lang, 'page.mandates.given')}</h2>${mandateRows(mandates.given, true)}</section>
    <section aria-labelledby="received"><h2 id="received">${tr(lang, 'page.mandates.received')}</h2>${mandateRows(mandates.received, false)}</section>
    <p><a href="/spaces/${space.id}/mandates.csv" download>${tr(lang, 'page.export')}</a></p>
    <section aria-labelledby="request-certification"><h2 id="request-certification">${tr(lang, 'page.certifications.requestCertification')}</h2>
      <form method="get" action="/spaces/${space.id}/certifications">
        ${selectField({ lang, name: 'activityField', label: certificationLabels.activityField!, value: chosen?.code, choices: fields.map((field) => ({ value: field.code, label: field.names[lang] })) })}
        <button type="submit" class="secondary">${tr(lang, 'page.choose')}</button>
      </form>
      ${chosen
        ? html`<form method="post" action="/spaces/${space.id}/certification-requests" enctype="multipart/form-data" novalidate>
        ${csrfField(csrf)}<input type="hidden" name="activityField" value="${chosen.code}">
        <p><strong>${chosen.names[lang]}</strong></p>
        <fieldset id="field-documents"><legend>${certificationLabels.documents}</legend>
          <p class="hint">${tr(lang, 'page.certifications.documentsHint', { documents: chosen.requiredDocuments.map((document) => document.names[lang]).join(', ') })}</p>
          ${chosen.requiredDocuments.map((document) => html`<div class="field"><label for="document-${document.code}">${document.names[lang]}</label><input type="file" id="document-${document.code}" name="document.${document.code}" accept="application/pdf,image/jpeg,image/png"></div>`)}
        </fieldset>
        ${textArea({ lang, name: 'note', label: certificationLabels.note!, value: form === 'certification' ? one('note') : undefined, problem: form === 'certification' ? problem : undefined })}
        <button type="submit">${tr(lang, 'page.certifications.submit')}</button>
      </form>`
        : ''}
    </section>
    <section aria-labelledby="access"><h2 id="access">${tr(lang, 'page.access.title')}</h2>
      <form method="post" action="/spaces/${space.id}/access-requests" novalidate>
        ${csrfField(csrf)}
        ${selectField({ lang, name: 'section', label: accessLabels.section!, value: one('section'), required: true, problem: form === 'access' ? problem : undefined, choices: sections.map((section) => ({ value: section.code, label: section.names[lang] })) })}
        <fieldset id="field-scope"><legend>${accessLabels.scope}</legend>
          ${checkbox({ name: 'scope', value: 'procedures', label: tr(lang, 'page.access.procedures'), checked: form === 'access' ? scope.has('procedures') : true })}
          ${checkbox({ name: 'scope', value: 'dataConsultation', label: tr(lang, 'page.access.dataConsultation'), checked: form === 'access' && scope.has('dataConsultation') })}
        </fieldset>
        ${textField({ lang, name: 'delegateCodes', label: accessLabels.delegateCodes!, type: 'number', value: one('delegateCodes') ?? '1', required: true, problem: form === 'access' ? problem : undefined, attributes: 'min="0" max="20"' })}
        ${textField({ lang, name: 'endDate', label: accessLabels.endDate!, type: 'date', value: one('endDate'), problem: form === 'access' ? problem : undefined })}
        <button type="submit">${tr(lang, 'page.access.request')}</button>
      </form>
    </section>`,
    { problem, fieldLabels: form === 'access' ? accessLabels : certificationLabels, notice: noticeOf(c, NOTICES) },
    problem?.status ?? 200,
  );
}

/** Uploaded files as the API's documents (base64); `document.<kind>` fields name the required document. */
async function documentsOf(form: Record<string, unknown>) {
  const documents: { name: string; contentType: string; contentBase64: string; kind?: string }[] = [];
  for (const [name, value] of Object.entries(form)) {
    const files = ([] as unknown[]).concat(value).filter((item): item is File => item instanceof File && item.size > 0);
    const kind = name.startsWith('document.') ? name.slice('document.'.length) : undefined;
    for (const file of files) {
      documents.push({ name: file.name, contentType: file.type || 'application/octet-stream', contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'), ...(kind ? { kind } : {}) });
    }
  }
  return documents;
}

export function certificationPages(pages: Hono<PageEnv>): void {
  pages.get(
    '/spaces/:spaceId/certifications',
    inSpace(certificationsPage),
  );

  pages.post(
    '/spaces/:spaceId/certification-requests',
    inSpace(async (c, requester, spaceId) => {
      const form = await c.req.parseBody({ all: true });
      const note = formString(form, 'note').trim();
      const body = { activityField: formString(form, 'activityField'), documents: await documentsOf(form), ...(note ? { note } : {}) };
      return act(
        c,
        () => requestCertification(requester, spaceId, parseForm(CreateCertificationRequestSchema, body)),
        (problem) => certificationsPage(c, requester, spaceId, problem, 'certification', body.activityField, formValues(form)),
        () => c.redirect(`/spaces/${spaceId}/certifications?notice=certificationSubmitted`, 303),
      );
    }),
  );

  pages.post(
    '/spaces/:spaceId/certification-requests/:requestId/documents',
    inSpace(async (c, requester, spaceId) => {
      const requestId = idParam(c, 'requestId');
      const form = await c.req.parseBody({ all: true });
      const documents = await documentsOf(form);
      return act(
        c,
        () => supplementCertificationRequest(requester, spaceId, requestId, parseForm(SupplementSchema, { documents })),
        (problem) => certificationsPage(c, requester, spaceId, problem, 'certification'),
        () => c.redirect(`/spaces/${spaceId}/certifications?notice=certificationSubmitted`, 303),
      );
    }),
  );

  pages.post(
    '/spaces/:spaceId/access-requests',
    inSpace(async (c, requester, spaceId) => {
      const form = formValues(await c.req.parseBody({ all: true }));
      const scope = new Set(formList(form, 'scope'));
      const endDate = typeof form.endDate === 'string' ? form.endDate.trim() : '';
      const codes = Number(typeof form.delegateCodes === 'string' ? form.delegateCodes : '');
      const body = { section: form.section, scope: { procedures: scope.has('procedures'), dataConsultation: scope.has('dataConsultation') }, delegateCodes: Number.isInteger(codes) ? codes : -1, ...(endDate ? { endDate } : {}) };
      return act(
        c,
        () => requestAccess(requester, spaceId, parseForm(AccessRequestSchema, body)),
        (problem) => certificationsPage(c, requester, spaceId, problem, 'access', undefined, form),
        () => c.redirect(`/spaces/${spaceId}/certifications?notice=accessRequested`, 303),
      );
    }),
  );
}
