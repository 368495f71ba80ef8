import type { Tx } from "@/lib/db";

/**
 * Locks the workspace row for the rest of the transaction and returns how many owners it has, so
 * two concurrent demotions or removals cannot both pass the "last owner" check.
 */
export async function lockWorkspaceOwners(tx: Tx, workspaceId: string): Promise<number> {
  await tx.$queryRaw`SELECT id FROM "Workspace" WHERE id = ${workspaceId}::uuid FOR UPDATE`;
  return tx.membership.count({ where: { workspaceId, role: "OWNER" } });
}
