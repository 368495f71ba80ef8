import type { Db, Tx } from "@/lib/db";
import type { CustomFieldDefinition } from "@/lib/custom-fields/validate-custom-values";

/** The definitions of the given keys in one workspace (none queried when no keys). */
export async function loadCustomFieldDefinitions(db: Db | Tx, workspaceId: string, keys: string[]): Promise<CustomFieldDefinition[]> {
  if (keys.length === 0) return [];
  return db.customField.findMany({
    where: { workspaceId, key: { in: keys } },
    select: { key: true, name: true, type: true, allowedValues: true, archivedAt: true },
  });
}
