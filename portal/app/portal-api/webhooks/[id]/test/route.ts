import type { NextRequest } from 'next/server';
import { sendTestWebhook } from '#lib/server/webhookRoutes';

export async function POST(_request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return sendTestWebhook((await params).id);
}
