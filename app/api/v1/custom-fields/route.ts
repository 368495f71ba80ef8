import { apiRoute } from "@/app/api/v1/_lib/handler";
import { listCustomFields } from "@/lib/custom-fields/list-custom-fields";

export const GET = apiRoute({ name: "custom-fields.list" }, async (ctx) => ({
  status: 200,
  body: { data: await listCustomFields({ workspaceId: ctx.workspaceId }) },
}));
