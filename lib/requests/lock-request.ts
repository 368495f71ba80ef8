import type { Request } from "@/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { parseRequestRef, requestWhereSql } from "@/lib/requests/request-ref";

/**
 * Finds a request of the workspace by any ref and locks its row until the transaction ends, so
 * concurrent changes to one request (and their version numbers) are applied one after another.
 * A ref that names nothing in this workspace is "not found", whatever other workspaces hold.
 */
export async function lockRequest(tx: Tx, workspaceId: string, ref: string): Promise<Request> {
  const parsed = parseRequestRef(ref);
  if (!parsed) throw notFound("Request not found.");
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Request" WHERE ${requestWhereSql(workspaceId, parsed)} FOR UPDATE`;
  if (rows.length === 0) throw notFound("Request not found.");
  return tx.request.findUniqueOrThrow({ where: { id: rows[0].id } });
}
