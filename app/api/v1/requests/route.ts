import { apiRoute, replayHeaders } from "@/app/api/v1/_lib/handler";
import { CREATE_REQUEST_SCOPE, createRequest } from "@/lib/requests/create-request";
import { listRequestsApi } from "@/lib/requests/list-requests-api";
import type { CreateRequestInput } from "@/lib/requests/schemas";

export const POST = apiRoute({ name: "requests.create", write: true }, async (ctx) => {
  const data = await ctx.body();
  const result = await createRequest({
    workspaceId: ctx.workspaceId,
    data: data as CreateRequestInput,
    idempotency: ctx.idempotency(CREATE_REQUEST_SCOPE, data),
  });
  return { status: result.status, body: result.body, headers: { location: `/api/v1/requests/${result.body.id}`, ...replayHeaders(result.replayed) } };
});

export const GET = apiRoute({ name: "requests.list" }, async (ctx) => {
  const page = await listRequestsApi({ workspaceId: ctx.workspaceId, query: Object.fromEntries(ctx.url.searchParams) });
  return { status: 200, body: page };
});
