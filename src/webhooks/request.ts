import { z } from 'zod';
import { maxWebhookUrlLength, webhookEventTypes } from '../contract.js';
import { cursorParam, integerParam, uuidParam } from '../http/queryParams.js';
import { findSecretLikeContent } from '../events/noSecrets.js';
import {
  hasUserInfo,
  secretInUrlRefusal,
  urlTextProblem,
  userInfoRefusal,
} from './subscriptions/urlRules.js';

export const subscribeWebhookBody = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
    .max(maxWebhookUrlLength, `must be at most ${maxWebhookUrlLength} characters`)
    .superRefine((url, ctx) => {
      const problem =
        urlTextProblem(url) ??
        (hasUserInfo(url) ? userInfoRefusal : undefined) ??
        // What the log refuses to keep, named here rather than as an invalid event.
        (findSecretLikeContent(url) === undefined ? undefined : secretInUrlRefusal);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }),
  events: z
    .array(z.enum(webhookEventTypes, { message: `must be one of ${webhookEventTypes.join(', ')}` }))
    .min(1, 'name at least one event')
    .max(webhookEventTypes.length * 2),
});

export const webhookParams = z.object({ id: uuidParam });

export const webhookDeliveriesQuery = z.strictObject({
  limit: integerParam({ min: 1, max: 200, default: 50, description: 'Page size (1..200).' }),
  cursor: cursorParam,
});
