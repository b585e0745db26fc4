// What the randomized tenant-isolation commands share: the system under test,
// the model bookkeeping, and the HTTP actions more than one command takes.
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { decodeJwt } from 'jose';
import type request from 'supertest';
import type { FullStackApp } from '../../support/fullStackApp.js';
import type { AgentModel, ModelEventType, TenantModel, World } from './isolationModel.js';

export interface Real {
  stack: FullStackApp;
  http: ReturnType<typeof request>;
}

export type IsolationCommand = fc.AsyncCommand<World, Real>;

export const pick = <T>(items: readonly T[], index: number): T | undefined =>
  items.length === 0 ? undefined : items[index % items.length];

export const now = (real: Real): Date => real.stack.clock.now();

export function record(
  tenant: TenantModel,
  type: ModelEventType,
  agentId: string | null,
  at: Date,
): void {
  tenant.events.push({ type, agentId, at });
}

/**
 * Random text with quotes, backslashes and non-ASCII, made unique by a tag of
 * the tenant (its label and the start of its id) and a counter.
 */
export function taggedName(tenant: TenantModel, text: string): string {
  tenant.namesGiven += 1;
  return `${text} [${tenant.label}${tenant.tenantId.slice(0, 8)}-${tenant.namesGiven}]`.trim();
}

export const nameText = fc.string({
  unit: fc.constantFrom(
    ...'abcdefghijklmnopqrstuvwxyz  -'.split(''),
    'é',
    'ß',
    '日',
    '"',
    '\\',
    "'",
    '%',
    '<',
    '&',
    '🤖',
  ),
  minLength: 1,
  maxLength: 20,
});
export const scopeList = fc.subarray(['analytics:read', 'tickets:read', 'tickets:write']);

export const admin = (tenant: TenantModel) => ({ Authorization: `Bearer ${tenant.adminToken}` });

export async function requestToken(
  real: Real,
  clientId: string,
  secret: string,
  basic: boolean,
): Promise<request.Response> {
  const call = real.http.post('/oauth2/token').type('form');
  return basic
    ? call
        .auth(encodeURIComponent(clientId), encodeURIComponent(secret))
        .send({ grant_type: 'client_credentials' })
    : call.send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
}

/** Admin tokens live an hour by the service's clock: take a new one when the clock has moved on. */
export async function refreshAdminToken(real: Real, tenant: TenantModel): Promise<void> {
  const at = now(real);
  if (at.getTime() - tenant.adminTokenAt.getTime() < 30 * 60_000) return;
  const response = await requestToken(real, tenant.adminClientId, tenant.adminSecret, true);
  expect(response.status).toBe(200);
  tenant.adminToken = response.body.access_token;
  tenant.adminTokenAt = at;
  tenant.jtis.push(decodeJwt(tenant.adminToken).jti as string);
  record(tenant, 'TokenIssued', null, at);
}

export async function registerAgent(
  real: Real,
  tenant: TenantModel,
  text: string,
  scopes: string[],
): Promise<AgentModel> {
  const name = taggedName(tenant, text);
  const response = await real.http.post('/api/agents').set(admin(tenant)).send({ name, scopes });
  expect([response.status, response.body]).toEqual([201, expect.objectContaining({ name })]);
  const at = now(real);
  const agent: AgentModel = {
    agentId: response.body.agent_id,
    clientId: response.body.client_id,
    name,
    names: [name],
    scopes,
    secret: response.body.client_secret,
    oldSecrets: [],
    failedSecrets: 0,
    status: 'active',
    registeredAt: at,
    updatedAt: at,
    deactivatedAt: null,
  };
  tenant.agents.push(agent);
  record(tenant, 'AgentRegistered', agent.agentId, at);
  return agent;
}
