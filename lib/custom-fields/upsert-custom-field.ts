import { db as defaultDb, type Db, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/errors";
import { parseInput } from "@/lib/api/parse-input";
import { recordEvent } from "@/lib/outbox/record-event";
import { CUSTOM_FIELD_KIND, CUSTOM_FIELD_TYPE } from "@/lib/requests/enums";
import { ZCustomFieldKey } from "@/lib/requests/schemas";
import { WRITE_TX } from "@/lib/requests/write-transaction";
import { ZUpsertCustomFieldInput, type ApiCustomField, type UpsertCustomFieldInput } from "@/lib/custom-fields/schemas";
import { toApiCustomField } from "@/lib/custom-fields/serialize";
import { z } from "zod";

export type UpsertCustomFieldResult = { field: ApiCustomField; created: boolean; changed: boolean };

const ZKeyed = z.object({ key: ZCustomFieldKey });

/**
 * Creates the custom field `key` or replaces its definition. A definition identical to the stored
 * one writes nothing and emits nothing; otherwise `ferry/custom-field.upserted` is recorded in the
 * same transaction. Values already stored on requests are left as they are.
 */
export async function upsertCustomField(
  input: { workspaceId: string; key: string; data: UpsertCustomFieldInput },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<UpsertCustomFieldResult> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const { key } = parseInput(ZKeyed, { key: input.key });
  const parsed = parseInput(ZUpsertCustomFieldInput, input.data);
  const wanted = {
    name: parsed.name,
    kind: CUSTOM_FIELD_KIND.toDb(parsed.kind),
    type: CUSTOM_FIELD_TYPE.toDb(parsed.type),
    allowedValues: parsed.allowedValues,
    description: parsed.description ?? null,
  };

  const recordUpserted = (tx: Tx, customFieldId: string, change: "created" | "updated") =>
    recordEvent(tx, {
      name: "ferry/custom-field.upserted",
      payload: { workspaceId: input.workspaceId, customFieldId, key, change },
      aggregateType: "custom_field",
      aggregateId: customFieldId,
    });

  const attempt = () =>
    db.$transaction(async (tx) => {
      const existing = await tx.customField.findUnique({ where: { workspaceId_key: { workspaceId: input.workspaceId, key } } });
      if (!existing) {
        const row = await tx.customField.create({
          data: { workspaceId: input.workspaceId, key, ...wanted, archivedAt: parsed.archived ? now() : null },
        });
        await recordUpserted(tx, row.id, "created");
        return { field: toApiCustomField(row), created: true, changed: true };
      }
      const same =
        existing.name === wanted.name &&
        existing.kind === wanted.kind &&
        existing.type === wanted.type &&
        existing.description === wanted.description &&
        existing.allowedValues.length === wanted.allowedValues.length &&
        existing.allowedValues.every((v, i) => v === wanted.allowedValues[i]) &&
        (existing.archivedAt != null) === parsed.archived;
      if (same) return { field: toApiCustomField(existing), created: false, changed: false };
      const row = await tx.customField.update({
        where: { id: existing.id },
        data: { ...wanted, archivedAt: parsed.archived ? (existing.archivedAt ?? now()) : null },
      });
      await recordUpserted(tx, row.id, "updated");
      return { field: toApiCustomField(row), created: false, changed: true };
    }, WRITE_TX);

  try {
    return await attempt();
  } catch (err) {
    // Two first-time upserts of one key raced: the loser now finds the row and updates it.
    if (isUniqueViolation(err)) return attempt();
    throw err;
  }
}
