import { createHash } from "node:crypto";
import type { Integration, IntegrationProvider, Prisma, Request } from "@/generated/prisma/client";
import type { SyncOutcome, SyncState } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import type { ExternalApiError } from "@/lib/http/external-api-error";
import { markNeedsAttention } from "@/lib/integrations/mark-needs-attention";
import { recordSyncAttempt, type SyncCall } from "@/lib/sync/logs/record-sync-attempt";
import type { ReasonCode } from "@/lib/sync/reason-codes";
import { claimRequestSyncLease, releaseRequestSyncLease, RequestBusyError } from "@/lib/sync/request-sync-lease";

/**
 * What every request push shares, whatever the destination (Vitally, Salesforce): the lease that
 * keeps two pushes of one request apart, the gates (connected, not paused, forward-looking, the
 * "push new" / "update existing" switches), the write of the outcome (RequestSync row + SyncLog
 * attempt in one transaction), the link reuse for a burst from one requestor, and what a
 * destination failure does to the integration and the request's sync state.
 */

export type PushInput = { workspaceId: string; requestId: string; integrationId: string; trigger: string };

export type PushOutcome =
  | { status: "synced"; remoteId: string; calls: number; changed: boolean }
  | { status: "skipped"; reason: ReasonCode; calls: number }
  | { status: "held"; reason: ReasonCode; calls: number }
  | { status: "gone" };

/** The RequestSync columns a push may set besides state, reason and attempt time. */
export type RequestSyncFields = {
  remoteId?: string | null;
  remoteUserId?: string | null;
  remoteAccountId?: string | null;
  remoteOrganizationId?: string | null;
  linkedEmail?: string | null;
  lastSentHash?: string | null;
  lastSentVersion?: number | null;
  lastSyncedAt?: Date | null;
};

export const payloadHash = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * Runs `push` holding the request's lease for this integration ("gone" when the request or the
 * integration is not in the workspace). A second push of the same request meanwhile gets
 * RequestBusyError, which Inngest retries in a moment.
 */
export async function withRequestSyncLease(input: PushInput, deps: { db?: Db }, push: () => Promise<PushOutcome>): Promise<PushOutcome> {
  const db = deps.db ?? defaultDb();
  const known = await db.integration.count({ where: { id: input.integrationId, workspaceId: input.workspaceId } });
  const exists = await db.request.count({ where: { id: input.requestId, workspaceId: input.workspaceId } });
  if (!known || !exists) return { status: "gone" };
  if (!(await claimRequestSyncLease(input, { db }))) throw new RequestBusyError();
  try {
    return await push();
  } finally {
    await releaseRequestSyncLease(input, { db });
  }
}

export type PushSwitches = { pushNew: boolean; updateExisting: boolean };
export type GateStop = { reason: ReasonCode; state: Extract<SyncState, "SKIPPED" | "HELD"> };

/**
 * Pure: whether a push may go ahead. Held (and pushed again later) while the integration needs
 * attention or is paused for the destination's daily API allocation; skipped when disconnected,
 * when the request predates the connection (syncing is forward-looking) or a switch is off.
 */
export function pushGate(args: {
  integration: Pick<Integration, "status" | "connectedAt" | "pausedUntil">;
  request: Pick<Request, "receivedAt">;
  existingRemoteId: string | null;
  switches: PushSwitches;
  now: Date;
}): GateStop | null {
  const { integration, request, existingRemoteId, switches, now } = args;
  if (integration.status === "DISCONNECTED") return { reason: "integration_disconnected", state: "SKIPPED" };
  if (integration.status === "NEEDS_ATTENTION") return { reason: "integration_needs_attention", state: "HELD" };
  if (integration.pausedUntil && integration.pausedUntil > now) return { reason: "daily_limit_paused", state: "HELD" };
  if (request.receivedAt < integration.connectedAt) return { reason: "created_before_integration", state: "SKIPPED" };
  if (!existingRemoteId && !switches.pushNew) return { reason: "push_new_disabled", state: "SKIPPED" };
  if (existingRemoteId && !switches.updateExisting) return { reason: "update_existing_disabled", state: "SKIPPED" };
  return null;
}

export type RecordPush = (
  outcome: SyncOutcome,
  state: SyncState,
  fields: { reasonCode?: ReasonCode | null; message?: string; decision?: unknown; remoteId?: string | null; sync?: RequestSyncFields },
) => Promise<void>;

/**
 * The one way a push records an outcome: the request's RequestSync row (state, reason, decision,
 * link, what was sent) and a SyncLog attempt with every call made so far, in one transaction.
 */
export function requestPushRecorder(ctx: {
  db: Db;
  now: () => Date;
  provider: IntegrationProvider;
  integrationId: string;
  request: Pick<Request, "id" | "workspaceId" | "number" | "requestorEmail">;
  trigger: string;
  /** The remote record known before this push (logged when the attempt names none). */
  knownRemoteId: string | null;
  calls: () => SyncCall[];
  startedAt: number;
}): RecordPush {
  const { db, now, request } = ctx;
  return async (outcome, state, fields) => {
    const decision = fields.decision ? { decision: fields.decision as Prisma.InputJsonValue } : {};
    await db.$transaction(async (tx) => {
      await tx.requestSync.upsert({
        where: { requestId_integrationId: { requestId: request.id, integrationId: ctx.integrationId } },
        create: {
          workspaceId: request.workspaceId,
          requestId: request.id,
          integrationId: ctx.integrationId,
          state,
          reasonCode: fields.reasonCode ?? null,
          lastAttemptAt: now(),
          ...decision,
          ...fields.sync,
        },
        update: { state, reasonCode: fields.reasonCode ?? null, lastAttemptAt: now(), ...decision, ...fields.sync },
      });
      await recordSyncAttempt(
        {
          workspaceId: request.workspaceId,
          integrationId: ctx.integrationId,
          provider: ctx.provider,
          kind: "REQUEST",
          requestId: request.id,
          requestNumber: request.number,
          requestorEmail: request.requestorEmail,
          trigger: ctx.trigger,
          outcome,
          reasonCode: fields.reasonCode ?? null,
          message: fields.message,
          decision: fields.decision ?? undefined,
          calls: ctx.calls(),
          remoteId: fields.remoteId ?? ctx.knownRemoteId,
          durationMs: Math.round(performance.now() - ctx.startedAt),
        },
        { db: tx, now },
      );
    });
  };
}

/**
 * The same requestor was linked by another request's push a moment ago: reuse that link instead
 * of asking the destination again (a burst of requests from one customer costs one lookup). Links
 * older than LINK_REUSE_MS are looked up afresh, so changes in the destination are picked up.
 */
export const LINK_REUSE_MS = 15 * 60_000;

export async function recentLinkFor(db: Db, input: { integrationId: string; email: string; requestId: string; now: Date }) {
  return db.requestSync.findFirst({
    where: {
      integrationId: input.integrationId,
      linkedEmail: input.email,
      state: "SYNCED",
      requestId: { not: input.requestId },
      lastSyncedAt: { gte: new Date(input.now.getTime() - LINK_REUSE_MS) },
      OR: [{ remoteAccountId: { not: null } }, { remoteOrganizationId: { not: null } }],
    },
    orderBy: { lastSyncedAt: "desc" },
    select: { remoteUserId: true, remoteAccountId: true, remoteOrganizationId: true, decision: true },
  });
}

/**
 * A destination call failed: rejected credentials mark the integration "needs attention" and
 * hold the push (released when it is fixed); the rest is logged as retrying (PENDING) or failed.
 */
export async function recordPushFailure(
  err: ExternalApiError,
  ctx: { integrationId: string; attentionReason: string; record: RecordPush; decision: unknown; db?: Db; now?: () => Date },
) {
  if (err.kind === "auth" || err.kind === "forbidden") {
    await markNeedsAttention({ integrationId: ctx.integrationId, reason: ctx.attentionReason }, { db: ctx.db, now: ctx.now });
    await ctx.record("FAILED", "HELD", { reasonCode: "credentials_rejected", message: err.message, decision: ctx.decision });
    return;
  }
  const reason: ReasonCode = err.kind === "rate_limited" ? "rate_limited" : err.retryable ? "destination_unavailable" : "destination_rejected";
  await ctx.record("FAILED", err.retryable ? "PENDING" : "FAILED", { reasonCode: reason, message: err.message, decision: ctx.decision });
}
