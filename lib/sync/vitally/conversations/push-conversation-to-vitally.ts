import type { Integration, Prisma } from "@/generated/prisma/client";
import type { SyncKind, SyncOutcome, SyncState } from "@/generated/prisma/enums";
import { formatUtc } from "@/lib/vitally/request-traits";
import { db as defaultDb, type Db } from "@/lib/db";
import { isExternalApiError, type ExternalApiError } from "@/lib/http/external-api-error";
import { markNeedsAttention } from "@/lib/integrations/mark-needs-attention";
import { readVitallySettings, type VitallySettings } from "@/lib/integrations/vitally/settings";
import { vitallyClientFor, type VitallyClientDeps } from "@/lib/integrations/vitally/vitally-client-for";
import { recordSyncAttempt } from "@/lib/sync/logs/record-sync-attempt";
import { describeReason, type ReasonCode } from "@/lib/sync/reason-codes";
import { RequestBusyError } from "@/lib/sync/request-sync-lease";
import { ZVitallyConversation } from "@/lib/vitally/schemas";
import type { MessageInput, Participant, VitallyCall, VitallyClient } from "@/lib/vitally/client";
import { conversationExternalId, messageExternalId, openingMessageExternalId } from "./conversation-ids";
import { claimConversationSyncLease, extendConversationSyncLease, releaseConversationSyncLease } from "./conversation-sync-lease";
import { findConversationByExternalId } from "./find-conversation";
import { renderMessageHtml } from "./message-html";
import { participantCache as defaultCache, type ParticipantCache } from "./participant-cache";
import { ParticipantDirectory, resolveTeamSide, type TeamSide, type VitallyPerson } from "./participants";
import {
  attachmentsOf,
  contentHashOf,
  hasWork,
  inSentOrder,
  openingState,
  planConversationWork,
  type ConversationWork,
  type CustomerMessage,
  type MessageSyncRow,
  type OpeningState,
} from "./plan-conversation-work";

/**
 * Mirrors one request's CUSTOMER thread as one Vitally conversation (issue #5):
 *
 *  gates (switch on, connected, created after connecting) → plan from Ferry's data (no call when
 *  nothing is new) → lease → create the conversation once (with the message that started the
 *  request) → reflect edits and deletions → send new messages in the order they were sent, each
 *  once → record every outcome (MessageSync + a sync log row per message).
 *
 * Exactly once: the per (request, integration) lease means one run at a time; MessageSync is unique
 * per (message, integration) and a message is marked synced right after Vitally accepted it. A run
 * that ended without knowing whether its last write landed (timeout, 5xx, dropped connection,
 * crash) leaves ConversationSync.lastAttemptAt after lastSyncedAt; the next run first looks at
 * what Vitally holds (the conversation by its externalId in the list, or its messages by theirs)
 * and only sends what is missing. A 429 is known not to have landed and needs no look.
 *
 * In order: a message that cannot be sent (the customer is not a Vitally user, the sender has no
 * email, no admin can be found) is HELD with its reason and every later message of the request
 * waits behind it (waiting_for_earlier_message). Each run re-checks held messages first, so they
 * all go, in order, once the cause is fixed. A held message can be skipped by a teammate.
 *
 * Edits and deletions: Vitally has no message update endpoint, but PUT /conversations/:id updates
 * the message with the same externalId (reference §8.5), and DELETE /messages/:id exists (§8.6).
 * Both are reflected and logged. The request instance's thread traits are the request sync's.
 *
 * Destination errors are logged and rethrown as ExternalApiError for the Inngest layer to map.
 */

export type ConversationPushOutcome =
  | { status: "gone" | "disabled"; calls: 0 }
  | { status: "skipped"; reason: ReasonCode; calls: 0 }
  | { status: "up_to_date"; conversationId: string | null; calls: 0 }
  | {
      status: "synced" | "held";
      conversationId: string | null;
      reason: ReasonCode | null;
      sent: number;
      edited: number;
      deleted: number;
      held: number;
      calls: number;
    };

export type ConversationDeps = VitallyClientDeps & { cache?: ParticipantCache };

type Input = { workspaceId: string; requestId: string; integrationId: string; trigger: string };

/** A previous run wrote to Vitally and did not learn how it ended. */
export const uncertainWrite = (sync: { lastAttemptAt: Date | null; lastSyncedAt: Date | null } | null) =>
  !!sync?.lastAttemptAt && (!sync.lastSyncedAt || sync.lastSyncedAt < sync.lastAttemptAt);

/** Requests this recent may still get their requestor created in Vitally by the request sync (domain fallback): worth a short wait. */
const REQUEST_SYNC_GRACE_MS = 10 * 60_000;

type Snapshot = NonNullable<Awaited<ReturnType<typeof loadSnapshot>>>;

async function loadSnapshot(db: Db, input: Input) {
  const [integration, request] = await Promise.all([
    db.integration.findFirst({ where: { id: input.integrationId, workspaceId: input.workspaceId, provider: "VITALLY" } }),
    db.request.findFirst({
      where: { id: input.requestId, workspaceId: input.workspaceId },
      select: {
        id: true,
        workspaceId: true,
        number: true,
        title: true,
        messageText: true,
        requestorName: true,
        requestorEmail: true,
        requestorPlatformId: true,
        assigneeEmail: true,
        createdAt: true,
        receivedAt: true,
      },
    }),
  ]);
  if (!integration || !request) return null;
  return { integration, request, settings: readVitallySettings(integration.settings) };
}

async function loadThread(db: Db, snap: Snapshot) {
  const [messages, syncs, conversation] = await Promise.all([
    db.requestMessage.findMany({
      where: { requestId: snap.request.id, thread: "CUSTOMER" },
      orderBy: [{ sentAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        authorType: true,
        authorName: true,
        authorEmail: true,
        authorPlatformId: true,
        text: true,
        attachments: true,
        sentAt: true,
        createdAt: true,
        editedAt: true,
        deletedAt: true,
      },
    }),
    db.messageSync.findMany({
      where: { requestId: snap.request.id, integrationId: snap.integration.id },
      select: { messageId: true, state: true, reasonCode: true, remoteId: true, sentHash: true },
    }),
    db.conversationSync.findUnique({ where: { requestId_integrationId: { requestId: snap.request.id, integrationId: snap.integration.id } } }),
  ]);
  const sentOpening = conversation?.remoteId ? await lastSentOpening(db, snap) : null;
  const work = planConversationWork({
    request: snap.request,
    messages,
    syncs,
    conversationRemoteId: conversation?.remoteId ?? null,
    sentOpening,
  });
  return { messages, syncs, conversation, work };
}

/**
 * The subject and first message last written (or last decided about), as recorded in the decision
 * of the latest conversation log that carries them (ConversationSync has no column for them).
 */
async function lastSentOpening(db: Db, snap: Snapshot): Promise<Pick<OpeningState, "subjectHash" | "openingHash"> | null> {
  const rows = await db.$queryRaw<{ decision: unknown }[]>`
    SELECT "decision" FROM "SyncLog"
    WHERE "workspaceId" = ${snap.request.workspaceId}::uuid AND "requestId" = ${snap.request.id}::uuid
      AND "integrationId" = ${snap.integration.id}::uuid AND "kind" = 'CONVERSATION' AND "decision" ? 'subjectHash'
    ORDER BY "createdAt" DESC, "id" DESC
    LIMIT 1`;
  const d = rows[0]?.decision as { subjectHash?: unknown; openingHash?: unknown } | null | undefined;
  return typeof d?.subjectHash === "string" && typeof d.openingHash === "string" ? { subjectHash: d.subjectHash, openingHash: d.openingHash } : null;
}

function gate(snap: Snapshot): ConversationPushOutcome | null {
  if (!snap.settings.syncConversations) return { status: "disabled", calls: 0 };
  if (snap.integration.status === "DISCONNECTED") return { status: "skipped", reason: "integration_disconnected", calls: 0 };
  // No silent backfill: only requests Ferry received after Vitally was connected.
  if (snap.request.receivedAt < snap.integration.connectedAt) return { status: "skipped", reason: "created_before_integration", calls: 0 };
  return null;
}

export async function pushConversationToVitally(input: Input, deps: ConversationDeps = {}): Promise<ConversationPushOutcome> {
  const db = deps.db ?? defaultDb();
  const snap = await loadSnapshot(db, input);
  if (!snap) return { status: "gone", calls: 0 };
  const closed = gate(snap);
  if (closed) return closed;
  const first = await loadThread(db, snap);
  if (!hasWork(first.work)) return { status: "up_to_date", conversationId: first.conversation?.remoteId ?? null, calls: 0 };
  if (snap.integration.status === "NEEDS_ATTENTION") {
    await db.conversationSync.upsert({
      where: { requestId_integrationId: { requestId: snap.request.id, integrationId: snap.integration.id } },
      create: { workspaceId: snap.request.workspaceId, requestId: snap.request.id, integrationId: snap.integration.id, state: "HELD", reasonCode: "integration_needs_attention" },
      update: { state: "HELD", reasonCode: "integration_needs_attention" },
    });
    return { status: "held", conversationId: first.conversation?.remoteId ?? null, reason: "integration_needs_attention", sent: 0, edited: 0, deleted: 0, held: 0, calls: 0 };
  }
  if (!(await claimConversationSyncLease(input, { db }))) throw new RequestBusyError();
  try {
    for (let round = 0; ; round++) {
      // Read again under the lease: another run may have finished in between.
      const fresh = await loadSnapshot(db, input);
      if (!fresh) return { status: "gone", calls: 0 };
      const run = new ConversationRun(input, fresh, await loadThread(db, fresh), deps);
      try {
        return await run.execute();
      } catch (err) {
        if (err instanceof ConversationGone && round === 0) continue;
        throw err;
      }
    }
  } finally {
    await releaseConversationSyncLease(input, { db });
  }
}

/** The conversation was deleted in Vitally: it is created again, with every message, once per push. */
class ConversationGone extends Error {}

type Unit = { kind: SyncKind; message: CustomerMessage | null; startCall: number; started: number };
type Outcome = Extract<ConversationPushOutcome, { status: "synced" | "held" }>;
type Parties = { ok: true; from: Participant; to: Participant[]; fromEmail: string; toEmail: string; note: string | null } | { ok: false; reason: ReasonCode; note: string };

class ConversationRun {
  private readonly db: Db;
  private readonly now: () => Date;
  private readonly cache: ParticipantCache;
  private readonly calls: VitallyCall[] = [];
  private readonly client: VitallyClient;
  private directory: ParticipantDirectory;
  private memo = new Map<string, Promise<unknown>>();
  private readonly syncs: Map<string, MessageSyncRow>;
  private conversationId: string | null;
  /** This run wrote to Vitally (lastAttemptAt is set). */
  private attempted = false;
  /** This run learned what Vitally holds (wrote with known results, or looked): lastSyncedAt moves at the end. */
  private settled = false;
  /** The conversation was found (a lost create) rather than created by this run. */
  private adopted = false;
  private readonly counts = { sent: 0, edited: 0, deleted: 0, held: 0 };
  private firstHeld: { reason: ReasonCode } | null = null;
  private readonly request: Snapshot["request"];
  private readonly integration: Integration;
  private readonly settings: VitallySettings;

  constructor(
    private readonly input: Input,
    snap: Snapshot,
    private readonly thread: Awaited<ReturnType<typeof loadThread>>,
    deps: ConversationDeps,
  ) {
    this.db = deps.db ?? defaultDb();
    this.now = deps.now ?? (() => new Date());
    this.cache = deps.cache ?? defaultCache;
    this.request = snap.request;
    this.integration = snap.integration;
    this.settings = snap.settings;
    this.client = vitallyClientFor(snap.integration, { ...deps, onCall: (c) => this.calls.push(c) });
    this.directory = new ParticipantDirectory(this.client, this.integration.id, { cache: this.cache, db: this.db, now: this.now });
    this.syncs = new Map(thread.syncs.map((s) => [s.messageId, s]));
    this.conversationId = thread.conversation?.remoteId ?? null;
  }

  async execute(): Promise<Outcome> {
    const work: ConversationWork = this.thread.work;
    let sends = work.sends;
    let drops = work.drops;
    let deletions = work.deletions;
    let adoptedOpening: CustomerMessage | null = null;

    if (work.create) {
      const created = await this.createConversation(work, uncertainWrite(this.thread.conversation));
      if (created === "held") {
        for (const { message, sync } of drops) await this.drop(message, sync);
        for (const m of sends) await this.hold(m, "waiting_for_earlier_message", "the conversation could not be created yet");
        return this.finish();
      }
      if (created === "adopted") adoptedOpening = work.mergedOpening;
    }
    const check = work.create ? this.adopted : uncertainWrite(this.thread.conversation) && (sends.length > 0 || drops.length > 0);
    if (check) {
      const checked = await this.reconcile(sends, drops, adoptedOpening);
      sends = checked.missing;
      drops = checked.drops;
      deletions = [...deletions, ...checked.deletions];
    }

    if (work.subjectChanged || work.openingChanged) await this.updateOpening(work);
    for (const { message, sync } of drops) await this.drop(message, sync);
    for (const { message, sync } of deletions) await this.reflectDeletion(message, sync);
    for (const { message, sync } of work.edits) await this.reflectEdit(message, sync);

    let blocked: string | null = null;
    for (const [i, message] of inSentOrder(sends).entries()) {
      if (i > 0 && i % 25 === 0) await extendConversationSyncLease(this.input, { db: this.db });
      if (blocked) {
        await this.hold(message, "waiting_for_earlier_message", blocked);
        continue;
      }
      // The unit starts before the lookups, so the message's log lists every call made for it.
      const unit = this.unit("MESSAGE", message);
      const held = await this.send(message, await this.partiesFor(message), unit);
      if (held) blocked = `an earlier message (sent ${formatUtc(message.sentAt)}) is held: ${held}`;
    }
    return this.finish();
  }

  // ─── People ──────────────────────────────────────────────────────────────────────────────

  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, fn());
    return this.memo.get(key) as Promise<T>;
  }

  private requestorUser(): Promise<VitallyPerson | null> {
    const email = this.request.requestorEmail;
    return this.once("requestor", async () => (email ? this.directory.user(email) : null));
  }

  private conversationAdmin(): Promise<TeamSide> {
    return this.once("team", () =>
      resolveTeamSide(this.directory, { teammateEmail: this.request.assigneeEmail, role: "assignee", defaultAdminEmail: this.settings.defaultAdminEmail }),
    );
  }

  /** The customer end of the conversation: the requestor, a Vitally user. */
  private async requestorParty(): Promise<{ ok: true; user: VitallyPerson } | { ok: false; reason: ReasonCode; note: string }> {
    if (!this.request.requestorEmail) return { ok: false, reason: "sender_has_no_email", note: `the requestor ${this.request.requestorName} has no email in Ferry` };
    const user = await this.requestorUser();
    if (user) return { ok: true, user };
    return { ok: false, reason: "customer_not_vitally_user", note: `the requestor ${this.request.requestorEmail} is not a Vitally user` };
  }

  /** The opening message: from the requestor to the conversation's admin. */
  private async openingParties(): Promise<Parties> {
    const customer = await this.requestorParty();
    if (!customer.ok) return customer;
    const team = await this.conversationAdmin();
    if (!team.ok) return team;
    return {
      ok: true,
      from: { type: "user", id: customer.user.id },
      to: [{ type: "admin", id: team.admin.id }],
      fromEmail: customer.user.email,
      toEmail: team.admin.email,
      note: team.note,
    };
  }

  /** Customer replies go from their Vitally user to the admin; team replies from the admin to the requestor (the seed's directions). */
  private async partiesFor(message: CustomerMessage): Promise<Parties> {
    if (message.authorType === "CUSTOMER") {
      const sameAsRequestor = !message.authorEmail && !!message.authorPlatformId && message.authorPlatformId === this.request.requestorPlatformId;
      const email = message.authorEmail ?? (sameAsRequestor ? this.request.requestorEmail : null);
      if (!email) return { ok: false, reason: "sender_has_no_email", note: `${message.authorName} sent it without an email address` };
      const user = email === this.request.requestorEmail ? await this.requestorUser() : await this.directory.user(email);
      if (!user) return { ok: false, reason: "customer_not_vitally_user", note: `${email} is not a Vitally user` };
      const team = await this.conversationAdmin();
      if (!team.ok) return team;
      return { ok: true, from: { type: "user", id: user.id }, to: [{ type: "admin", id: team.admin.id }], fromEmail: email, toEmail: team.admin.email, note: team.note };
    }
    const team = await resolveTeamSide(this.directory, { teammateEmail: message.authorEmail, role: "sender", defaultAdminEmail: this.settings.defaultAdminEmail });
    if (!team.ok) return team;
    const customer = await this.requestorParty();
    if (!customer.ok) return customer;
    return {
      ok: true,
      from: { type: "admin", id: team.admin.id },
      to: [{ type: "user", id: customer.user.id }],
      fromEmail: team.admin.email,
      toEmail: customer.user.email,
      note: team.note,
    };
  }

  /** A cached id Vitally refused: forget what this integration's cache knows and look everyone up again. */
  private freshPeople(): boolean {
    if (!this.directory.usedMemory) return false;
    this.cache.forget(this.integration.id);
    this.directory = new ParticipantDirectory(this.client, this.integration.id, { cache: this.cache, db: this.db, now: this.now });
    this.memo = new Map();
    return true;
  }

  // ─── The conversation ────────────────────────────────────────────────────────────────────

  private openingMessage(work: Pick<ConversationWork, "mergedOpening">, parties: Extract<Parties, { ok: true }>): MessageInput {
    const merged = work.mergedOpening;
    return {
      externalId: openingMessageExternalId(this.request.id),
      message: renderMessageHtml(merged ? { text: merged.text, attachments: attachmentsOf(merged) } : { text: this.request.messageText, attachments: [] }),
      from: parties.from,
      to: parties.to,
      timestamp: (merged?.sentAt ?? this.request.createdAt).toISOString(),
    };
  }

  private async createConversation(work: ConversationWork, uncertain: boolean): Promise<"created" | "adopted" | "held"> {
    const unit = this.unit("CONVERSATION", null);
    let parties = await this.openingParties();
    if (!parties.ok) {
      if (parties.reason === "customer_not_vitally_user" && (await this.requestSyncMayCreateRequestor())) {
        // The request's own push may be creating the requestor in Vitally right now (domain fallback).
        throw new RequestBusyError(5_000);
      }
      await this.holdConversation(unit, parties.reason, parties.note);
      return "held";
    }
    const externalId = conversationExternalId(this.request.id);
    const opening = openingState(this.request);
    let lookupNote = "";
    let remoteId: string | null = null;
    let openingRemoteId: string | null = null;
    let adopted = false;
    try {
      if (uncertain) {
        const found = await findConversationByExternalId(this.client, { externalId, attemptedSince: this.thread.conversation?.lastAttemptAt ?? null });
        remoteId = found.id;
        adopted = !!found.id;
        if (!found.ruledOut) lookupNote = " A previous attempt may have created it; the lookup could not rule that out within its page limit.";
      }
      for (let retried = false; !remoteId; retried = true) {
        await this.markAttempt();
        try {
          const created = await this.client.createConversation({ externalId, subject: opening.subject, messages: [this.openingMessage(work, parties)] });
          remoteId = created.id;
          openingRemoteId = created.messages?.find((m) => m.externalId === openingMessageExternalId(this.request.id))?.id ?? null;
        } catch (err) {
          if (!isExternalApiError(err) || err.kind !== "invalid_request") throw err;
          // A used externalId is refused by some readings of the API (§16 q2): the conversation exists already.
          const found = await findConversationByExternalId(this.client, { externalId, attemptedSince: this.request.receivedAt });
          if (found.id) {
            remoteId = found.id;
            adopted = true;
            break;
          }
          // Or Vitally refused an id Ferry remembered (a person deleted there): look them up afresh, once.
          if (retried || !this.freshPeople()) throw err;
          const again = await this.openingParties();
          if (!again.ok) {
            await this.holdConversation(unit, again.reason, again.note);
            return "held";
          }
          parties = again;
        }
      }
    } catch (err) {
      await this.failed(unit, err);
      throw err;
    }

    const who = `from ${parties.fromEmail} (Vitally user) to ${parties.toEmail} (Vitally admin)${parties.note ? `: ${parties.note}` : ""}`;
    await this.db.$transaction(async (tx) => {
      await tx.conversationSync.update({
        where: { requestId_integrationId: { requestId: this.request.id, integrationId: this.integration.id } },
        data: {
          remoteId,
          remoteUserId: parties.from.id,
          remoteAdminId: parties.to[0]!.id,
          state: "SYNCED",
          reasonCode: null,
          lastSyncedAt: this.now(),
        },
      });
      if (work.mergedOpening && !adopted) {
        await this.saveMessageIn(tx, work.mergedOpening, {
          state: "SYNCED",
          reasonCode: "message_same_as_opening",
          remoteId: openingRemoteId,
          sentHash: contentHashOf(work.mergedOpening),
          syncedAt: this.now(),
        });
      }
      await this.logIn(tx, unit, "SYNCED", {
        message: adopted
          ? `Found the conversation a previous attempt had created (externalId ${externalId}); nothing was created twice.`
          : `Created the Vitally conversation "${opening.subject}" with the request's first message, ${who}.${lookupNote}`,
        remoteId,
        decision: {
          subjectHash: opening.subjectHash,
          openingHash: opening.openingHash,
          externalId,
          userId: parties.from.id,
          adminId: parties.to[0]!.id,
          note: parties.note,
        },
      });
    });
    this.conversationId = remoteId;
    this.adopted = adopted;
    this.settled = true;
    return adopted ? "adopted" : "created";
  }

  /** Recent request, requestor unknown, and the request's first push has not finished: it may create them. */
  private async requestSyncMayCreateRequestor(): Promise<boolean> {
    if (!this.settings.pushNewRequests) return false;
    if (this.now().getTime() - this.request.receivedAt.getTime() > REQUEST_SYNC_GRACE_MS) return false;
    const sync = await this.db.requestSync.findUnique({
      where: { requestId_integrationId: { requestId: this.request.id, integrationId: this.integration.id } },
      select: { lastAttemptAt: true, leaseUntil: true },
    });
    return !sync?.lastAttemptAt || (!!sync.leaseUntil && sync.leaseUntil > this.now());
  }

  /**
   * After a write whose outcome is unknown, or when a lost create was found: which messages are in
   * the conversation already (GET /conversations/:id lists its messages with their externalIds,
   * §8.5). Those are recorded as synced (and updated next time if their text changed since); the
   * rest still need sending. A message deleted in Ferry meanwhile that did land becomes a deletion.
   */
  private async reconcile(
    sends: CustomerMessage[],
    drops: ConversationWork["drops"],
    opening: CustomerMessage | null,
  ): Promise<{ missing: CustomerMessage[]; drops: ConversationWork["drops"]; deletions: ConversationWork["deletions"] }> {
    const unit = this.unit("CONVERSATION", null);
    let remote;
    try {
      remote = await this.client.getConversation(this.conversationId!);
    } catch (err) {
      if (isExternalApiError(err) && err.kind === "not_found") await this.conversationGone(unit);
      await this.failed(unit, err);
      throw err;
    }
    this.settled = true;
    const byExternalId = new Map((remote.messages ?? []).map((m) => [m.externalId ?? "", m]));
    const found: { message: CustomerMessage; id: string; hash: string | null; reason: ReasonCode | null }[] = [];
    const missing: CustomerMessage[] = [];
    for (const message of opening ? [opening, ...sends] : sends) {
      const merged = message === opening;
      const there = byExternalId.get(merged ? openingMessageExternalId(this.request.id) : messageExternalId(message.id));
      if (!there) {
        missing.push(message);
        continue;
      }
      // Vitally may reformat HTML, so a differing body only counts as an edit when the message was edited in Ferry:
      // then the hash differs and the next run reflects the edit.
      const same = there.message === renderMessageHtml({ text: message.text, attachments: attachmentsOf(message) });
      const hash = same || !message.editedAt ? contentHashOf(message) : "edited-since-sent";
      found.push({ message, id: there.id, hash, reason: merged ? "message_same_as_opening" : null });
    }
    const stillDrops: ConversationWork["drops"] = [];
    const deletions: ConversationWork["deletions"] = [];
    for (const d of drops) {
      const there = byExternalId.get(messageExternalId(d.message.id));
      if (there) deletions.push({ message: d.message, sync: { messageId: d.message.id, state: "SYNCED", reasonCode: null, remoteId: there.id, sentHash: null } });
      else stillDrops.push(d);
    }
    await this.db.$transaction(async (tx) => {
      for (const f of found) {
        await this.saveMessageIn(tx, f.message, { state: "SYNCED", reasonCode: f.reason, remoteId: f.id, sentHash: f.hash, syncedAt: this.now() });
      }
      await this.logIn(tx, unit, "SYNCED", {
        message: `Checked the conversation after an attempt that ended without an answer: ${found.length + deletions.length} message(s) had already reached Vitally and were not sent again; ${missing.length} still to send.`,
        remoteId: this.conversationId,
      });
    });
    for (const f of found) this.syncs.set(f.message.id, { messageId: f.message.id, state: "SYNCED", reasonCode: f.reason, remoteId: f.id, sentHash: f.hash });
    return { missing, drops: stillDrops, deletions };
  }

  private async updateOpening(work: ConversationWork) {
    const unit = this.unit("CONVERSATION", null);
    const opening = openingState(this.request);
    const decision = { subjectHash: opening.subjectHash, openingHash: opening.openingHash, externalId: conversationExternalId(this.request.id) };
    const body: { subject?: string; messages?: MessageInput[] } = {};
    if (work.subjectChanged) body.subject = opening.subject;
    let note = "";
    if (work.openingChanged) {
      const parties = await this.openingParties();
      if (parties.ok) body.messages = [this.openingMessage({ mergedOpening: null }, parties)];
      else note = ` The first message's edit is not reflected: ${parties.note}.`;
    }
    if (!body.subject && !body.messages) {
      await this.log(unit, "SKIPPED", { reasonCode: "edit_not_reflected", message: `The request's first message was edited in Ferry.${note}`, remoteId: this.conversationId, decision });
      return;
    }
    try {
      await this.markAttempt();
      await this.client.request("PUT", `/conversations/${encodeURIComponent(this.conversationId!)}`, body, { schema: ZVitallyConversation });
    } catch (err) {
      if (isExternalApiError(err) && err.kind === "not_found") await this.conversationGone(unit);
      await this.failed(unit, err);
      throw err;
    }
    const what = [body.subject ? `the subject ("${opening.subject}")` : null, body.messages ? "the first message" : null].filter(Boolean).join(" and ");
    await this.log(unit, "SYNCED", {
      reasonCode: "message_edited",
      message: `The request's ${body.subject ? "title" : "first message"} changed in Ferry; updated ${what} of the Vitally conversation.${note}`,
      remoteId: this.conversationId,
      decision,
    });
  }

  private async conversationGone(unit: Unit): Promise<never> {
    await this.db.$transaction(async (tx) => {
      await tx.conversationSync.update({
        where: { requestId_integrationId: { requestId: this.request.id, integrationId: this.integration.id } },
        data: { remoteId: null, state: "PENDING", reasonCode: "conversation_deleted_in_destination", lastAttemptAt: null, lastSyncedAt: null },
      });
      await tx.messageSync.updateMany({
        where: { requestId: this.request.id, integrationId: this.integration.id, state: { not: "SKIPPED" } },
        data: { state: "PENDING", remoteId: null, sentHash: null, reasonCode: null, syncedAt: null },
      });
      await this.logIn(tx, { ...unit, kind: "CONVERSATION", message: null }, "SKIPPED", {
        reasonCode: "conversation_deleted_in_destination",
        message: `Vitally no longer has conversation ${this.conversationId}; it was deleted there. Ferry creates it again and re-sends the messages in order.`,
        remoteId: this.conversationId,
      });
    });
    throw new ConversationGone();
  }

  private async holdConversation(unit: Unit, reason: ReasonCode, note: string) {
    const before = this.thread.conversation;
    const changed = before?.state !== "HELD" || before.reasonCode !== reason;
    await this.db.$transaction(async (tx) => {
      await tx.conversationSync.update({
        where: { requestId_integrationId: { requestId: this.request.id, integrationId: this.integration.id } },
        data: { state: "HELD", reasonCode: reason },
      });
      // Logged when the reason changes, not on every re-check.
      if (changed) {
        await this.logIn(tx, unit, "SKIPPED", { reasonCode: reason, message: `The conversation is held: ${note}. ${this.words(reason)}`, decision: { note } });
      }
    });
    this.firstHeld ??= { reason };
  }

  // ─── Messages ────────────────────────────────────────────────────────────────────────────

  /** Sends one message, or holds it; answers why it is held (null when sent). */
  private async send(message: CustomerMessage, parties: Parties, unit: Unit, retried = false): Promise<string | null> {
    if (!parties.ok) {
      await this.hold(message, parties.reason, parties.note, unit);
      return parties.note;
    }
    const html = renderMessageHtml({ text: message.text, attachments: attachmentsOf(message) });
    let sentId: string;
    try {
      await this.markAttempt();
      const sent = await this.client.createMessage(this.conversationId!, {
        externalId: messageExternalId(message.id),
        message: html,
        from: parties.from,
        to: parties.to,
        timestamp: message.sentAt.toISOString(),
      });
      sentId = sent.id;
    } catch (err) {
      if (isExternalApiError(err) && err.kind === "not_found") await this.conversationGone(unit);
      // Vitally refused an id Ferry remembered (a person deleted there): look everyone up afresh, once.
      if (isExternalApiError(err) && err.kind === "invalid_request" && !retried && this.freshPeople()) {
        return this.send(message, await this.partiesFor(message), unit, true);
      }
      await this.failed(unit, err);
      throw err;
    }
    const direction = message.authorType === "CUSTOMER" ? "customer reply" : "team reply";
    const files = attachmentsOf(message).length;
    const hash = contentHashOf(message);
    await this.db.$transaction(async (tx) => {
      await this.saveMessageIn(tx, message, { state: "SYNCED", reasonCode: null, remoteId: sentId, sentHash: hash, syncedAt: this.now() });
      await this.logIn(tx, unit, "SYNCED", {
        message: `Sent the ${direction} from ${parties.fromEmail} to ${parties.toEmail}${files ? ` with ${files} attachment link(s)` : ""}${parties.note ? `: ${parties.note}` : ""}.`,
        remoteId: sentId,
        decision: { messageId: message.id, from: parties.from, to: parties.to, note: parties.note },
      });
    });
    this.syncs.set(message.id, { messageId: message.id, state: "SYNCED", reasonCode: null, remoteId: sentId, sentHash: hash });
    this.counts.sent++;
    return null;
  }

  private async reflectEdit(message: CustomerMessage, sync: MessageSyncRow) {
    const unit = this.unit("MESSAGE", message);
    const merged = sync.reasonCode === "message_same_as_opening";
    const parties = merged ? await this.openingParties() : await this.partiesFor(message);
    const hash = contentHashOf(message);
    if (!parties.ok) {
      await this.db.$transaction(async (tx) => {
        await this.saveMessageIn(tx, message, {
          state: "SYNCED",
          reasonCode: merged ? "message_same_as_opening" : "edit_not_reflected",
          remoteId: sync.remoteId,
          sentHash: hash,
          syncedAt: this.now(),
        });
        await this.logIn(tx, unit, "SKIPPED", {
          reasonCode: "edit_not_reflected",
          message: `The message was edited in Ferry, but the edit cannot be reflected in Vitally: ${parties.note}. The conversation keeps the earlier text.`,
          remoteId: sync.remoteId,
        });
      });
      return;
    }
    const externalId = merged ? openingMessageExternalId(this.request.id) : messageExternalId(message.id);
    let remoteId = sync.remoteId;
    try {
      await this.markAttempt();
      const updated = await this.client.request(
        "PUT",
        `/conversations/${encodeURIComponent(this.conversationId!)}`,
        {
          messages: [
            {
              externalId,
              message: renderMessageHtml({ text: message.text, attachments: attachmentsOf(message) }),
              from: parties.from,
              to: parties.to,
              timestamp: message.sentAt.toISOString(),
            },
          ],
        },
        { schema: ZVitallyConversation },
      );
      remoteId = updated.messages?.find((m) => m.externalId === externalId)?.id ?? remoteId;
    } catch (err) {
      if (isExternalApiError(err) && err.kind === "not_found") await this.conversationGone(unit);
      await this.failed(unit, err);
      throw err;
    }
    await this.db.$transaction(async (tx) => {
      await this.saveMessageIn(tx, message, { state: "SYNCED", reasonCode: merged ? "message_same_as_opening" : "message_edited", remoteId, sentHash: hash, syncedAt: this.now() });
      await this.logIn(tx, unit, "SYNCED", {
        reasonCode: "message_edited",
        message: `The message was edited in Ferry${message.editedAt ? ` at ${formatUtc(message.editedAt)}` : ""}; updated it in the Vitally conversation (PUT with the same externalId).`,
        remoteId,
      });
    });
    this.counts.edited++;
  }

  private async reflectDeletion(message: CustomerMessage, sync: MessageSyncRow) {
    const unit = this.unit("MESSAGE", message);
    const externalId = sync.reasonCode === "message_same_as_opening" ? openingMessageExternalId(this.request.id) : messageExternalId(message.id);
    let remoteId = sync.remoteId;
    try {
      await this.markAttempt();
      if (!remoteId) {
        const remote = await this.client.getConversation(this.conversationId!).catch(async (err: unknown) => {
          if (isExternalApiError(err) && err.kind === "not_found") await this.conversationGone(unit);
          throw err;
        });
        remoteId = remote.messages?.find((m) => m.externalId === externalId)?.id ?? null;
      }
      if (remoteId) {
        try {
          await this.client.request("DELETE", `/messages/${encodeURIComponent(remoteId)}`);
        } catch (err) {
          if (!isExternalApiError(err) || err.kind !== "not_found") throw err; // already gone in Vitally: that is the goal
        }
      }
    } catch (err) {
      await this.failed(unit, err);
      throw err;
    }
    await this.db.$transaction(async (tx) => {
      await this.saveMessageIn(tx, message, { state: "SKIPPED", reasonCode: "message_deleted", remoteId, sentHash: sync.sentHash, syncedAt: this.now() });
      await this.logIn(tx, unit, "SYNCED", {
        reasonCode: "message_deleted",
        message: `The message was deleted in Ferry${message.deletedAt ? ` at ${formatUtc(message.deletedAt)}` : ""}; ${remoteId ? "deleted it from the Vitally conversation" : "it was no longer in the Vitally conversation"}.`,
        remoteId,
      });
    });
    this.counts.deleted++;
  }

  private async drop(message: CustomerMessage, sync: MessageSyncRow | null) {
    const unit = this.unit("MESSAGE", message);
    await this.db.$transaction(async (tx) => {
      await this.saveMessageIn(tx, message, { state: "SKIPPED", reasonCode: "message_deleted_before_sync", remoteId: null, sentHash: null, syncedAt: null });
      await this.logIn(tx, unit, "SKIPPED", {
        reasonCode: "message_deleted_before_sync",
        message: `The message was deleted in Ferry before it reached Vitally${sync?.state === "HELD" ? " (it was held: the messages after it are no longer waiting for it)" : ""}; nothing was sent.`,
      });
    });
  }

  private async hold(message: CustomerMessage, reason: ReasonCode, note: string, unit: Unit = this.unit("MESSAGE", message)) {
    const before = this.syncs.get(message.id);
    const changed = before?.state !== "HELD" || before.reasonCode !== reason;
    await this.db.$transaction(async (tx) => {
      await this.saveMessageIn(tx, message, { state: "HELD", reasonCode: reason, remoteId: null, sentHash: before?.sentHash ?? null, syncedAt: null });
      if (changed) {
        await this.logIn(tx, unit, "SKIPPED", { reasonCode: reason, message: `Held: ${note}. ${this.words(reason)}`, decision: { messageId: message.id, note } });
      }
    });
    this.syncs.set(message.id, { messageId: message.id, state: "HELD", reasonCode: reason, remoteId: null, sentHash: before?.sentHash ?? null });
    this.counts.held++;
    this.firstHeld ??= { reason };
  }

  // ─── Bookkeeping ─────────────────────────────────────────────────────────────────────────

  private unit(kind: SyncKind, message: CustomerMessage | null): Unit {
    return { kind, message, startCall: this.calls.length, started: performance.now() };
  }

  private words(reason: ReasonCode) {
    return describeReason(reason, { destination: "Vitally" }).explanation;
  }

  /** Marks that this run is about to write to Vitally (the "did it land?" question starts here). */
  private async markAttempt() {
    this.settled = true;
    if (this.attempted) return;
    this.attempted = true;
    await this.db.conversationSync.update({
      where: { requestId_integrationId: { requestId: this.request.id, integrationId: this.integration.id } },
      data: { lastAttemptAt: this.now() },
    });
  }

  private async saveMessageIn(
    tx: Prisma.TransactionClient,
    message: CustomerMessage,
    /** `syncedAt` undefined leaves it as it is. */
    fields: { state: SyncState; reasonCode: ReasonCode | null; remoteId: string | null; sentHash: string | null; syncedAt: Date | null | undefined },
  ) {
    await tx.messageSync.upsert({
      where: { messageId_integrationId: { messageId: message.id, integrationId: this.integration.id } },
      create: { workspaceId: this.request.workspaceId, requestId: this.request.id, messageId: message.id, integrationId: this.integration.id, ...fields },
      update: fields,
    });
  }

  private async log(unit: Unit, outcome: SyncOutcome, fields: LogFields) {
    await this.logIn(this.db, unit, outcome, fields);
  }

  private async logIn(tx: Prisma.TransactionClient | Db, unit: Unit, outcome: SyncOutcome, fields: LogFields) {
    await recordSyncAttempt(
      {
        workspaceId: this.request.workspaceId,
        integrationId: this.integration.id,
        provider: "VITALLY",
        kind: unit.kind,
        requestId: this.request.id,
        requestNumber: this.request.number,
        requestorEmail: this.request.requestorEmail,
        trigger: this.input.trigger,
        outcome,
        reasonCode: fields.reasonCode ?? null,
        message: fields.message,
        // Message logs name their message, so the request page can show each held message's own words.
        decision: fields.decision ?? (unit.message ? { messageId: unit.message.id } : undefined),
        calls: this.calls.slice(unit.startCall).map((c) => ({ method: c.method, path: c.path, status: c.status ?? 0, durationMs: c.durationMs, kind: c.operation })),
        remoteId: fields.remoteId ?? (unit.kind === "CONVERSATION" ? this.conversationId : null),
        durationMs: Math.round(performance.now() - unit.started),
      },
      { db: tx as Db, now: this.now },
    );
  }

  /** Logs a destination failure on its message or the conversation, sets the states, and leaves the error to the caller to rethrow. */
  private async failed(unit: Unit, err: unknown) {
    if (!isExternalApiError(err)) return;
    const e: ExternalApiError = err;
    let reason: ReasonCode;
    let state: SyncState;
    if (e.kind === "auth" || e.kind === "forbidden") {
      await markNeedsAttention({ integrationId: this.integration.id, reason: `Vitally rejected the API key (${e.status ?? e.kind}). Update the credentials.` }, { db: this.db });
      reason = "credentials_rejected";
      state = "HELD";
    } else if (e.kind === "rate_limited") {
      reason = "rate_limited";
      state = "PENDING";
    } else if (e.retryable) {
      reason = "destination_unavailable";
      state = "PENDING";
    } else {
      reason = "destination_rejected";
      state = "FAILED";
    }
    // A 429 (or Ferry's own budget) means the call was not made: nothing is uncertain then.
    const known = e.kind === "rate_limited" || e.kind === "auth" || e.kind === "forbidden" || e.kind === "invalid_request";
    await this.db.$transaction(async (tx) => {
      await tx.conversationSync.update({
        where: { requestId_integrationId: { requestId: this.request.id, integrationId: this.integration.id } },
        data: { state, reasonCode: reason, ...(known && this.settled ? { lastSyncedAt: this.now() } : {}) },
      });
      if (unit.message) {
        const before = this.syncs.get(unit.message.id);
        // A message already in Vitally stays synced (its edit or deletion is retried); the merged opening keeps its marker.
        await this.saveMessageIn(tx, unit.message, {
          state: before?.state === "SYNCED" ? "SYNCED" : state,
          reasonCode: before?.reasonCode === "message_same_as_opening" ? before.reasonCode : reason,
          remoteId: before?.remoteId ?? null,
          sentHash: before?.sentHash ?? null,
          syncedAt: before?.state === "SYNCED" ? undefined : null,
        });
      }
      await this.logIn(tx, unit, "FAILED", { reasonCode: reason, message: e.message });
    });
  }

  private async finish(): Promise<Outcome> {
    const state: SyncState = this.firstHeld ? "HELD" : "SYNCED";
    await this.db.conversationSync.update({
      where: { requestId_integrationId: { requestId: this.request.id, integrationId: this.integration.id } },
      data: { state, reasonCode: this.firstHeld?.reason ?? null, ...(this.settled ? { lastSyncedAt: this.now() } : {}) },
    });
    return {
      status: this.firstHeld ? "held" : "synced",
      conversationId: this.conversationId,
      reason: this.firstHeld?.reason ?? null,
      ...this.counts,
      calls: this.calls.length,
    };
  }
}

type LogFields = { reasonCode?: ReasonCode | null; message?: string; decision?: unknown; remoteId?: string | null };
