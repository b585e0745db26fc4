import type { NextRequest } from 'next/server';
import { createWebhook, listWebhooks } from '#lib/server/webhookRoutes';

export function GET() {
  return listWebhooks();
}

export function POST(request: NextRequest) {
  return createWebhook(request);
}
