import { randomUUID } from "node:crypto";
import { Prisma, type Request, type RequestMessage } from "@/generated/prisma/client";
import { db as defaultDb, type Db, type Tx } from "@/lib/db";
import { AppError, invalidInput } from "@/lib/errors";
import { safeParseInput } from "@/lib/api/parse-input";
import { cachedDefinitionSet, forgetDefinitionSet, loadDefinitionSet } from "@/lib/custom-fields/definitions-cache";
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
  let parsedInput = await parseCreateRequest(db, input.workspaceId, input.data);

  const rebuild = (pending: PendingResponse["$pending"]) => getRequest({ workspaceId: input.workspaceId, ref: pending.requestId }, { db });
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await insertRequest(db, { workspaceId: input.workspaceId, ...parsedInput, now: now(), claim });
    if (outcome === "definitions_changed") {
      // The custom fields changed since the cached copy was read: validate against the current ones.
      forgetDefinitionSet(input.workspaceId);
      parsedInput = await parseCreateRequest(db, input.workspaceId, input.data, { fresh: true });
      continue;
    }
    if (outcome) {
      const body = toApiRequest(outcome.request, outcome.messages);
      if (claim) await saveStoredResponse(db, input.workspaceId, claim, body);
      return { status: 201, body, replayed: false };
    }
    // The key was taken: replay its response (or claim it afresh if it had expired).
    const stored = await readStoredResponse(db, { workspaceId: input.workspaceId, claim: claim!, now, rebuild });
    if (stored) return stored;
  }
  throw new AppError("conflict", "Another request with this Idempotency-Key is in progress, or the workspace's custom fields keep changing; retry shortly.");
}

/**
 * zod plus the workspace's custom-field definitions, reported together. The definitions come from
 * the in-process copy (lib/custom-fields/definitions-cache.ts) unless `fresh`; values the copy
 * refuses are checked again against a fresh read, so a stale copy never causes a 400. Returns the
 * version of the definitions used when any custom value was given (insertRequest's guard).
 */
export async function parseCreateRequest(db: Db | Tx, workspaceId: string, data: unknown, opts: { fresh?: boolean } = {}) {
  const result = safeParseInput(ZCreateRequestInput, data);
  const raw = data && typeof data === "object" ? (data as { customFields?: unknown }).customFields : undefined;
  let definitionsVersion: number | null = null;
  let custom = validateCustomValues([], raw);
  if (customValueKeys(raw).length > 0) {
    let set = opts.fresh ? await loadDefinitionSet(db, workspaceId) : await cachedDefinitionSet(db, workspaceId);
    custom = validateCustomValues(set?.definitions ?? [], raw);
    if (custom.issues.length && !opts.fresh) {
      set = await loadDefinitionSet(db, workspaceId);
      custom = validateCustomValues(set?.definitions ?? [], raw);
    }
    definitionsVersion = set?.version ?? null;
  }
  if (!result.ok || custom.issues.length) throw invalidInput([...result.issues, ...custom.issues]);
  return { parsed: result.data, customValues: custom.values, definitionsVersion };
}

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

/**
 * The create as one statement: lock the workspace row [only while its custom fields are still at
 * `definitionsVersion`] → [claim the idempotency key →] take the next number → insert the request,
 * its outbox event and its messages. Writes nothing and returns null when the idempotency key is
 * taken, or "definitions_changed" when the custom fields changed since they were validated.
 * Only the number comes back from the database; the row is assembled from what was written.
 * Usable inside a transaction too (pass the `tx`).
 */
export async function insertRequest(
  q: Db | Tx,
  input: {
    workspaceId: string;
    parsed: ParsedCreateRequest;
    customValues: Record<string, CustomValue | null>;
    /** The custom-field definitions' version the values were validated against (null: none given). */
    definitionsVersion?: number | null;
    now: Date;
    claim?: IdempotencyClaim | null;
  },
): Promise<InsertOutcome> {
  const { workspaceId, parsed, now, claim } = input;
  const version = input.definitionsVersion ?? null;
  const c: RequestColumns = columnsForCreate(parsed, input.customValues, now);
  const id = randomUUID();
  const messages: RequestMessage[] = parsed.messages.map((m) => {
    const cols = messageColumns(m, c.createdAt);
    return { ...cols, id: randomUUID(), workspaceId, requestId: id, editedAt: null, deletedAt: null, createdAt: now, updatedAt: now };
  });
  const pending: PendingResponse = { $pending: { requestId: id } };

  // FOR UPDATE re-reads the row after waiting for a concurrent writer, so a version bumped by a
  // custom-field change that committed meanwhile is seen here (and nothing is written).
  const versionGuard = version === null ? Prisma.empty : Prisma.sql`AND "customFieldsVersion" = ${version}::int`;
  const claimCte = claim
    ? Prisma.sql`k AS (
        INSERT INTO "IdempotencyKey" ("id", "workspaceId", "key", "scope", "bodyHash", "status", "response", "createdAt")
        SELECT ${randomUUID()}::uuid, w."id", ${claim.key}, ${claim.scope}, ${claim.requestHash}, 201,
               ${JSON.stringify(pending)}::jsonb, ${ts(now)}
        FROM w
        ON CONFLICT ("workspaceId", "scope", "key") DO NOTHING
        RETURNING 1
      ),`
    : Prisma.empty;
  const onlyIfClaimed = claim ? Prisma.sql`AND EXISTS (SELECT 1 FROM k)` : Prisma.empty;
  const messageJson = JSON.stringify(
    messages.map((m) => ({ ...m, sentAt: m.sentAt.toISOString(), createdAt: undefined, updatedAt: undefined })),
  );

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
        RETURNING "id", "workspaceId", "number", "version"
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
  const request: Request = {
    ...c,
    customValues: jsonbOrder(c.customValues) as Request["customValues"],
    id,
    workspaceId,
    number: row.number,
    version: 1,
    receivedAt: now,
  };
  return { request, messages };
}

/** The unique index a raw statement violated, if that is why it failed. */
function uniqueIndexOf(err: unknown): string | null {
  const cause = (err as { meta?: { driverAdapterError?: { cause?: { kind?: string; constraint?: { index?: string } } } } })?.meta
    ?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation" ? (cause.constraint?.index ?? null) : null;
}
