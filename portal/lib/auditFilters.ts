// The audit page's filters, kept in the URL: parsing, checking and writing them.
import { auditEventTypes } from '../../src/contract.ts';

export type AuditEventType = (typeof auditEventTypes)[number];
export const AUDIT_EVENT_TYPES: readonly AuditEventType[] = auditEventTypes;

export interface AuditFilters {
  agentId?: string;
  type?: AuditEventType;
  /** ISO-8601 instants, `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const CURSOR = /^[A-Za-z0-9_-]{1,2048}$/;

function isInstant(value: string): boolean {
  return INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

function isEventType(value: string): value is AuditEventType {
  return (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}

/** The filters of a page URL; a value that is not valid is left out, never sent on. */
export function parseAuditFilters(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  const agentId = params.get('agent_id');
  if (agentId !== null && UUID.test(agentId)) filters.agentId = agentId.toLowerCase();
  const type = params.get('type');
  if (type !== null && isEventType(type)) filters.type = type;
  const from = params.get('from');
  if (from !== null && isInstant(from)) filters.from = from;
  const to = params.get('to');
  if (to !== null && isInstant(to)) filters.to = to;
  return filters;
}

/** `agent_id=…&type=…&from=…&to=…` for the filters that are set, in that order. */
export function auditQueryString(filters: AuditFilters): string {
  const params = new URLSearchParams();
  if (filters.agentId) params.set('agent_id', filters.agentId);
  if (filters.type) params.set('type', filters.type);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  return params.toString();
}

export type AuditRequest =
  | { ok: true; filters: AuditFilters; cursor?: string; limit?: number; format?: 'csv' }
  | { ok: false; field: string };

/** The portal route's query, strictly: any unknown or invalid parameter names itself. */
export function readAuditRequest(params: URLSearchParams): AuditRequest {
  const known = new Set(['agent_id', 'type', 'from', 'to', 'cursor', 'limit', 'format']);
  for (const name of new Set(params.keys())) {
    if (!known.has(name) || params.getAll(name).length > 1) return { ok: false, field: name };
  }
  const filters = parseAuditFilters(params);
  for (const [field, parsed] of [
    ['agent_id', filters.agentId],
    ['type', filters.type],
    ['from', filters.from],
    ['to', filters.to],
  ] as const) {
    if (params.has(field) && parsed === undefined) return { ok: false, field };
  }
  const cursor = params.get('cursor');
  if (cursor !== null && !CURSOR.test(cursor)) return { ok: false, field: 'cursor' };
  const limit = params.get('limit');
  if (limit !== null && !(/^\d{1,3}$/.test(limit) && Number(limit) >= 1 && Number(limit) <= 100)) {
    return { ok: false, field: 'limit' };
  }
  const format = params.get('format');
  if (format !== null && format !== 'csv') return { ok: false, field: 'format' };
  return {
    ok: true,
    filters,
    ...(cursor === null ? {} : { cursor }),
    ...(limit === null ? {} : { limit: Number(limit) }),
    ...(format === null ? {} : { format }),
  };
}

/** A `datetime-local` input's value (read as UTC) as an instant, or undefined when empty. */
export function instantFromInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  return `${value}:00Z`;
}

/** An instant as a `datetime-local` value in UTC. */
export function inputFromInstant(value: string | undefined): string {
  if (value === undefined) return '';
  const time = Date.parse(value);
  return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 16);
}

/** The agent an event is about, when its data names one. */
export function agentIdOf(data: Record<string, unknown>): string | undefined {
  const agentId = data.agentId;
  return typeof agentId === 'string' && UUID.test(agentId) ? agentId : undefined;
}
