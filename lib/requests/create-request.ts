import { randomUUID } from "node:crypto";
import type { Prisma } from "@/generated/prisma/client";
import { db as defaultDb, type Db, type Tx } from "@/lib/db";
import { AppError, invalidInput, isUniqueViolation } from "@/lib/errors";
import { safeParseInput } from "@/lib/api/parse-input";
import { loadCustomFieldDefinitions } from "@/lib/custom-fields/load-custom-field-definitions";
import { customValueKeys, validateCustomValues, type CustomValue } from "@/lib/custom-fields/validate-custom-values";
import { runIdempotent, type IdempotencyClaim, type IdempotentResult } from "@/lib/idempotency/run-idempotent";
import { recordEvent } from "@/lib/outbox/record-event";
import { columnsForCreate, messageColumns } from "@/lib/requests/map-input";
import { ZCreateRequestInput, type ApiRequest, type CreateRequestInput, type ParsedCreateRequest } from "@/lib/requests/schemas";
import { toApiRequest } from "@/lib/requests/serialize";
import { WRITE_TX } from "@/lib/requests/write-transaction";

export const CREATE_REQUEST_SCOPE = "POST /api/v1/requests";

/**
 * Creates a request (with its initial messages, if any) and records `ferry/request.created` in the
 * same transaction. The per-workspace number comes from an atomic increment of the workspace's
 * counter in that transaction, so numbers have no gaps or duplicates: a failed create rolls the
 * counter back too. Answers 400 naming every field at fault (custom values included), 409 when the
 * externalId is taken, and replays the stored response for a repeated Idempotency-Key.
 */
export async function createRequest(
  input: { workspaceId: string; data: CreateRequestInput; idempotency?: IdempotencyClaim | null },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<IdempotentResult<ApiRequest>> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const { parsed, customValues } = await parseCreateRequest(db, input.workspaceId, input.data);
  return runIdempotent(db, { workspaceId: input.workspaceId, claim: input.idempotency, status: 201, now, txOptions: WRITE_TX }, (tx) =>
    createRequestInTx(tx, { workspaceId: input.workspaceId, parsed, customValues, now: now() }),
  );
}

/** zod plus the workspace's custom-field definitions, reported together. */
export async function parseCreateRequest(db: Db | Tx, workspaceId: string, data: unknown) {
  const result = safeParseInput(ZCreateRequestInput, data);
  const raw = data && typeof data === "object" ? (data as { customFields?: unknown }).customFields : undefined;
  const definitions = await loadCustomFieldDefinitions(db, workspaceId, customValueKeys(raw));
  const custom = validateCustomValues(definitions, raw);
  if (!result.ok || custom.issues.length) throw invalidInput([...result.issues, ...custom.issues]);
  return { parsed: result.data, customValues: custom.values };
}

/** The transactional part, for callers that compose it with other writes (bulk imports later). */
export async function createRequestInTx(
  tx: Tx,
  input: { workspaceId: string; parsed: ParsedCreateRequest; customValues: Record<string, CustomValue | null>; now: Date },
): Promise<ApiRequest> {
  const { workspaceId, parsed, now } = input;
  const columns = columnsForCreate(parsed, input.customValues, now);
  const [allocated] = await tx.$queryRaw<{ number: number }[]>`
    UPDATE "Workspace" SET "nextRequestNumber" = "nextRequestNumber" + 1
    WHERE "id" = ${workspaceId}::uuid
    RETURNING "nextRequestNumber" - 1 AS "number"`;
  if (!allocated) throw new AppError("not_found", "Workspace not found.");

  const id = randomUUID();
  let row;
  try {
    row = await tx.request.create({
      data: { ...columns, id, workspaceId, number: allocated.number, version: 1, receivedAt: now },
    });
  } catch (err) {
    if (isUniqueViolation(err, "externalId")) {
      throw new AppError("conflict", "A request with this externalId already exists in this workspace.", {
        externalId: ["Already used by another request. Update that request instead, or use another externalId."],
      });
    }
    throw err;
  }

  const messages = parsed.messages.length
    ? await tx.requestMessage.createManyAndReturn({
        data: parsed.messages.map((m) => {
          const { attachments, ...rest } = messageColumns(m, columns.createdAt);
          return { ...rest, attachments: attachments as Prisma.InputJsonValue, id: randomUUID(), workspaceId, requestId: id };
        }),
      })
    : [];

  await recordEvent(tx, {
    name: "ferry/request.created",
    payload: { workspaceId, requestId: id, number: row.number, version: row.version },
    aggregateType: "request",
    aggregateId: id,
  });
  return toApiRequest(row, messages);
}
