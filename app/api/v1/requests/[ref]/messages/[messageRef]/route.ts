import { apiRoute } from "@/app/api/v1/_lib/handler";
import { deleteMessage } from "@/lib/requests/delete-message";
import { editMessage } from "@/lib/requests/edit-message";
import type { EditMessageInput } from "@/lib/requests/schemas";

type Params = { ref: string; messageRef: string };

export const PATCH = apiRoute<Params>({ name: "messages.edit", write: true }, async (ctx) => {
  const data = await ctx.body();
  const { message } = await editMessage({
    workspaceId: ctx.workspaceId,
    ref: ctx.params.ref,
    messageRef: ctx.params.messageRef,
    data: data as EditMessageInput,
  });
  return { status: 200, body: message };
});

export const DELETE = apiRoute<Params>({ name: "messages.delete", write: true }, async (ctx) => {
  const { message } = await deleteMessage({ workspaceId: ctx.workspaceId, ref: ctx.params.ref, messageRef: ctx.params.messageRef });
  return { status: 200, body: message };
});
