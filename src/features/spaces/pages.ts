// A space's page (R3): its company, the reader's role and the procedure language, and "Management of <space>";
// and the header every management page of a space shares.
import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Language } from '../../domain/language';
import type { MessageKey } from '../../platform/i18n';
import { idParam, loggedIn, render, type PageContext, type PageEnv } from '../../platform/pages/kit';
import { labelled, tr, type Html } from '../../platform/pages/layout';
import type { Requester } from '../../platform/requester';
import type { SpaceView } from './schemas';
import { getSpace } from './use-cases';

export type SpaceTab = 'overview' | 'users' | 'certifications' | 'codes' | 'procedures' | 'history' | 'webhooks';

/** The management pages' header: the space, its company, and the tabs of its management. */
export function spaceHeader(lang: Language, space: SpaceView, current: SpaceTab): Html {
  const tab = (name: SpaceTab, href: string, label: string) => html`<li><a href="${href}"${current === name ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<p class="muted"><a href="/spaces/${space.id}">${tr(lang, 'page.space.title', { spaceName: space.name })}</a> · ${space.company.name}${space.company.registered ? '' : html` (${tr(lang, 'page.space.notVerified')})`}</p>
    <nav aria-label="${tr(lang, 'page.space.management', { spaceName: space.name })}"><ul class="tabs">
      ${tab('users', `/spaces/${space.id}/users`, tr(lang, 'page.users.title'))}
      ${tab('certifications', `/spaces/${space.id}/certifications`, tr(lang, 'page.certifications.title'))}
      ${tab('codes', `/spaces/${space.id}/activation-codes`, tr(lang, 'page.codes.title'))}
      ${tab('procedures', `/spaces/${space.id}/procedures`, tr(lang, 'page.procedures.title'))}
      ${tab('history', `/spaces/${space.id}/history`, tr(lang, 'page.history.title'))}
      ${space.myRole === 'administrator' ? tab('webhooks', `/spaces/${space.id}/webhooks`, tr(lang, 'page.webhooks.title')) : ''}
    </ul></nav>`;
}

/**
 * What other features show on a space's page (the composition root passes them, so this folder imports none of
 * them): sections after the space's own, and a notice after their actions.
 */
export interface SpacePageExtras {
  sections?: ((c: PageContext, requester: Requester, space: SpaceView) => Promise<Html>)[];
  notice?: (c: PageContext) => string | undefined;
}

export function spacePages(pages: Hono<PageEnv>, extras: SpacePageExtras = {}): void {
  pages.get(
    '/spaces/:spaceId',
    loggedIn(async (c, requester) => {
      const lang = c.get('lang');
      const space = await getSpace(requester, idParam(c, 'spaceId'));
      const title = tr(lang, 'page.space.title', { spaceName: space.name });
      const sections = await Promise.all((extras.sections ?? []).map((section) => section(c, requester, space)));
      return render(
        c,
        title,
        html`<a class="button management" href="/spaces/${space.id}/users">${tr(lang, 'page.space.management', { spaceName: space.name })}</a>
        <h1>${title}</h1>
        <div class="card">
          <p>${tr(lang, 'page.space.company', { companyName: space.company.name, registrationNumber: space.company.registrationNumber })}${space.company.registered ? '' : html` <strong class="unverified">${tr(lang, 'page.space.notVerified')}</strong>`}</p>
          ${space.company.registered ? '' : html`<p class="hint">${tr(lang, 'page.space.notVerifiedHint')}</p>`}
          <p>${labelled(lang, tr(lang, 'page.role'))}${tr(lang, `role.${space.myRole}` as MessageKey)}</p>
          <p>${labelled(lang, tr(lang, 'page.space.procedureLanguage'))}${space.procedureLanguage ? tr(lang, `page.language.${space.procedureLanguage}` as MessageKey) : tr(lang, 'page.space.notSet')}</p>
        </div>
        <h2>${tr(lang, 'page.space.sections')}</h2>
        <ul>
          <li><a href="/spaces/${space.id}/certifications">${tr(lang, 'page.certifications.title')}</a></li>
          <li><a href="/spaces/${space.id}/activation-codes">${tr(lang, 'page.codes.title')}</a></li>
          <li><a href="/spaces/${space.id}/procedures">${tr(lang, 'page.procedures.title')}</a></li>
        </ul>
        ${sections}`,
        { notice: extras.notice?.(c) },
      );
    }),
  );
}
