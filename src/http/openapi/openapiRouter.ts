import Router from '@koa/router';
import { buildOpenApiDocument, type PathRegistrar } from './registry.js';

// Public: the document describes the API, not any tenant's data.
export function openapiRouter(registrars: readonly PathRegistrar[]): Router {
  const router = new Router();
  let document: ReturnType<typeof buildOpenApiDocument> | undefined;
  router.get('/openapi.json', (ctx) => {
    document ??= buildOpenApiDocument(registrars);
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = document;
  });
  return router;
}
