import { expect } from '@jest/globals';
import type request from 'supertest';

export interface RegisteredAgent {
  agent_id: string;
  client_id: string;
  client_secret: string;
}

/** Registers an agent through `POST /api/agents` as the tenant admin; expects a 201. */
export async function registerAgent(
  http: ReturnType<typeof request>,
  adminToken: string,
  name: string,
  scopes: string[] = ['tickets:read'],
): Promise<RegisteredAgent> {
  const response = await http
    .post('/api/agents')
    .auth(adminToken, { type: 'bearer' })
    .send({ name, scopes });
  expect(response.status).toBe(201);
  return response.body as RegisteredAgent;
}
