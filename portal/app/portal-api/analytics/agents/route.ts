import { getAgentUsage } from '#lib/server/analyticsRoutes';

export function GET() {
  return getAgentUsage();
}
