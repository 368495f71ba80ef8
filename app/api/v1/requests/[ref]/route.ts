import { apiRoute } from "@/app/api/v1/_lib/handler";
import { getRequest } from "@/lib/requests/get-request";
import type { UpdateRequestInput } from "@/lib/requests/schemas";
import { updateRequest } from "@/lib/requests/update-request";

type Params = { ref: string };

export const GET = apiRoute<Params>({ name: "requests.get" }, async (ctx) => ({
  status: 200,
  body: await getRequest({ workspaceId: ctx.workspaceId, ref: ctx.params.ref }),
}));

export const PATCH = apiRoute<Params>({ name: "requests.update", write: true }, async (ctx) => {
  const data = await ctx.body();
  const { request } = await updateRequest({ workspaceId: ctx.workspaceId, ref: ctx.params.ref, data: data as UpdateRequestInput });
  return { status: 200, body: request };
});
