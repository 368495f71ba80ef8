import { db as defaultDb, type Db } from "@/lib/db";
import { AppError, invalidInput, isUniqueViolation } from "@/lib/errors";
import { safeParseInput } from "@/lib/api/parse-input";
import { loadCustomFieldDefinitions } from "@/lib/custom-fields/load-custom-field-definitions";
import { customValueKeys, validateCustomValues } from "@/lib/custom-fields/validate-custom-values";
import { recordEvent } from "@/lib/outbox/record-event";
import { lockRequest } from "@/lib/requests/lock-request";
import { applyUpdate, columnsFromRow } from "@/lib/requests/map-input";
import { ZUpdateRequestInput, type ApiRequest, type UpdateRequestInput } from "@/lib/requests/schemas";
import { toApiRequest } from "@/lib/requests/serialize";
import { WRITE_TX } from "@/lib/requests/write-transaction";

export type UpdateRequestResult = { request: ApiRequest; changed: string[] };

/**
 * Partially updates a request. Only what actually changes is written; a no-op update writes
 * nothing and emits nothing. Otherwise the version goes up by one and `ferry/request.updated`
 * (with the changed field names) is recorded in the same transaction. Setting status to closed sets
 * closedAt unless given; reopening clears closedAt and closedBy unless given.
 */
export async function updateRequest(
  input: { workspaceId: string; ref: string; data: UpdateRequestInput },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<UpdateRequestResult> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());

  const result = safeParseInput(ZUpdateRequestInput, input.data);
  const raw = input.data && typeof input.data === "object" ? (input.data as { customFields?: unknown }).customFields : undefined;
  const definitions = await loadCustomFieldDefinitions(db, input.workspaceId, customValueKeys(raw));
  const custom = validateCustomValues(definitions, raw);
  if (!result.ok || custom.issues.length) throw invalidInput([...result.issues, ...custom.issues]);
  const patch = result.data;

  try {
    return await db.$transaction(async (tx) => {
      const current = await lockRequest(tx, input.workspaceId, input.ref);
      const { next, changed } = applyUpdate(columnsFromRow(current), patch, custom.values, now());
      if (changed.length === 0) {
        const messages = await tx.requestMessage.findMany({ where: { requestId: current.id, deletedAt: null } });
        return { request: toApiRequest(current, messages), changed };
      }
      const row = await tx.request.update({
        where: { id: current.id },
        data: { ...next, version: { increment: 1 } },
      });
      await recordEvent(tx, {
        name: "ferry/request.updated",
        payload: { workspaceId: input.workspaceId, requestId: row.id, number: row.number, version: row.version, changed },
        aggregateType: "request",
        aggregateId: row.id,
      });
      const messages = await tx.requestMessage.findMany({ where: { requestId: row.id, deletedAt: null } });
      return { request: toApiRequest(row, messages), changed };
    }, WRITE_TX);
  } catch (err) {
    if (isUniqueViolation(err, "externalId")) {
      throw new AppError("conflict", "Another request in this workspace already has this externalId.", {
        externalId: ["Already used by another request."],
      });
    }
    throw err;
  }
}
