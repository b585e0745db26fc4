import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';

/** Each area registers its own paths and schemas; the document is their union. */
export type PathRegistrar = (registry: OpenAPIRegistry) => void;

export const bearerAuth = 'bearerAuth';

export function buildOpenApiDocument(
  registrars: readonly PathRegistrar[],
): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', bearerAuth, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Access token from POST /oauth2/token; tenant admin endpoints need the tenant_admin role.',
  });
  for (const register of registrars) register(registry);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Agent analytics API',
      version: '1',
      description:
        'Identity for AI agents (OAuth2 client credentials) and tenant analytics over its event log.',
    },
  });
}
