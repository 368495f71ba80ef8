import { db as defaultDb, type Db } from "@/lib/db";
import type { ApiCustomField } from "@/lib/custom-fields/schemas";
import { toApiCustomField } from "@/lib/custom-fields/serialize";

/** Every custom field of the workspace, archived ones included (flagged), oldest first. */
export async function listCustomFields(input: { workspaceId: string }, deps: { db?: Db } = {}): Promise<ApiCustomField[]> {
  const db = deps.db ?? defaultDb();
  const rows = await db.customField.findMany({
    where: { workspaceId: input.workspaceId },
    orderBy: [{ createdAt: "asc" }, { key: "asc" }],
  });
  return rows.map(toApiCustomField);
}
