import { createHash } from "node:crypto";
import type { MessageSync, RequestMessage } from "@/generated/prisma/client";
import { readAttachments } from "@/lib/requests/serialize";
import { messageContentHash, type MessageAttachment } from "./message-html";

/**
 * What a run has to do for one request's conversation, decided from Ferry's data alone (pure, no
 * calls): create the conversation, reflect a changed subject or first message, reflect edits and
 * deletions of messages already in Vitally, record messages deleted before they were sent, and send
 * the rest in the order they were sent. Nothing to do means no call at all.
 *
 * Only the CUSTOMER thread is a conversation. Internal-thread messages are the team talking among
 * themselves (triage, notes about the customer); they never go to the customer's conversation in
 * Vitally, where the whole customer-success team reads them as customer history. They are in the
 * request instance's "Internal Thread" trait already (the request sync), where they stay internal.
 */

export type CustomerMessage = Pick<
  RequestMessage,
  "id" | "authorType" | "authorName" | "authorEmail" | "authorPlatformId" | "text" | "attachments" | "sentAt" | "createdAt" | "editedAt" | "deletedAt"
>;
export type MessageSyncRow = Pick<MessageSync, "messageId" | "state" | "reasonCode" | "remoteId" | "sentHash">;

export type OpeningState = { subject: string; subjectHash: string; openingHash: string };

export type ConversationWork = {
  create: boolean;
  /** At creation: the first customer message, when it repeats the text that started the request (sent once, as the first message). */
  mergedOpening: CustomerMessage | null;
  subjectChanged: boolean;
  openingChanged: boolean;
  edits: { message: CustomerMessage; sync: MessageSyncRow }[];
  deletions: { message: CustomerMessage; sync: MessageSyncRow }[];
  drops: { message: CustomerMessage; sync: MessageSyncRow | null }[];
  /** In the order they were sent; pending, held and failed ones alike (held ones are re-checked first). */
  sends: CustomerMessage[];
};

const sha = (value: string) => createHash("sha256").update(value).digest("hex");

/** The conversation's subject: the request's title, or the start of the first message. */
export function conversationSubject(request: { title: string; messageText: string }): string {
  const title = request.title.trim();
  if (title) return title;
  const first = request.messageText.replace(/\s+/g, " ").trim();
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

export function openingState(request: { title: string; messageText: string }): OpeningState {
  const subject = conversationSubject(request);
  return { subject, subjectHash: sha(subject), openingHash: messageContentHash({ text: request.messageText, attachments: [] }) };
}

export const attachmentsOf = (message: Pick<CustomerMessage, "attachments">): MessageAttachment[] => readAttachments(message.attachments);

export const contentHashOf = (message: Pick<CustomerMessage, "text" | "attachments">) =>
  messageContentHash({ text: message.text, attachments: attachmentsOf(message) });

/** Sent order: sentAt, then the order Ferry received them, then id (a total order). */
export function inSentOrder<T extends Pick<CustomerMessage, "sentAt" | "createdAt" | "id">>(messages: T[]): T[] {
  return [...messages].sort(
    (a, b) => a.sentAt.getTime() - b.sentAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
  );
}

function repeatsOpening(message: CustomerMessage, messageText: string): boolean {
  return message.authorType === "CUSTOMER" && attachmentsOf(message).length === 0 && message.text.trim() === messageText.trim();
}

export function planConversationWork(input: {
  request: { title: string; messageText: string };
  messages: CustomerMessage[];
  syncs: MessageSyncRow[];
  conversationRemoteId: string | null;
  /** What the last successful conversation write recorded; null when unknown (then no change is assumed). */
  sentOpening: Pick<OpeningState, "subjectHash" | "openingHash"> | null;
}): ConversationWork {
  const create = !input.conversationRemoteId;
  const syncs = new Map(input.syncs.map((s) => [s.messageId, s]));
  const ordered = inSentOrder(input.messages);
  const firstLive = ordered.find((m) => !m.deletedAt) ?? null;
  const mergedOpening =
    create && firstLive && !syncs.get(firstLive.id) && repeatsOpening(firstLive, input.request.messageText) ? firstLive : null;

  const work: ConversationWork = {
    create,
    mergedOpening,
    subjectChanged: false,
    openingChanged: false,
    edits: [],
    deletions: [],
    drops: [],
    sends: [],
  };
  if (!create && input.sentOpening) {
    const now = openingState(input.request);
    work.subjectChanged = now.subjectHash !== input.sentOpening.subjectHash;
    work.openingChanged = now.openingHash !== input.sentOpening.openingHash;
  }

  for (const message of ordered) {
    if (message === mergedOpening) continue;
    const sync = syncs.get(message.id) ?? null;
    if (message.deletedAt) {
      if (sync?.state === "SYNCED") work.deletions.push({ message, sync });
      else if (sync?.state !== "SKIPPED") work.drops.push({ message, sync });
      continue;
    }
    if (!sync || sync.state === "PENDING" || sync.state === "HELD" || sync.state === "FAILED") {
      work.sends.push(message);
    } else if (sync.state === "SYNCED" && sync.sentHash !== contentHashOf(message)) {
      work.edits.push({ message, sync });
    }
  }
  return work;
}

export function hasWork(work: ConversationWork): boolean {
  return (
    work.create ||
    work.subjectChanged ||
    work.openingChanged ||
    work.edits.length > 0 ||
    work.deletions.length > 0 ||
    work.drops.length > 0 ||
    work.sends.length > 0
  );
}
