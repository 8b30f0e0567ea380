// "Registration of activation codes" (R29, R30, R36, R37): any member enters the holder's or a delegate's code.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import { findSection } from '../../domain/sections';
import { act, inSpace, formString, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { csrfField, textField, tr, type Problem } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import { spaceHeader } from '../spaces/pages';
import { getSpace } from '../spaces/use-cases';
import { enterActivationCode, listMandates } from './use-cases';
import type { MandateView } from './schemas';
import { csvResponse } from '../../platform/pages/csv';
import type { MessageKey } from '../../platform/i18n';

async function codesPage(c: PageContext, requester: Requester, spaceId: string, problem?: Problem, notice?: string, typed?: string) {
  const lang = c.get('lang');
  const space = await getSpace(requester, spaceId);
  const labels = { code: tr(lang, 'page.codes.code') };
  return render(
    c,
    `${tr(lang, 'page.codes.title')} · ${space.name}`,
    html`${spaceHeader(lang, space, 'codes')}
    <h1>${tr(lang, 'page.codes.title')}</h1>
    <form method="post" action="/spaces/${space.id}/activation-codes" class="card" novalidate>
      ${csrfField(c.get('session')?.csrfToken)}
      <p>${tr(lang, 'page.codes.intro')}</p>
      ${textField({ lang, name: 'code', label: labels.code, value: typed, required: true, problem, hint: 'XXXX-XXXX-XXXX', attributes: 'autocomplete="off" autocapitalize="characters" spellcheck="false"' })}
      <button type="submit">${tr(lang, 'page.codes.register')}</button>
    </form>`,
    { problem, fieldLabels: labels, notice },
    problem?.status ?? 200,
  );
}

export function mandatePages(pages: Hono<PageEnv>): void {
  pages.get(
    '/spaces/:spaceId/mandates.csv',
    inSpace(async (c, requester, spaceId) => {
      const lang = c.get('lang');
      const { given, received } = await listMandates(requester, spaceId);
      const header = (['direction', 'section', 'company', 'status', 'activationDeadline', 'endDate'] as const).map((column) => tr(lang, `csv.mandate.${column}`));
      const row = (direction: 'given' | 'received', mandate: MandateView) => [
        tr(lang, `csv.mandate.${direction}`),
        findSection(mandate.section)?.names[lang] ?? mandate.section,
        direction === 'given' ? mandate.delegates.map((delegate) => delegate.companyName).join(', ') : mandate.mandator.companyName,
        tr(lang, `page.mandateStatus.${mandate.status}` as MessageKey),
        mandate.activationDeadline,
        mandate.endDate,
      ];
      return csvResponse(c, 'mandates.csv', header, [...given.map((mandate) => row('given', mandate)), ...received.map((mandate) => row('received', mandate))]);
    }),
  );

  pages.get(
    '/spaces/:spaceId/activation-codes',
    inSpace(codesPage),
  );

  pages.post(
    '/spaces/:spaceId/activation-codes',
    inSpace(async (c, requester, spaceId) => {
      const lang = c.get('lang');
      const code = formString(await c.req.parseBody(), 'code').trim();
      return act(
        c,
        () => enterActivationCode(requester, spaceId, code),
        // The code is the form's only field: a refusal (invalid, expired, used…) is shown next to it too.
        // What was typed stays, to be corrected rather than typed again.
        (problem) => codesPage(c, requester, spaceId, { ...problem, errors: problem.errors ?? [{ path: 'code', message: problem.detail ?? problem.title }] }, undefined, code),
        (activation) => {
          const section = findSection(activation.section)?.names[lang] ?? activation.section;
          const notice = activation.kind === 'holder' ? tr(lang, 'page.codes.registeredHolder', { section }) : tr(lang, 'page.codes.registeredDelegate', { section, companyName: activation.mandator.companyName });
          return codesPage(c, requester, spaceId, undefined, notice);
        },
      );
    }),
  );
}
