import { randomUUID } from "node:crypto";
import { Prisma, type Request, type RequestMessage } from "@/generated/prisma/client";
import { db as defaultDb, type Db, type Tx } from "@/lib/db";
import { AppError, invalidInput } from "@/lib/errors";
import { safeParseInput } from "@/lib/api/parse-input";
import { loadCustomFieldDefinitions } from "@/lib/custom-fields/load-custom-field-definitions";
import { customValueKeys, validateCustomValues, type CustomValue } from "@/lib/custom-fields/validate-custom-values";
import {
  assertValidClaim,
  readStoredResponse,
  saveStoredResponse,
  type IdempotencyClaim,
  type IdempotentResult,
  type PendingResponse,
} from "@/lib/idempotency/run-idempotent";
import { getRequest } from "@/lib/requests/get-request";
import { columnsForCreate, messageColumns, type RequestColumns } from "@/lib/requests/map-input";
import { ZCreateRequestInput, type ApiRequest, type CreateRequestInput, type ParsedCreateRequest } from "@/lib/requests/schemas";
import { toApiRequest } from "@/lib/requests/serialize";

export const CREATE_REQUEST_SCOPE = "POST /api/v1/requests";

/**
 * Creates a request (with its initial messages, if any) and its `ferry/request.created` outbox
 * event. Answers 400 naming every field at fault (custom values included), 409 when the externalId
 * is taken, and replays the stored response for a repeated Idempotency-Key.
 *
 * The per-workspace number comes from `UPDATE "Workspace" … RETURNING` in the same transaction as
 * the inserts, so numbers have no gaps or duplicates (a failed create rolls the counter back). That
 * counter row is locked until commit, so every create of a workspace waits for the one before it:
 * the whole create is ONE SQL statement (insertRequest) so that the lock is held only while
 * PostgreSQL executes and commits it, never across round trips to a busy Node process.
 */
export async function createRequest(
  input: { workspaceId: string; data: CreateRequestInput; idempotency?: IdempotencyClaim | null },
  deps: { db?: Db; now?: () => Date } = {},
): Promise<IdempotentResult<ApiRequest>> {
  const db = deps.db ?? defaultDb();
  const now = deps.now ?? (() => new Date());
  const claim = input.idempotency ?? null;
  if (claim) assertValidClaim(claim);
  const { parsed, customValues } = await parseCreateRequest(db, input.workspaceId, input.data);

  const rebuild = (pending: PendingResponse["$pending"]) => getRequest({ workspaceId: input.workspaceId, ref: pending.requestId }, { db });
  for (let attempt = 0; attempt < 2; attempt++) {
    const created = await insertRequest(db, { workspaceId: input.workspaceId, parsed, customValues, now: now(), claim });
    if (created) {
      const body = toApiRequest(created.request, created.messages);
      if (claim) await saveStoredResponse(db, input.workspaceId, claim, body);
      return { status: 201, body, replayed: false };
    }
    // The key was taken: replay its response (or claim it afresh if it had expired).
    const stored = await readStoredResponse(db, { workspaceId: input.workspaceId, claim: claim!, now, rebuild });
    if (stored) return stored;
  }
  throw new AppError("conflict", "Another request with this Idempotency-Key is in progress; retry shortly.");
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

const ts = (d: Date | null) => (d ? Prisma.sql`${d.toISOString()}::timestamptz` : Prisma.sql`NULL::timestamptz`);

/**
 * The create as one statement: [claim the idempotency key →] take the workspace's next number →
 * insert the request, its outbox event and its messages. Returns null (and writes nothing) when
 * the idempotency key is already taken. Usable inside a transaction too (pass the `tx`).
 */
export async function insertRequest(
  q: Db | Tx,
  input: {
    workspaceId: string;
    parsed: ParsedCreateRequest;
    customValues: Record<string, CustomValue | null>;
    now: Date;
    claim?: IdempotencyClaim | null;
  },
): Promise<{ request: Request; messages: RequestMessage[] } | null> {
  const { workspaceId, parsed, now, claim } = input;
  const c: RequestColumns = columnsForCreate(parsed, input.customValues, now);
  const id = randomUUID();
  const messages: RequestMessage[] = parsed.messages.map((m) => {
    const cols = messageColumns(m, c.createdAt);
    return { ...cols, id: randomUUID(), workspaceId, requestId: id, editedAt: null, deletedAt: null, createdAt: now, updatedAt: now };
  });
  const pending: PendingResponse = { $pending: { requestId: id } };

  const claimCte = claim
    ? Prisma.sql`k AS (
        INSERT INTO "IdempotencyKey" ("id", "workspaceId", "key", "scope", "bodyHash", "status", "response", "createdAt")
        VALUES (${randomUUID()}::uuid, ${workspaceId}::uuid, ${claim.key}, ${claim.scope}, ${claim.requestHash}, 201,
                ${JSON.stringify(pending)}::jsonb, ${ts(now)})
        ON CONFLICT ("workspaceId", "scope", "key") DO NOTHING
        RETURNING 1
      ),`
    : Prisma.empty;
  const onlyIfClaimed = claim ? Prisma.sql`AND EXISTS (SELECT 1 FROM k)` : Prisma.empty;
  const messageJson = JSON.stringify(
    messages.map((m) => ({ ...m, sentAt: m.sentAt.toISOString(), createdAt: undefined, updatedAt: undefined })),
  );

  let rows: Request[];
  try {
    rows = await q.$queryRaw<Request[]>`
      WITH ${claimCte}
      n AS (
        UPDATE "Workspace" SET "nextRequestNumber" = "nextRequestNumber" + 1
        WHERE "id" = ${workspaceId}::uuid ${onlyIfClaimed}
        RETURNING "nextRequestNumber" - 1 AS "number"
      ),
      r AS (
        INSERT INTO "Request" (
          "id", "workspaceId", "number", "externalId", "channel", "title", "summary", "messageText", "status",
          "urgency", "sentiment", "aiTags", "assigneeName", "assigneeEmail", "requestorName", "requestorEmail",
          "requestorPlatformId", "requestorCompany", "permalink", "internalNotificationLink", "webLink",
          "csatRating", "csatComment", "closedAt", "closedByName", "customValues", "version",
          "createdAt", "updatedAt", "receivedAt")
        SELECT ${id}::uuid, ${workspaceId}::uuid, n."number", ${c.externalId}, ${c.channel}::"Channel", ${c.title},
          ${c.summary}, ${c.messageText}, ${c.status}::"RequestStatus", ${c.urgency}::"Urgency",
          ${c.sentiment}::"Sentiment", ${c.aiTags}::text[], ${c.assigneeName}, ${c.assigneeEmail}, ${c.requestorName},
          ${c.requestorEmail}, ${c.requestorPlatformId}, ${c.requestorCompany}, ${c.permalink},
          ${c.internalNotificationLink}, ${c.webLink}, ${c.csatRating}::int, ${c.csatComment}, ${ts(c.closedAt)},
          ${c.closedByName}, ${JSON.stringify(c.customValues)}::jsonb, 1, ${ts(c.createdAt)}, ${ts(c.updatedAt)}, ${ts(now)}
        FROM n
        RETURNING *
      ),
      e AS (
        INSERT INTO "OutboxEvent" ("workspaceId", "name", "aggregateType", "aggregateId", "payload")
        SELECT r."workspaceId", 'ferry/request.created', 'request', r."id"::text,
          jsonb_build_object('workspaceId', r."workspaceId", 'requestId', r."id", 'number', r."number", 'version', r."version")
        FROM r
      ),
      m AS (
        INSERT INTO "RequestMessage" (
          "id", "workspaceId", "requestId", "externalId", "thread", "authorType", "authorName", "authorEmail",
          "authorPlatformId", "text", "attachments", "sentAt", "createdAt", "updatedAt")
        SELECT x."id", r."workspaceId", r."id", x."externalId", x."thread", x."authorType", x."authorName",
          x."authorEmail", x."authorPlatformId", x."text", x."attachments", x."sentAt", ${ts(now)}, ${ts(now)}
        FROM r, jsonb_to_recordset(${messageJson}::jsonb) AS x(
          "id" uuid, "externalId" text, "thread" "Thread", "authorType" "AuthorType", "authorName" text,
          "authorEmail" text, "authorPlatformId" text, "text" text, "attachments" jsonb, "sentAt" timestamptz)
      )
      SELECT * FROM r`;
  } catch (err) {
    if (uniqueIndexOf(err) === "Request_workspaceId_externalId_key") {
      throw new AppError("conflict", "A request with this externalId already exists in this workspace.", {
        externalId: ["Already used by another request. Update that request instead, or use another externalId."],
      });
    }
    throw err;
  }
  if (rows.length === 0) {
    if (claim) return null;
    throw new AppError("not_found", "Workspace not found.");
  }
  return { request: rows[0], messages };
}

/** The unique index a raw statement violated, if that is why it failed. */
function uniqueIndexOf(err: unknown): string | null {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { kind?: string; constraint?: { index?: string } } } } })?.meta
    ?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation" ? (cause.constraint?.index ?? null) : null;
}
