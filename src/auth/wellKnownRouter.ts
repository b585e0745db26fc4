import Router from '@koa/router';
import type { JWK } from 'jose';
import { signingAlgorithm, type KeyRing } from './signingKeys.js';

export interface WellKnownOptions {
  keys: KeyRing;
  issuer: string;
  /** How long clients may cache the JWKS; short, so rotated keys are picked up quickly. */
  jwksMaxAgeSeconds?: number;
}

// Only these members leave the service: a private member ('d') can never be published.
const publicMembers = ['kty', 'crv', 'x', 'y', 'n', 'e', 'kid', 'alg', 'use'] as const;

function publicOnly(jwk: JWK): JWK {
  return Object.fromEntries(
    publicMembers.filter((member) => jwk[member] !== undefined).map((m) => [m, jwk[m]]),
  ) as JWK;
}

const clientAuthMethods = ['client_secret_basic', 'client_secret_post'];

/** Discovery (RFC 8414 / OpenID Connect Discovery) and the JWKS verifiers fetch keys from. */
export function wellKnownRouter(options: WellKnownOptions): Router {
  const router = new Router();
  const issuer = options.issuer.replace(/\/+$/, '');
  const maxAge = options.jwksMaxAgeSeconds ?? 300;

  router.get('/.well-known/jwks.json', async (ctx) => {
    // Creates the first signing key on a fresh install, and rotates a due one.
    await options.keys.signingKey();
    const published = await options.keys.published();
    ctx.set('Cache-Control', `public, max-age=${maxAge}`);
    ctx.type = 'application/jwk-set+json';
    ctx.body = { keys: published.map((key) => publicOnly(key.publicJwk)) };
  });

  router.get('/.well-known/openid-configuration', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = {
      issuer,
      token_endpoint: `${issuer}/oauth2/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: clientAuthMethods,
      revocation_endpoint: `${issuer}/oauth2/revoke`,
      revocation_endpoint_auth_methods_supported: clientAuthMethods,
      introspection_endpoint: `${issuer}/oauth2/introspect`,
      introspection_endpoint_auth_methods_supported: clientAuthMethods,
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [signingAlgorithm],
      access_token_signing_alg_values_supported: [signingAlgorithm],
    };
  });
  return router;
}
