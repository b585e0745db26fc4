import { getAgentActivity } from '#lib/server/analyticsRoutes';

export function GET() {
  return getAgentActivity();
}
