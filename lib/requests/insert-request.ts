import { randomUUID } from "node:crypto";
import { Prisma, type Request, type RequestMessage } from "@/generated/prisma/client";
import type { Db, Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CustomValue } from "@/lib/custom-fields/validate-custom-values";
import type { IdempotencyClaim, PendingResponse } from "@/lib/idempotency/run-idempotent";
import { columnsForCreate, messageColumns, type RequestColumns } from "@/lib/requests/map-input";
import type { ParsedCreateRequest } from "@/lib/requests/schemas";

/** Column lists shared by insertRequest and insertRequestBatch (one text per statement, so prepared once). */
export const REQUEST_COLUMNS = Prisma.raw(
  `"id", "workspaceId", "number", "externalId", "channel", "title", "summary", "messageText", "status", "urgency", ` +
    `"sentiment", "aiTags", "assigneeName", "assigneeEmail", "requestorName", "requestorEmail", "requestorPlatformId", ` +
    `"requestorCompany", "permalink", "internalNotificationLink", "webLink", "csatRating", "csatComment", "closedAt", ` +
    `"closedByName", "customValues", "version", "createdAt", "updatedAt", "receivedAt"`,
);
export const MESSAGE_COLUMNS = Prisma.raw(
  `"id", "workspaceId", "requestId", "externalId", "thread", "authorType", "authorName", "authorEmail", ` +
    `"authorPlatformId", "text", "attachments", "sentAt", "createdAt", "updatedAt"`,
);
/** The shape of one message in the JSON the statements read with jsonb_to_recordset. */
export const MESSAGE_RECORD = Prisma.raw(
  `"id" uuid, "externalId" text, "thread" "Thread", "authorType" "AuthorType", "authorName" text, ` +
    `"authorEmail" text, "authorPlatformId" text, "text" text, "attachments" jsonb, "sentAt" timestamptz`,
);

const ts = (d: Date | null) => (d ? Prisma.sql`${d.toISOString()}::timestamptz` : Prisma.sql`NULL::timestamptz`);

/** A Request's customValues as PostgreSQL's jsonb gives them back (shorter keys first, then by bytes). */
function jsonbOrder(values: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(values).sort((a, b) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return Object.fromEntries(keys.map((k) => [k, values[k]]));
}

export type InsertOutcome = { request: Request; messages: RequestMessage[] } | null | "definitions_changed";

export type InsertInput = {
  workspaceId: string;
  parsed: ParsedCreateRequest;
  customValues: Record<string, CustomValue | null>;
  /** The custom-field definitions' version the values were validated against (null: none given). */
  definitionsVersion?: number | null;
  now: Date;
  claim?: IdempotencyClaim | null;
};

/** Everything a create writes except its number, computed before the statement (also used by insertRequestBatch). */
export function prepareInsert(input: InsertInput) {
  const { workspaceId, parsed, now } = input;
  const c: RequestColumns = columnsForCreate(parsed, input.customValues, now);
  const id = randomUUID();
  const messages: RequestMessage[] = parsed.messages.map((m) => {
    const cols = messageColumns(m, c.createdAt);
    return { ...cols, id: randomUUID(), workspaceId, requestId: id, editedAt: null, deletedAt: null, createdAt: now, updatedAt: now };
  });
  const pending: PendingResponse = { $pending: { requestId: id } };
  const messageRows = messages.map((m) => ({ ...m, sentAt: m.sentAt.toISOString(), createdAt: undefined, updatedAt: undefined }));
  return { id, c, messages, pending, messageRows, claimId: randomUUID() };
}

/** The created request as the database now holds it, from what was written and the number it got. */
export function assembleCreated(input: InsertInput, prep: ReturnType<typeof prepareInsert>, number: number) {
  const request: Request = {
    ...prep.c,
    customValues: jsonbOrder(prep.c.customValues) as Request["customValues"],
    id: prep.id,
    workspaceId: input.workspaceId,
    number,
    version: 1,
    receivedAt: input.now,
  };
  return { request, messages: prep.messages };
}

/**
 * The create as one statement: lock the workspace row [only while its custom fields are still at
 * `definitionsVersion`] → [claim the idempotency key →] take the next number → insert the request,
 * its outbox event and its messages. Writes nothing and returns null when the idempotency key is
 * taken, or "definitions_changed" when the custom fields changed since they were validated.
 * Only the number comes back from the database; the row is assembled from what was written.
 * Usable inside a transaction too (pass the `tx`).
 */
export async function insertRequest(q: Db | Tx, input: InsertInput): Promise<InsertOutcome> {
  const { workspaceId, now, claim } = input;
  const version = input.definitionsVersion ?? null;
  const prep = prepareInsert(input);
  const { id, c, pending } = prep;

  // FOR UPDATE re-reads the row after waiting for a concurrent writer, so a version bumped by a
  // custom-field change that committed meanwhile is seen here (and nothing is written).
  const versionGuard = version === null ? Prisma.empty : Prisma.sql`AND "customFieldsVersion" = ${version}::int`;
  const claimCte = claim
    ? Prisma.sql`k AS (
        INSERT INTO "IdempotencyKey" ("id", "workspaceId", "key", "scope", "bodyHash", "status", "response", "createdAt")
        SELECT ${prep.claimId}::uuid, w."id", ${claim.key}, ${claim.scope}, ${claim.requestHash}, 201,
               ${JSON.stringify(pending)}::jsonb, ${ts(now)}
        FROM w
        ON CONFLICT ("workspaceId", "scope", "key") DO NOTHING
        RETURNING 1
      ),`
    : Prisma.empty;
  const onlyIfClaimed = claim ? Prisma.sql`AND EXISTS (SELECT 1 FROM k)` : Prisma.empty;
  const messageJson = JSON.stringify(prep.messageRows);

  let rows: { number: number | null; why: "key_taken" | "no_workspace" | null }[];
  try {
    rows = await q.$queryRaw`
      WITH w AS (
        SELECT "id" FROM "Workspace" WHERE "id" = ${workspaceId}::uuid ${versionGuard} FOR UPDATE
      ),
      ${claimCte}
      n AS (
        UPDATE "Workspace" SET "nextRequestNumber" = "nextRequestNumber" + 1
        WHERE "id" = (SELECT "id" FROM w) ${onlyIfClaimed}
        RETURNING "nextRequestNumber" - 1 AS "number"
      ),
      r AS (
        INSERT INTO "Request" (${REQUEST_COLUMNS})
        SELECT ${id}::uuid, ${workspaceId}::uuid, n."number", ${c.externalId}, ${c.channel}::"Channel", ${c.title},
          ${c.summary}, ${c.messageText}, ${c.status}::"RequestStatus", ${c.urgency}::"Urgency",
          ${c.sentiment}::"Sentiment", ${c.aiTags}::text[], ${c.assigneeName}, ${c.assigneeEmail}, ${c.requestorName},
          ${c.requestorEmail}, ${c.requestorPlatformId}, ${c.requestorCompany}, ${c.permalink},
          ${c.internalNotificationLink}, ${c.webLink}, ${c.csatRating}::int, ${c.csatComment}, ${ts(c.closedAt)},
          ${c.closedByName}, ${JSON.stringify(c.customValues)}::jsonb, 1, ${ts(c.createdAt)}, ${ts(c.updatedAt)}, ${ts(now)}
        FROM n
        RETURNING "id", "workspaceId", "number", "version"
      ),
      e AS (
        INSERT INTO "OutboxEvent" ("workspaceId", "name", "aggregateType", "aggregateId", "payload")
        SELECT r."workspaceId", 'ferry/request.created', 'request', r."id"::text,
          jsonb_build_object('workspaceId', r."workspaceId", 'requestId', r."id", 'number', r."number", 'version', r."version")
        FROM r
      ),
      m AS (
        INSERT INTO "RequestMessage" (${MESSAGE_COLUMNS})
        SELECT x."id", r."workspaceId", r."id", x."externalId", x."thread", x."authorType", x."authorName",
          x."authorEmail", x."authorPlatformId", x."text", x."attachments", x."sentAt", ${ts(now)}, ${ts(now)}
        FROM r, jsonb_to_recordset(${messageJson}::jsonb) AS x(${MESSAGE_RECORD})
      )
      SELECT r."number", NULL::text AS "why" FROM r
      UNION ALL
      SELECT NULL, CASE WHEN EXISTS (SELECT 1 FROM w) THEN 'key_taken' ELSE 'no_workspace' END
      WHERE NOT EXISTS (SELECT 1 FROM r)`;
  } catch (err) {
    if (uniqueIndexOf(err) === "Request_workspaceId_externalId_key") {
      throw new AppError("conflict", "A request with this externalId already exists in this workspace.", {
        externalId: ["Already used by another request. Update that request instead, or use another externalId."],
      });
    }
    throw err;
  }
  const [row] = rows;
  if (row?.number == null) {
    if (row?.why === "key_taken") return null;
    if (version !== null) return "definitions_changed";
    throw new AppError("not_found", "Workspace not found.");
  }
  return assembleCreated(input, prep, row.number);
}

/** The unique index a raw statement violated, if that is why it failed. */
export function uniqueIndexOf(err: unknown): string | null {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { kind?: string; constraint?: { index?: string } } } } })?.meta
    ?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation" ? (cause.constraint?.index ?? null) : null;
}
