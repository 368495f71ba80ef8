import type { Db } from "@/lib/db";
import {
  MESSAGE_COLUMNS,
  MESSAGE_RECORD,
  REQUEST_COLUMNS,
  assembleCreated,
  prepareInsert,
  type InsertInput,
  type InsertOutcome,
} from "@/lib/requests/insert-request";

/**
 * Several creates of ONE workspace as one statement and one commit, each with exactly the outcome
 * insertRequest would give it on its own: lock the workspace row → keep the items whose custom
 * values were validated against the current definitions → claim their idempotency keys → give the
 * items that may proceed consecutive numbers in arrival order → insert the requests, their outbox
 * events (in number order) and their messages.
 *
 * All or nothing: if the statement fails (e.g. an externalId already taken) nothing is written and
 * it throws; the caller then runs the items one by one, so only the item at fault fails. Two items
 * must not share an idempotency key (the caller keeps them in separate batches).
 */
export async function insertRequestBatch(q: Db, workspaceId: string, inputs: InsertInput[]): Promise<InsertOutcome[]> {
  const preps = inputs.map((input) => prepareInsert(input));
  const items = inputs.map((input, ord) => {
    const { c, id, claimId, pending, messageRows } = preps[ord];
    return {
      ord,
      id,
      ver: input.definitionsVersion ?? null,
      now: input.now.toISOString(),
      ck: input.claim?.key ?? null,
      cs: input.claim?.scope ?? null,
      ch: input.claim?.requestHash ?? null,
      cid: claimId,
      cresp: pending,
      ...c,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
      closedAt: c.closedAt?.toISOString() ?? null,
      msgs: messageRows,
    };
  });

  const rows = await q.$queryRaw<{ ord: number; number: number | null; workspace: boolean; current: boolean }[]>`
    WITH w AS (
      SELECT "id", "customFieldsVersion" AS "v" FROM "Workspace" WHERE "id" = ${workspaceId}::uuid FOR UPDATE
    ),
    i AS (
      SELECT x.* FROM jsonb_to_recordset(${JSON.stringify(items)}::jsonb) AS x(
        "ord" int, "id" uuid, "ver" int, "now" timestamptz, "ck" text, "cs" text, "ch" text, "cid" uuid, "cresp" jsonb,
        "externalId" text, "channel" "Channel", "title" text, "summary" text, "messageText" text, "status" "RequestStatus",
        "urgency" "Urgency", "sentiment" "Sentiment", "aiTags" text[], "assigneeName" text, "assigneeEmail" text,
        "requestorName" text, "requestorEmail" text, "requestorPlatformId" text, "requestorCompany" text, "permalink" text,
        "internalNotificationLink" text, "webLink" text, "csatRating" int, "csatComment" text, "closedAt" timestamptz,
        "closedByName" text, "customValues" jsonb, "createdAt" timestamptz, "updatedAt" timestamptz, "msgs" jsonb)
    ),
    iv AS (
      SELECT i.* FROM i, w WHERE i."ver" IS NULL OR i."ver" = w."v"
    ),
    k AS (
      INSERT INTO "IdempotencyKey" ("id", "workspaceId", "key", "scope", "bodyHash", "status", "response", "createdAt")
      SELECT iv."cid", w."id", iv."ck", iv."cs", iv."ch", 201, iv."cresp", iv."now"
      FROM iv, w WHERE iv."ck" IS NOT NULL
      ON CONFLICT ("workspaceId", "scope", "key") DO NOTHING
      RETURNING "id"
    ),
    el AS (
      SELECT iv.*, row_number() OVER (ORDER BY iv."ord") AS "rn"
      FROM iv WHERE iv."ck" IS NULL OR iv."cid" IN (SELECT "id" FROM k)
    ),
    n AS (
      UPDATE "Workspace" SET "nextRequestNumber" = "nextRequestNumber" + (SELECT count(*) FROM el)::int
      WHERE "id" = (SELECT "id" FROM w) AND EXISTS (SELECT 1 FROM el)
      RETURNING "nextRequestNumber" - (SELECT count(*) FROM el)::int AS "base"
    ),
    r AS (
      INSERT INTO "Request" (${REQUEST_COLUMNS})
      SELECT el."id", ${workspaceId}::uuid, (n."base" + el."rn" - 1)::int, el."externalId", el."channel", el."title",
        el."summary", el."messageText", el."status", el."urgency", el."sentiment", el."aiTags", el."assigneeName",
        el."assigneeEmail", el."requestorName", el."requestorEmail", el."requestorPlatformId", el."requestorCompany",
        el."permalink", el."internalNotificationLink", el."webLink", el."csatRating", el."csatComment", el."closedAt",
        el."closedByName", el."customValues", 1, el."createdAt", el."updatedAt", el."now"
      FROM el, n
      RETURNING "id", "workspaceId", "number", "version"
    ),
    e AS (
      INSERT INTO "OutboxEvent" ("workspaceId", "name", "aggregateType", "aggregateId", "payload")
      SELECT r."workspaceId", 'ferry/request.created', 'request', r."id"::text,
        jsonb_build_object('workspaceId', r."workspaceId", 'requestId', r."id", 'number', r."number", 'version', r."version")
      FROM r ORDER BY r."number"
    ),
    m AS (
      INSERT INTO "RequestMessage" (${MESSAGE_COLUMNS})
      SELECT x."id", r."workspaceId", r."id", x."externalId", x."thread", x."authorType", x."authorName",
        x."authorEmail", x."authorPlatformId", x."text", x."attachments", x."sentAt", el."now", el."now"
      FROM r JOIN el ON el."id" = r."id", jsonb_to_recordset(el."msgs") AS x(${MESSAGE_RECORD})
    )
    SELECT i."ord", r."number", EXISTS (SELECT 1 FROM "Workspace" WHERE "id" = ${workspaceId}::uuid) AS "workspace",
      i."id" IN (SELECT "id" FROM iv) AS "current"
    FROM i LEFT JOIN r ON r."id" = i."id"
    ORDER BY i."ord"`;

  return rows.map((row): InsertOutcome => {
    const input = inputs[row.ord];
    if (row.number !== null) return assembleCreated(input, preps[row.ord], row.number);
    if (!row.workspace) throw new Error("Workspace not found."); // the caller retries one by one, which answers 404
    if (!row.current) return "definitions_changed";
    return null; // its idempotency key was taken
  });
}
