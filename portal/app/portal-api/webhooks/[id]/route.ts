import type { NextRequest } from 'next/server';
import { deleteWebhook } from '#lib/server/webhookRoutes';

export async function DELETE(
  _request: NextRequest,
  { params }: { params: Promise<{ id: string }> },
) {
  return deleteWebhook((await params).id);
}
