import type { IntegrationStatus, SyncOutcome, SyncState } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";
import { readVitallySettings } from "@/lib/integrations/vitally/settings";
import { describeReason } from "@/lib/sync/reason-codes";
import { conversationExternalId } from "./conversation-ids";

/**
 * The request page's "Vitally conversation" panel, next to the request sync's diagnostics: for each
 * Vitally integration of the workspace, the linked conversation, how many of the customer thread's
 * messages are synced / held / failed / skipped / not yet sent, each held or failed message with
 * its reason in plain words and the fix, and the recent conversation and message attempts.
 * Scoped to the workspace; reads only Ferry's database.
 */

export type HeldConversationMessage = {
  messageId: string;
  sentAt: string;
  author: { type: "CUSTOMER" | "TEAM"; name: string; email: string | null };
  excerpt: string;
  state: "HELD" | "FAILED";
  reasonCode: string | null;
  title: string;
  explanation: string;
  /** The specific words of the last attempt, e.g. "jo@acme.com is not a Vitally user". */
  detail: string | null;
  fix: string;
  /** Skipping lets the later messages through (skipHeldConversationMessage). */
  canSkip: boolean;
};

export type ConversationDiagnostics = {
  integrationId: string;
  destination: "Vitally";
  integrationStatus: IntegrationStatus;
  isSandbox: boolean;
  enabled: boolean;
  defaultAdminEmail: string | null;
  /** DISABLED: the switch is off; NOT_ELIGIBLE: the request is older than the integration; NEVER: not tried yet. */
  state: SyncState | "NEVER" | "DISABLED" | "NOT_ELIGIBLE";
  reasonCode: string | null;
  title: string;
  explanation: string;
  fix: string;
  conversationId: string | null;
  conversationExternalId: string;
  remoteUserId: string | null;
  remoteAdminId: string | null;
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
  counts: {
    /** Customer-thread messages in Ferry (deleted ones included). */
    total: number;
    synced: number;
    held: number;
    failed: number;
    /** Deleted (in Ferry, reflected in Vitally, or before they were sent) or skipped by a teammate. */
    skipped: number;
    /** Not tried yet, or waiting for a retry after a rate limit or an outage. */
    pending: number;
    /** Internal-thread messages: never part of the conversation (by design). */
    internal: number;
  };
  held: HeldConversationMessage[];
  recentAttempts: {
    id: string;
    createdAt: string;
    kind: "CONVERSATION" | "MESSAGE";
    trigger: string;
    outcome: SyncOutcome;
    reasonCode: string | null;
    message: string | null;
    calls: { method: string; path: string; status: number; durationMs: number }[];
  }[];
};

const MAX_HELD_LISTED = 100;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export async function getConversationDiagnostics(input: { workspaceId: string; requestId: string }, deps: { db?: Db } = {}): Promise<ConversationDiagnostics[]> {
  const db = deps.db ?? defaultDb();
  const request = await db.request.findFirst({ where: { id: input.requestId, workspaceId: input.workspaceId }, select: { id: true, receivedAt: true } });
  if (!request) return [];
  const integrations = await db.integration.findMany({
    where: {
      workspaceId: input.workspaceId,
      provider: "VITALLY",
      OR: [{ status: { not: "DISCONNECTED" } }, { conversationSyncs: { some: { requestId: request.id } } }],
    },
    orderBy: { createdAt: "asc" },
  });
  if (integrations.length === 0) return [];
  const ids = integrations.map((i) => i.id);
  const [conversations, messageSyncs, messages, internal, logs] = await Promise.all([
    db.conversationSync.findMany({ where: { requestId: request.id, integrationId: { in: ids } } }),
    db.messageSync.findMany({ where: { requestId: request.id, integrationId: { in: ids } } }),
    db.requestMessage.findMany({
      where: { requestId: request.id, thread: "CUSTOMER" },
      select: { id: true, authorType: true, authorName: true, authorEmail: true, text: true, sentAt: true, deletedAt: true },
      orderBy: [{ sentAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    }),
    db.requestMessage.count({ where: { requestId: request.id, thread: "INTERNAL", deletedAt: null } }),
    db.syncLog.findMany({
      where: { workspaceId: input.workspaceId, requestId: request.id, integrationId: { in: ids }, kind: { in: ["CONVERSATION", "MESSAGE"] } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 300,
    }),
  ]);

  return integrations.map((integration) => {
    const settings = readVitallySettings(integration.settings);
    const conversation = conversations.find((c) => c.integrationId === integration.id) ?? null;
    const syncs = new Map(messageSyncs.filter((s) => s.integrationId === integration.id).map((s) => [s.messageId, s]));
    const ownLogs = logs.filter((l) => l.integrationId === integration.id);

    // The specific words of each message's latest log ("Held: jo@acme.com is not a Vitally user …").
    const detailOf = new Map<string, string>();
    for (const log of ownLogs) {
      const d = log.decision as { messageId?: unknown; note?: unknown } | null;
      if (log.kind !== "MESSAGE" || typeof d?.messageId !== "string" || detailOf.has(d.messageId)) continue;
      detailOf.set(d.messageId, typeof d.note === "string" ? d.note : (log.message ?? ""));
    }

    const counts = { total: messages.length, synced: 0, held: 0, failed: 0, skipped: 0, pending: 0, internal };
    const held: HeldConversationMessage[] = [];
    for (const m of messages) {
      const sync = syncs.get(m.id);
      const state = sync?.state ?? (m.deletedAt ? "SKIPPED" : "PENDING");
      if (state === "SYNCED") counts.synced++;
      else if (state === "HELD") counts.held++;
      else if (state === "FAILED") counts.failed++;
      else if (state === "SKIPPED") counts.skipped++;
      else counts.pending++;
      if ((state === "HELD" || state === "FAILED") && held.length < MAX_HELD_LISTED) {
        const words = describeReason(sync?.reasonCode ?? "destination_rejected", { destination: "Vitally" });
        held.push({
          messageId: m.id,
          sentAt: m.sentAt.toISOString(),
          author: { type: m.authorType, name: m.authorName, email: m.authorEmail },
          excerpt: m.text.length > 140 ? `${m.text.slice(0, 139)}…` : m.text,
          state,
          reasonCode: sync?.reasonCode ?? null,
          title: words.title,
          explanation: words.explanation,
          detail: detailOf.get(m.id) || null,
          fix: words.fix,
          canSkip: true,
        });
      }
    }

    let state: ConversationDiagnostics["state"];
    let reasonCode: string | null;
    if (!settings.syncConversations) {
      state = "DISABLED";
      reasonCode = "conversations_disabled";
    } else if (request.receivedAt < integration.connectedAt) {
      state = "NOT_ELIGIBLE";
      reasonCode = "created_before_integration";
    } else if (integration.status === "DISCONNECTED") {
      state = conversation?.state ?? "NEVER";
      reasonCode = "integration_disconnected";
    } else {
      state = conversation?.state ?? "NEVER";
      reasonCode = conversation?.reasonCode ?? null;
    }
    const words = reasonCode
      ? describeReason(reasonCode, { destination: "Vitally" })
      : state === "SYNCED"
        ? {
            title: "Conversation in Vitally",
            explanation: counts.pending
              ? `The conversation exists; ${counts.pending} message(s) are on their way.`
              : "The customer thread is in the Vitally conversation, as it is in Ferry.",
            fix: "",
          }
        : { title: "Not synced yet", explanation: "No attempt to create this request's Vitally conversation has been made yet.", fix: "" };

    return {
      integrationId: integration.id,
      destination: "Vitally" as const,
      integrationStatus: integration.status,
      isSandbox: integration.isSandbox,
      enabled: settings.syncConversations,
      defaultAdminEmail: settings.defaultAdminEmail,
      state,
      reasonCode,
      title: words.title,
      explanation: words.explanation,
      fix: words.fix,
      conversationId: conversation?.remoteId ?? null,
      conversationExternalId: conversationExternalId(request.id),
      remoteUserId: conversation?.remoteUserId ?? null,
      remoteAdminId: conversation?.remoteAdminId ?? null,
      lastSyncedAt: iso(conversation?.lastSyncedAt),
      lastAttemptAt: iso(conversation?.lastAttemptAt),
      counts,
      held,
      recentAttempts: ownLogs.slice(0, 20).map((l) => ({
        id: l.id.toString(),
        createdAt: l.createdAt.toISOString(),
        kind: l.kind as "CONVERSATION" | "MESSAGE",
        trigger: l.trigger,
        outcome: l.outcome,
        reasonCode: l.reasonCode,
        message: l.message,
        calls: (l.calls as { method: string; path: string; status: number; durationMs: number }[]) ?? [],
      })),
    };
  });
}
