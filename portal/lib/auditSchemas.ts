// The audit API's answer: the API's own schema, not a copy (see analyticsSchemas.ts).
import type { z } from 'zod';
import { auditEventsPageResponse } from '../../src/queries/schemas/auditResponse.ts';

export const auditPageSchema = auditEventsPageResponse;
export type AuditPage = z.infer<typeof auditPageSchema>;
export type AuditEvent = AuditPage['items'][number];
