import type { CustomField } from "@/generated/prisma/client";
import type { ApiCustomField } from "@/lib/custom-fields/schemas";
import { CUSTOM_FIELD_KIND, CUSTOM_FIELD_TYPE } from "@/lib/requests/enums";

export function toApiCustomField(row: CustomField): ApiCustomField {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    kind: CUSTOM_FIELD_KIND.toApi(row.kind),
    type: CUSTOM_FIELD_TYPE.toApi(row.type),
    allowedValues: row.allowedValues,
    description: row.description,
    archived: row.archivedAt != null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
