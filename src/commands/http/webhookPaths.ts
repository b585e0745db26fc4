import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { jsonResponse, problemResponses } from '../../http/openapi/responses.js';
import { bearerAuth } from '../../http/openapi/registry.js';
import {
  subscribeWebhookBody,
  webhookDeliveriesQuery,
  webhookParams,
} from '../../webhooks/request.js';
import {
  createdWebhookSubscription,
  webhookDeliveriesPage,
  webhookSubscriptions,
  webhookTestSent,
} from '../../webhooks/response.js';

// /api/webhooks: subscriptions (commands) and their delivery log (queries).
const security = [{ [bearerAuth]: [] }];
const tags = ['webhooks'];

export function registerWebhookPaths(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/api/webhooks',
    tags,
    summary: 'Subscribe a URL to alert events (Standard Webhooks)',
    description:
      'The URL must resolve to public addresses only (unless WEBHOOK_ALLOW_PRIVATE); a refused one is a 400 naming `url`.',
    security,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: subscribeWebhookBody.meta({ id: 'WebhookSubscribeBody' }) },
        },
      },
    },
    responses: {
      201: jsonResponse('Subscribed; the signing secret is shown once', createdWebhookSubscription),
      ...problemResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/webhooks',
    tags,
    summary: 'The tenant’s webhook subscriptions',
    security,
    responses: {
      200: jsonResponse('Subscriptions, oldest first', webhookSubscriptions),
      ...problemResponses(400, 401, 403),
    },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/webhooks/{id}',
    tags,
    summary: 'Remove a webhook subscription; its pending deliveries are not sent',
    security,
    request: { params: webhookParams },
    responses: { 204: { description: 'Removed' }, ...problemResponses(401, 403, 404) },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/webhooks/{id}/test',
    tags,
    summary: 'Send a webhook.test message to the subscription',
    security,
    request: { params: webhookParams },
    responses: {
      202: jsonResponse('Queued', webhookTestSent),
      ...problemResponses(400, 401, 403, 404),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/webhooks/{id}/deliveries',
    tags,
    summary: 'The subscription’s delivery log, newest first, cursor-paged',
    security,
    request: { params: webhookParams, query: webhookDeliveriesQuery },
    responses: {
      200: jsonResponse('Deliveries', webhookDeliveriesPage),
      ...problemResponses(400, 401, 403, 404),
    },
  });
}
