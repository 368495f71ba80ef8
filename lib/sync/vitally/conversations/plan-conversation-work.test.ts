import { describe, expect, it } from "vitest";
import { contentHashOf, conversationSubject, hasWork, openingState, planConversationWork, type CustomerMessage, type MessageSyncRow } from "./plan-conversation-work";

const t = (minute: number) => new Date(Date.UTC(2030, 0, 1, 9, minute));
let n = 0;
function msg(over: Partial<CustomerMessage> = {}): CustomerMessage {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    authorType: "CUSTOMER",
    authorName: "Jane",
    authorEmail: "jane@acme.example",
    authorPlatformId: null,
    text: `message ${n}`,
    attachments: [],
    sentAt: t(n),
    createdAt: t(n),
    editedAt: null,
    deletedAt: null,
    ...over,
  };
}
const synced = (m: CustomerMessage, over: Partial<MessageSyncRow> = {}): MessageSyncRow => ({
  messageId: m.id,
  state: "SYNCED",
  reasonCode: null,
  remoteId: `r-${m.id}`,
  sentHash: contentHashOf(m),
  ...over,
});
const request = { title: "Export fails", messageText: "It times out." };

describe("planConversationWork", () => {
  it("creates the conversation and sends everything in sent order (not arrival order)", () => {
    const late = msg({ sentAt: t(50), createdAt: t(1) });
    const early = msg({ sentAt: t(40), createdAt: t(2) });
    const work = planConversationWork({ request, messages: [late, early], syncs: [], conversationRemoteId: null, sentOpening: null });
    expect(work.create).toBe(true);
    expect(work.sends.map((m) => m.id)).toEqual([early.id, late.id]);
  });

  it("merges a first customer message that repeats the request's text into the opening, only at creation", () => {
    const repeat = msg({ text: "  It times out. " });
    const next = msg();
    const atCreation = planConversationWork({ request, messages: [repeat, next], syncs: [], conversationRemoteId: null, sentOpening: null });
    expect(atCreation.mergedOpening?.id).toBe(repeat.id);
    expect(atCreation.sends.map((m) => m.id)).toEqual([next.id]);
    const later = planConversationWork({ request, messages: [repeat, next], syncs: [], conversationRemoteId: "c1", sentOpening: null });
    expect(later.mergedOpening).toBeNull();
    expect(later.sends).toHaveLength(2);
    const fromTeam = msg({ authorType: "TEAM", text: "It times out." });
    expect(planConversationWork({ request, messages: [fromTeam], syncs: [], conversationRemoteId: null, sentOpening: null }).mergedOpening).toBeNull();
  });

  it("finds edits, deletions, messages deleted before they were sent, and retries held and failed ones", () => {
    const edited = msg({ text: "new text", editedAt: t(90) });
    const deleted = msg({ deletedAt: t(91) });
    const deletedEarly = msg({ deletedAt: t(92) });
    const alreadyGone = msg({ deletedAt: t(93) });
    const held = msg();
    const failed = msg();
    const skipped = msg();
    const unchanged = msg();
    const work = planConversationWork({
      request,
      messages: [edited, deleted, deletedEarly, alreadyGone, held, failed, skipped, unchanged],
      syncs: [
        synced(edited, { sentHash: "old" }),
        synced(deleted),
        { messageId: deletedEarly.id, state: "HELD", reasonCode: "customer_not_vitally_user", remoteId: null, sentHash: null },
        synced(alreadyGone, { state: "SKIPPED", reasonCode: "message_deleted" }),
        { messageId: held.id, state: "HELD", reasonCode: "waiting_for_earlier_message", remoteId: null, sentHash: null },
        { messageId: failed.id, state: "FAILED", reasonCode: "destination_rejected", remoteId: null, sentHash: null },
        { messageId: skipped.id, state: "SKIPPED", reasonCode: "message_skipped_by_member", remoteId: null, sentHash: null },
        synced(unchanged),
      ],
      conversationRemoteId: "c1",
      sentOpening: openingState(request),
    });
    expect(work.edits.map((e) => e.message.id)).toEqual([edited.id]);
    expect(work.deletions.map((e) => e.message.id)).toEqual([deleted.id]);
    expect(work.drops.map((e) => e.message.id)).toEqual([deletedEarly.id]);
    expect(work.sends.map((m) => m.id)).toEqual([held.id, failed.id]);
    expect(work.subjectChanged || work.openingChanged).toBe(false);
  });

  it("has nothing to do when everything is in Vitally as it is in Ferry", () => {
    const a = msg();
    const work = planConversationWork({ request, messages: [a], syncs: [synced(a)], conversationRemoteId: "c1", sentOpening: openingState(request) });
    expect(hasWork(work)).toBe(false);
  });

  it("sees a changed title or first message, and assumes no change when it does not know what was sent", () => {
    const sent = openingState(request);
    const retitled = planConversationWork({ request: { ...request, title: "New title" }, messages: [], syncs: [], conversationRemoteId: "c1", sentOpening: sent });
    expect([retitled.subjectChanged, retitled.openingChanged]).toEqual([true, false]);
    const rewritten = planConversationWork({ request: { ...request, messageText: "Other" }, messages: [], syncs: [], conversationRemoteId: "c1", sentOpening: sent });
    expect([rewritten.subjectChanged, rewritten.openingChanged]).toEqual([false, true]);
    const unknown = planConversationWork({ request: { ...request, title: "New" }, messages: [], syncs: [], conversationRemoteId: "c1", sentOpening: null });
    expect(hasWork(unknown)).toBe(false);
  });
});

describe("conversationSubject", () => {
  it("is the title, or the start of the first message when the title is blank", () => {
    expect(conversationSubject({ title: " Export fails ", messageText: "x" })).toBe("Export fails");
    expect(conversationSubject({ title: " ", messageText: "Hello\nthere" })).toBe("Hello there");
    expect(conversationSubject({ title: "", messageText: "a".repeat(200) })).toHaveLength(120);
  });
});
