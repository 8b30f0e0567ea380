// createApp, the composition root of the HTTP side: the platform's HTTP machinery with every feature's routes, and
// the pages for people with every feature's pages, built from their dependencies (database, Temporal client,
// config, logger). Routes and pages call the same use-cases; nothing here decides a rule.
import { languageFromAcceptLanguage } from './domain/language';
import { bodyLimitFor, createHttpApp, type HttpAppOptions } from './platform/http/app';
import { createPagesApp, notFoundDocument, PAGE_MISS } from './platform/pages/app';
import type { AppDependencies } from './platform/requester';
import { claimRoutes } from './features/claims/http';
import { claimNotice, claimPages, openClaimsSection } from './features/claims/pages';
import { certificationRoutes, DOCUMENT_UPLOAD_PATH, documentBodyLimit } from './features/certification/http';
import { catalogRoutes } from './features/certification/catalog-http';
import { certificationPages } from './features/certification/pages';
import { staffRoutes } from './features/certification/staff-http';
import { staffPages } from './features/certification/staff-pages';
import { homePages } from './features/home/pages';
import { timelinePages } from './features/timeline/pages';
import { invitationRoutes } from './features/invitations/http';
import { invitationPages, joinedNotice } from './features/invitations/pages';
import { mandateRoutes } from './features/mandates/http';
import { mandatePages } from './features/mandates/pages';
import { mandateManagementPages } from './features/mandators/pages';
import { mandatorRoutes } from './features/mandators/http';
import { memberRoutes } from './features/members/http';
import { memberPages } from './features/members/pages';
import { meRoutes } from './features/people/http';
import { peoplePages } from './features/people/pages';
import { personOf } from './features/people/use-cases';
import { procedureRoutes } from './features/procedures/http';
import { procedurePages } from './features/procedures/pages';
import { companyRoutes } from './features/register/http';
import { spaceRoutes } from './features/spaces/http';
import { spacePages } from './features/spaces/pages';
import { eventRoutes } from './features/timeline/http';
import { documentWebhooks, webhookRoutes } from './features/webhooks/http';
import { webhookPages } from './features/webhooks/pages';

export function createApp(deps: AppDependencies) {
  const largeBodies: HttpAppOptions['largeBodies'] = { path: DOCUMENT_UPLOAD_PATH, limit: documentBodyLimit };
  const pages = createPagesApp(deps, { reader: personOf, bodyLimit: bodyLimitFor(largeBodies) });
  peoplePages(pages, deps);
  homePages(pages);
  spacePages(pages, { sections: [openClaimsSection], notice: (c) => claimNotice(c) ?? joinedNotice(c) });
  invitationPages(pages);
  memberPages(pages);
  certificationPages(pages);
  staffPages(pages);
  mandatePages(pages);
  mandateManagementPages(pages);
  procedurePages(pages);
  timelinePages(pages);
  claimPages(pages);
  webhookPages(pages);

  const app = createHttpApp(deps, {
    personLanguage: async (requester) => (await personOf(requester)).language,
    pages: async (request) => {
      const response = await pages.fetch(request);
      return response.headers.has(PAGE_MISS) ? undefined : response;
    },
    notFoundPage: (request) =>
      new Response(String(notFoundDocument(languageFromAcceptLanguage(request.headers.get('accept-language') ?? undefined), new URL(request.url).pathname)), {
        status: 404,
        headers: { 'content-type': 'text/html; charset=UTF-8' },
      }),
    largeBodies,
  });
  app.route('/', meRoutes);
  app.route('/', spaceRoutes);
  app.route('/', eventRoutes);
  app.route('/', invitationRoutes);
  app.route('/', memberRoutes);
  app.route('/', catalogRoutes);
  app.route('/', certificationRoutes);
  app.route('/', procedureRoutes);
  app.route('/', staffRoutes);
  app.route('/', companyRoutes);
  app.route('/', mandateRoutes);
  app.route('/', mandatorRoutes);
  app.route('/', claimRoutes);
  app.route('/', webhookRoutes);
  documentWebhooks(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
