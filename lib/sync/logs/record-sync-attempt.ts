import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { IntegrationProvider, SyncKind, SyncOutcome } from "@/generated/prisma/enums";
import { db as defaultDb, type Db, type Tx } from "@/lib/db";
import { AppError, invalidInput } from "@/lib/errors";
import { redactJson, redactPath, redactText, truncate } from "@/lib/sync/logs/redact-secrets";
import { REASON_CODE_PATTERN } from "@/lib/sync/logs/sync-logs-query";

/**
 * Writes one SyncLog row for one sync attempt (a push, a skip, a failure, a schema repair…) and
 * counts it in SyncLogHourly, the chart's rollup, in the same statement.
 * Whatever the caller passes, what is stored never holds a secret (see redact-secrets.ts) and
 * stays small: at most 50 calls, a 2,000-character message, a 16 KB decision.
 */
export const SYNC_LOG_LIMITS = {
  calls: 50,
  messageChars: 2000,
  pathChars: 500,
  decisionBytes: 16_384,
} as const;

const ZCall = z.object({
  method: z
    .string()
    .trim()
    .min(1)
    .max(16)
    .transform((m) => m.toUpperCase()),
  path: z.string().max(100_000),
  /** HTTP status; 0 when no response arrived (network error, timeout). */
  status: z.number().int().min(0).max(999),
  durationMs: z.number().min(0).transform((n) => Math.min(Math.round(n), 2_147_483_647)),
  /** What the call was for, e.g. "users.find", "instances.update". */
  kind: z.string().trim().max(64).optional(),
});
export type SyncCall = z.input<typeof ZCall>;

export const ZSyncAttempt = z.object({
  workspaceId: z.uuid(),
  integrationId: z.uuid(),
  provider: z.enum(IntegrationProvider),
  kind: z.enum(SyncKind),
  requestId: z.uuid().nullish(),
  requestNumber: z.number().int().min(1).max(2_147_483_647).nullish(),
  requestorEmail: z.string().trim().max(320).nullish(),
  /** What started it: an event name, "retry", "recheck", "schema.ensure"… */
  trigger: z.string().trim().min(1).max(120),
  outcome: z.enum(SyncOutcome),
  reasonCode: z.string().trim().regex(REASON_CODE_PATTERN, "Not a reason code.").nullish(),
  message: z.string().nullish(),
  /** The linking decision with its evidence (JSON). */
  decision: z.unknown().optional(),
  calls: z.array(ZCall).default([]),
  remoteId: z.string().trim().max(255).nullish(),
  durationMs: z.number().min(0).transform((n) => Math.min(Math.round(n), 2_147_483_647)),
});
export type SyncAttempt = z.input<typeof ZSyncAttempt>;

export type RecordedSyncAttempt = { id: string; createdAt: Date };

function sanitizeCalls(calls: z.output<typeof ZCall>[]) {
  return calls.slice(0, SYNC_LOG_LIMITS.calls).map((c) => ({
    method: c.method,
    path: truncate(redactPath(c.path), SYNC_LOG_LIMITS.pathChars),
    status: c.status,
    durationMs: c.durationMs,
    ...(c.kind ? { kind: redactText(c.kind) } : {}),
  }));
}

function sanitizeMessage(message: string | null | undefined, totalCalls: number): string | null {
  const note =
    totalCalls > SYNC_LOG_LIMITS.calls ? `${totalCalls} calls were made; the first ${SYNC_LOG_LIMITS.calls} are logged.` : null;
  const text = message ? redactText(message.trim()) : "";
  if (!text && !note) return null;
  if (!note) return truncate(text, SYNC_LOG_LIMITS.messageChars);
  const room = SYNC_LOG_LIMITS.messageChars - note.length - 1;
  return text ? `${truncate(text, room)} ${note}` : note;
}

function sanitizeDecision(decision: unknown): Prisma.Sql {
  if (decision === undefined || decision === null) return Prisma.sql`NULL`;
  const safe = redactJson(decision);
  let text = JSON.stringify(safe);
  if (Buffer.byteLength(text, "utf8") > SYNC_LOG_LIMITS.decisionBytes) {
    text = JSON.stringify({
      truncated: true,
      note: `The decision was larger than ${SYNC_LOG_LIMITS.decisionBytes / 1024} KB and was not stored in full.`,
      preview: truncate(text, 2000),
    });
  }
  return Prisma.sql`${text}::jsonb`;
}

export async function recordSyncAttempt(
  attempt: SyncAttempt,
  deps: { db?: Db | Tx; now?: () => Date } = {},
): Promise<RecordedSyncAttempt> {
  const parsed = ZSyncAttempt.safeParse(attempt);
  if (!parsed.success) throw invalidInput(parsed.error.issues, "The sync attempt could not be logged: invalid fields.");
  const a = parsed.data;
  const db = deps.db ?? defaultDb();
  const now = (deps.now ?? (() => new Date()))();

  const calls = JSON.stringify(sanitizeCalls(a.calls));
  const email = a.requestorEmail ? a.requestorEmail.toLowerCase() : null;
  const remoteId = a.remoteId ? redactText(a.remoteId) : null;

  // Written through the integration row, so a log can only name an integration of its own
  // workspace and the destination it really is. The chart's hourly rollup is counted in the same
  // statement, so it commits or rolls back with the row; ON CONFLICT … DO UPDATE makes concurrent
  // attempts in the same hour wait for each other's increment instead of losing one.
  const rows = await db.$queryRaw<{ id: bigint; createdAt: Date }[]>`
    WITH logged AS (
      INSERT INTO "SyncLog" ("workspaceId", "integrationId", "provider", "kind", "requestId", "requestNumber",
        "requestorEmail", "trigger", "outcome", "reasonCode", "message", "decision", "calls", "remoteId", "durationMs", "createdAt")
      SELECT i."workspaceId", i."id", i."provider", ${a.kind}::"SyncKind", ${a.requestId ?? null}::uuid, ${a.requestNumber ?? null}::int,
        ${email}, ${redactText(a.trigger)}, ${a.outcome}::"SyncOutcome", ${a.reasonCode ?? null}, ${sanitizeMessage(a.message, a.calls.length)},
        ${sanitizeDecision(a.decision)}, ${calls}::jsonb, ${remoteId}, ${a.durationMs}::int, ${now.toISOString()}::timestamptz
      FROM "Integration" i
      WHERE i."id" = ${a.integrationId}::uuid AND i."workspaceId" = ${a.workspaceId}::uuid
        AND i."provider" = ${a.provider}::"IntegrationProvider"
      RETURNING "id", "createdAt", "workspaceId", "provider", "kind", "outcome"
    ), counted AS (
      INSERT INTO "SyncLogHourly" AS h ("workspaceId", "hour", "provider", "kind", "outcome", "count")
      SELECT "workspaceId", date_trunc('hour', "createdAt", 'UTC'), "provider", "kind", "outcome", 1 FROM logged
      ON CONFLICT ("workspaceId", "hour", "provider", "kind", "outcome") DO UPDATE SET "count" = h."count" + 1
    )
    SELECT "id", "createdAt" FROM logged`;
  const row = rows[0];
  if (!row) {
    throw new AppError("invalid_input", "The sync attempt names an integration that is not this workspace's.", {
      integrationId: ["No such integration for this workspace and destination."],
    });
  }
  return { id: row.id.toString(), createdAt: row.createdAt };
}
