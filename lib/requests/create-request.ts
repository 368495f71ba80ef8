import { db as defaultDb, type Db, type Tx } from "@/lib/db";
import { AppError, invalidInput } from "@/lib/errors";
import { safeParseInput } from "@/lib/api/parse-input";
import { cachedDefinitionSet, forgetDefinitionSet, loadDefinitionSet } from "@/lib/custom-fields/definitions-cache";
import { customValueKeys, validateCustomValues } from "@/lib/custom-fields/validate-custom-values";
import {
  assertValidClaim,
  readStoredResponse,
  saveStoredResponse,
  type IdempotencyClaim,
  type IdempotentResult,
  type PendingResponse,
} from "@/lib/idempotency/run-idempotent";
import { getRequest } from "@/lib/requests/get-request";
import { insertQueued } from "@/lib/requests/create-queue";
import { ZCreateRequestInput, type ApiRequest, type CreateRequestInput } from "@/lib/requests/schemas";
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
 * PostgreSQL executes and commits it, never across round trips to a busy Node process, and creates
 * that arrive while one is in flight go out together as one statement (create-queue.ts).
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
    const outcome = await insertQueued(db, { workspaceId: input.workspaceId, ...parsedInput, now: now(), claim });
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
