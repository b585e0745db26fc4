import { removeAgentQuota, setAgentQuota } from '#lib/server/agentQuotaRoutes';

type Params = { params: Promise<{ id: string }> };

export async function PUT(request: Request, { params }: Params) {
  return setAgentQuota(request, (await params).id);
}

export async function DELETE(request: Request, { params }: Params) {
  return removeAgentQuota(request, (await params).id);
}
