import { db as defaultDb, type Db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { parseRequestRef, requestWhere } from "@/lib/requests/request-ref";
import type { ApiRequest } from "@/lib/requests/schemas";
import { toApiRequest } from "@/lib/requests/serialize";

/**
 * One request of the workspace with its (non-deleted) messages, by Ferry id, number ("135") or
 * "ext:<externalId>". Always scoped to the workspace: another workspace's request is not found.
 */
export async function getRequest(input: { workspaceId: string; ref: string }, deps: { db?: Db } = {}): Promise<ApiRequest> {
  const db = deps.db ?? defaultDb();
  const ref = parseRequestRef(input.ref);
  if (!ref) throw notFound("Request not found.");
  const row = await db.request.findFirst({
    where: requestWhere(input.workspaceId, ref),
    include: { messages: { where: { deletedAt: null }, orderBy: [{ sentAt: "asc" }, { id: "asc" }] } },
  });
  if (!row) throw notFound("Request not found.");
  const { messages, ...request } = row;
  return toApiRequest(request, messages);
}
