import { apiRoute, replayHeaders } from "@/app/api/v1/_lib/handler";
import { addMessage, addMessageScope } from "@/lib/requests/add-message";
import type { AddMessageInput } from "@/lib/requests/schemas";

type Params = { ref: string };

export const POST = apiRoute<Params>({ name: "messages.add", write: true }, async (ctx) => {
  const data = await ctx.body();
  const result = await addMessage({
    workspaceId: ctx.workspaceId,
    ref: ctx.params.ref,
    data: data as AddMessageInput,
    idempotency: ctx.idempotency(addMessageScope(ctx.params.ref), data),
  });
  return { status: result.status, body: result.body, headers: replayHeaders(result.replayed) };
});
