import { apiRoute } from "@/app/api/v1/_lib/handler";
import type { UpsertCustomFieldInput } from "@/lib/custom-fields/schemas";
import { upsertCustomField } from "@/lib/custom-fields/upsert-custom-field";

type Params = { key: string };

export const PUT = apiRoute<Params>({ name: "custom-fields.upsert", write: true }, async (ctx) => {
  const data = await ctx.body();
  const result = await upsertCustomField({ workspaceId: ctx.workspaceId, key: ctx.params.key, data: data as UpsertCustomFieldInput });
  return { status: result.created ? 201 : 200, body: result.field };
});
