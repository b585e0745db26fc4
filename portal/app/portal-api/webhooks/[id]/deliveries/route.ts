import type { NextRequest } from 'next/server';
import { listDeliveries } from '#lib/server/webhookRoutes';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }) {
  return listDeliveries((await params).id, request);
}
