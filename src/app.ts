// createApp, the composition root of the HTTP side: the platform's HTTP machinery, every feature's routes and the
// pages for people, built from their dependencies (database, Temporal client, config, logger).
import { createHttpApp } from './platform/http/app';
import type { AppDependencies } from './platform/requester';
import { personOf } from './features/people/use-cases';
import { meRoutes } from './features/people/http';
import { spaceRoutes } from './features/spaces/http';
import { eventRoutes } from './features/timeline/http';
import { invitationRoutes } from './features/invitations/http';
import { memberRoutes } from './features/members/http';
import { catalogRoutes } from './features/certification/catalog-http';
import { certificationRoutes, DOCUMENT_UPLOAD_PATH, documentBodyLimit } from './features/certification/http';
import { staffRoutes } from './features/certification/staff-http';
import { companyRoutes } from './features/register/http';
import { procedureRoutes } from './features/procedures/http';
import { mandateRoutes } from './features/mandates/http';
import { mandatorRoutes } from './features/mandators/http';
import { createPages, notFoundDocument, PAGE_MISS } from './features/pages';
import { languageFromAcceptLanguage } from './domain/language';

export function createApp(deps: AppDependencies) {
  const pages: { app?: ReturnType<typeof createPages> } = {};
  const app = createHttpApp(deps, {
    personLanguage: async (requester) => (await personOf(requester)).language,
    pages: async (request) => {
      const response = await pages.app!.fetch(request);
      return response.headers.has(PAGE_MISS) ? undefined : response;
    },
    notFoundPage: (request) =>
      new Response(String(notFoundDocument(languageFromAcceptLanguage(request.headers.get('accept-language') ?? undefined), new URL(request.url).pathname)), {
        status: 404,
        headers: { 'content-type': 'text/html; charset=UTF-8' },
      }),
    largeBodies: { path: DOCUMENT_UPLOAD_PATH, limit: documentBodyLimit },
  });
  pages.app = createPages(deps, (request, env) => Promise.resolve(app.fetch(request, env)), {});
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
  return app;
}

export type App = ReturnType<typeof createApp>;
