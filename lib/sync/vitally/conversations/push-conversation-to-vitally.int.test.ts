import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { isExternalApiError } from "@/lib/http/external-api-error";
import { connectVitally } from "@/lib/integrations/vitally/connect-vitally";
import { updateVitallySettings } from "@/lib/integrations/vitally/update-vitally-integration";
import { addMessage } from "@/lib/requests/add-message";
import { createRequest } from "@/lib/requests/create-request";
import { deleteMessage } from "@/lib/requests/delete-message";
import { editMessage } from "@/lib/requests/edit-message";
import { updateRequest } from "@/lib/requests/update-request";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_ADMINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import type { MessageRecord } from "@/lib/sandbox/vitally/types";
import { RequestBusyError } from "@/lib/sync/request-sync-lease";
import { pushRequestToVitally } from "@/lib/sync/vitally/push-request-to-vitally";
import { conversationExternalId, messageExternalId, openingMessageExternalId } from "@/lib/sync/vitally/conversations/conversation-ids";
import { ParticipantCache } from "@/lib/sync/vitally/conversations/participant-cache";
import { pushConversationToVitally, type ConversationPushOutcome } from "@/lib/sync/vitally/conversations/push-conversation-to-vitally";
import { skipHeldConversationMessage } from "@/lib/sync/vitally/conversations/skip-held-conversation-message";
import { createMember, createWorkspace, uid } from "@/tests/factories";

let sandbox: VitallySandbox;
let control: SandboxControlClient;
let workspace: { id: string; slug: string };
let integrationId: string;
let cache: ParticipantCache;
const TEAMMATE = "sam@ferry-demo.test";
const CUSTOMER = DEMO_LINK_CASES.oneOrgOneAccount;
const deps = () => ({ policy: { sandboxUrl: sandbox.url, extraAllowed: [] }, appUrl: "https://ferry.test", cache });

type Synced = Extract<ConversationPushOutcome, { status: "synced" | "held" }>;
const push = (requestId: string, trigger = "test") =>
  pushConversationToVitally({ workspaceId: workspace.id, requestId, integrationId, trigger }, deps()) as Promise<Synced>;

async function newRequest(
  requestor: { name?: string; email?: string | null; platformId?: string },
  extra: Record<string, unknown> = {},
) {
  const { body } = await createRequest({
    workspaceId: workspace.id,
    data: {
      channel: "slack",
      title: `Export fails ${uid()}`,
      messageText: "The CSV export times out for large reports.",
      requestor: { name: requestor.name ?? "Jane Customer", ...(requestor.email ? { email: requestor.email } : {}), ...(requestor.platformId ? { platformId: requestor.platformId } : {}) },
      ...extra,
    },
  });
  return body as { id: string; number: number };
}

let clock = Date.parse("2030-01-01T09:00:00.000Z");
/** Strictly increasing sentAt values, so the sent order is unambiguous. */
const nextSentAt = () => new Date((clock += 60_000)).toISOString();

async function say(
  requestId: string,
  author: { type: "customer" | "team"; name?: string; email?: string | null; platformId?: string },
  text: string,
  extra: { thread?: "customer" | "internal"; sentAt?: string; attachments?: { name: string; url: string; size?: number | null }[] } = {},
) {
  const { body } = await addMessage({
    workspaceId: workspace.id,
    ref: requestId,
    data: {
      thread: extra.thread ?? "customer",
      author: { type: author.type, name: author.name ?? (author.type === "team" ? "Sam Support" : "Jane Customer"), ...(author.email ? { email: author.email } : {}), ...(author.platformId ? { platformId: author.platformId } : {}) },
      text,
      sentAt: extra.sentAt ?? nextSentAt(),
      ...(extra.attachments ? { attachments: extra.attachments } : {}),
    },
  });
  return body as { id: string };
}

async function vitallyData() {
  return (await control.state(DEMO_KEY)).data;
}
async function idOf(kind: "users" | "admins", email: string) {
  const rows = ((await vitallyData())[kind] ?? []) as { id: string; email: string | null }[];
  return rows.find((r) => r.email === email)!.id;
}
async function conversationOf(requestId: string) {
  const data = await vitallyData();
  const conversations = (data.conversations ?? []).filter((c) => c.externalId === conversationExternalId(requestId));
  const messages = ((data.messages ?? []) as MessageRecord[])
    .filter((m) => conversations.some((c) => c.id === m.conversationId))
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  return { conversations, messages };
}
const syncOf = (requestId: string) =>
  db().conversationSync.findUniqueOrThrow({ where: { requestId_integrationId: { requestId, integrationId } } });
const messageSyncOf = (messageId: string) =>
  db().messageSync.findUniqueOrThrow({ where: { messageId_integrationId: { messageId, integrationId } } });
/** The conversation sync's logs of a request (the request sync's own are left out). */
const logsOf = (requestId: string, kind?: "CONVERSATION" | "MESSAGE") =>
  db().syncLog.findMany({ where: { requestId, integrationId, kind: kind ?? { in: ["CONVERSATION", "MESSAGE"] } }, orderBy: { id: "asc" } });

/**
 * Settings as a whole: updateVitallySettings resets the fields it is not given to their defaults
 * (its partial zod schema applies the defaults), so every call here states both conversation fields.
 */
const setSettings = (patch: { syncConversations?: boolean; defaultAdminEmail?: string | null }) =>
  updateVitallySettings({ workspaceId: workspace.id, integrationId }, { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active, ...patch });

/** What Inngest does with retryable failures: run again until the push lands. */
async function pushUntilDone(requestId: string, max = 30) {
  const errors: string[] = [];
  for (let i = 0; i < max; i++) {
    try {
      return { outcome: await push(requestId), errors };
    } catch (err) {
      if (err instanceof RequestBusyError) {
        errors.push("busy");
        continue;
      }
      if (!isExternalApiError(err) || !err.retryable) throw err;
      errors.push(err.kind);
    }
  }
  throw new Error(`not done after ${max} attempts: ${errors.join(",")}`);
}

beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo" });
  control = new SandboxControlClient({ baseUrl: sandbox.url });
  await control.seed(DEMO_KEY, { admins: [{ name: "Sam Support", email: TEAMMATE, licenseStatus: "active" }] });
  const ws = await createWorkspace();
  workspace = ws;
  const owner = await createMember(ws.id, "OWNER");
  const integration = await connectVitally(
    { workspaceId: ws.id, actorUserId: owner.id },
    {
      apiUrl: sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle,
      auth: DEMO_KEY,
      settings: { syncConversations: true, defaultAdminEmail: DEMO_ADMINS.active },
    },
    deps(),
  );
  integrationId = integration.id;
});

beforeEach(() => {
  cache = new ParticipantCache();
});

afterAll(async () => {
  await sandbox?.close();
});

describe("a conversation per request", () => {
  it("creates one conversation: the request's first message from the customer to the default admin when unassigned", async () => {
    const request = await newRequest({ email: CUSTOMER });
    const outcome = await push(request.id);
    expect(outcome).toMatchObject({ status: "synced", sent: 0, held: 0 });

    const { conversations, messages } = await conversationOf(request.id);
    expect(conversations).toHaveLength(1);
    const [conversation] = conversations;
    expect(conversation!.subject).toMatch(/^Export fails /);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      externalId: openingMessageExternalId(request.id),
      message: "<p>The CSV export times out for large reports.</p>",
      type: "inbound",
      from: { type: "user", id: await idOf("users", CUSTOMER) },
      to: [{ type: "admin", id: await idOf("admins", DEMO_ADMINS.active) }],
    });
    expect(await syncOf(request.id)).toMatchObject({
      state: "SYNCED",
      remoteId: conversation!.id,
      remoteUserId: await idOf("users", CUSTOMER),
      remoteAdminId: await idOf("admins", DEMO_ADMINS.active),
    });
    const [log] = await logsOf(request.id, "CONVERSATION");
    expect(log).toMatchObject({ outcome: "SYNCED", remoteId: conversation!.id });
    expect(log!.message).toContain(`the default admin ${DEMO_ADMINS.active} stands in`);
    expect(log!.message).toContain("not assigned");
  });

  it("uses the assigned teammate when they are a Vitally admin", async () => {
    const request = await newRequest({ email: CUSTOMER }, { assignee: { name: "Sam Support", email: TEAMMATE } });
    await push(request.id);
    const { messages } = await conversationOf(request.id);
    expect(messages[0]!.to).toEqual([{ type: "admin", id: await idOf("admins", TEAMMATE) }]);
  });

  it.each([
    ["not a Vitally admin", `pat.${uid()}@ferry.dev`, "is not a Vitally admin"],
    ["a deactivated Vitally admin", DEMO_ADMINS.deactivated, "is a deactivated Vitally admin"],
  ])("lets the default admin stand in when the assignee is %s, and says so", async (_case, assignee, words) => {
    const request = await newRequest({ email: CUSTOMER }, { assignee: { name: "Pat", email: assignee } });
    await push(request.id);
    const { messages } = await conversationOf(request.id);
    expect(messages[0]!.to).toEqual([{ type: "admin", id: await idOf("admins", DEMO_ADMINS.active) }]);
    const [log] = await logsOf(request.id, "CONVERSATION");
    expect(log!.message).toContain(`${assignee} ${words}; the default admin ${DEMO_ADMINS.active} stands in`);
  });

  it("sends the first customer message once when it repeats the text that started the request", async () => {
    const request = await newRequest(
      { email: CUSTOMER },
      { messages: [{ thread: "customer", author: { type: "customer", name: "Jane Customer", email: CUSTOMER }, text: "The CSV export times out for large reports." }] },
    );
    await push(request.id);
    const { messages } = await conversationOf(request.id);
    expect(messages).toHaveLength(1);
    const stored = await db().requestMessage.findFirstOrThrow({ where: { requestId: request.id } });
    expect(await messageSyncOf(stored.id)).toMatchObject({ state: "SYNCED", reasonCode: "message_same_as_opening", remoteId: messages[0]!.id });
  });

  it("makes no call and writes nothing when the switch is off, or for requests older than the integration", async () => {
    const request = await newRequest({ email: CUSTOMER });
    await setSettings({ syncConversations: false });
    try {
      expect(await push(request.id)).toEqual({ status: "disabled", calls: 0 });
    } finally {
      await setSettings({});
    }
    const old = await newRequest({ email: CUSTOMER });
    await db().request.update({ where: { id: old.id }, data: { receivedAt: new Date("2020-01-01T00:00:00Z") } });
    expect(await push(old.id)).toEqual({ status: "skipped", reason: "created_before_integration", calls: 0 });
    expect(await db().conversationSync.count({ where: { requestId: { in: [request.id, old.id] } } })).toBe(0);
    expect((await conversationOf(old.id)).conversations).toHaveLength(0);
  });
});

describe("follow-up messages", () => {
  it("customer replies go from the user to the admin, team replies from the admin to the user; one call each; internal notes stay out", async () => {
    const request = await newRequest({ email: CUSTOMER }, { assignee: { name: "Sam Support", email: TEAMMATE } });
    await push(request.id);
    const reply = await say(request.id, { type: "team", email: TEAMMATE }, "Thanks, looking into it.");
    expect(await push(request.id)).toMatchObject({ status: "synced", sent: 1, calls: 1 });
    const note = await say(request.id, { type: "team", email: TEAMMATE }, "Probably the 30 s proxy timeout.", { thread: "internal" });
    const followUp = await say(request.id, { type: "customer", email: CUSTOMER }, "Any news?");
    expect(await push(request.id)).toMatchObject({ status: "synced", sent: 1, calls: 1 });
    expect(await push(request.id)).toEqual({ status: "up_to_date", conversationId: (await syncOf(request.id)).remoteId, calls: 0 });

    const { messages } = await conversationOf(request.id);
    const user = await idOf("users", CUSTOMER);
    const admin = await idOf("admins", TEAMMATE);
    expect(messages.map((m) => [m.externalId, m.type, m.from, m.to])).toEqual([
      [openingMessageExternalId(request.id), "inbound", { type: "user", id: user }, [{ type: "admin", id: admin }]],
      [messageExternalId(reply.id), "outbound", { type: "admin", id: admin }, [{ type: "user", id: user }]],
      [messageExternalId(followUp.id), "inbound", { type: "user", id: user }, [{ type: "admin", id: admin }]],
    ]);
    expect(JSON.stringify(messages)).not.toContain("proxy timeout");
    expect(await db().messageSync.count({ where: { messageId: note.id } })).toBe(0);
  });

  it("a team reply from someone who is not a Vitally admin comes from the default admin, and the log says so", async () => {
    const request = await newRequest({ email: CUSTOMER }, { assignee: { name: "Sam Support", email: TEAMMATE } });
    await push(request.id);
    const outsider = `contractor.${uid()}@ferry.dev`;
    const reply = await say(request.id, { type: "team", name: "Casey Contractor", email: outsider }, "I'll take this one.");
    await push(request.id);
    const sent = (await conversationOf(request.id)).messages.find((m) => m.externalId === messageExternalId(reply.id))!;
    expect(sent.from).toEqual({ type: "admin", id: await idOf("admins", DEMO_ADMINS.active) });
    const log = (await logsOf(request.id, "MESSAGE")).at(-1)!;
    expect(log.message).toContain(`${outsider} is not a Vitally admin; the default admin ${DEMO_ADMINS.active} stands in`);
  });
});

describe("remembered people", () => {
  it("looks a customer up again when Vitally refuses the id Ferry remembered, and holds the message if they are gone", async () => {
    const email = `leaving.${uid()}@acme.example`;
    await control.seed(DEMO_KEY, { users: [{ externalId: `leaving-${uid()}`, name: "Leaving Soon", email, accountIds: ["acc-acme"] }] });
    const request = await newRequest({ email });
    await push(request.id);
    const userId = await idOf("users", email);
    // Deleted in Vitally (the lenient reading deletes at once) while Ferry still remembers the id.
    await control.setSettings({ strict: false });
    try {
      const res = await fetch(`${sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle}/resources/users/${userId}`, {
        method: "DELETE",
        headers: { authorization: `Basic ${Buffer.from(`${DEMO_KEY}:`).toString("base64")}` },
      });
      expect(res.status).toBe(204);
    } finally {
      await control.setSettings({ strict: true });
    }
    const message = await say(request.id, { type: "customer", email }, "Are you still there?");
    expect(await push(request.id)).toMatchObject({ status: "held", reason: "customer_not_vitally_user" });
    expect(await messageSyncOf(message.id)).toMatchObject({ state: "HELD", reasonCode: "customer_not_vitally_user" });
    const calls = (await logsOf(request.id, "MESSAGE")).flatMap((l) => (l.calls as { kind: string; status: number }[]).map((c) => `${c.kind}:${c.status}`));
    expect(calls).toEqual(["messages.create:400", "users.search:200"]);
  });
});

describe("held messages", () => {
  it("holds everything while the customer is not a Vitally user, then sends it all in order once they are", async () => {
    const email = `jo.${uid()}@nobody.example`;
    const request = await newRequest({ name: "Jo Unknown", email });
    // The request's own push runs first in production; it finds no customer at that domain either.
    expect(await pushRequestToVitally({ workspaceId: workspace.id, requestId: request.id, integrationId, trigger: "test" }, deps())).toMatchObject({
      status: "skipped",
    });
    expect(await push(request.id)).toMatchObject({ status: "held", reason: "customer_not_vitally_user", sent: 0 });
    const first = await say(request.id, { type: "customer", email }, "Hello? Anyone?");
    const second = await say(request.id, { type: "team", email: TEAMMATE }, "Hi Jo, on it.");
    expect(await push(request.id)).toMatchObject({ status: "held", held: 2 });
    expect(await push(request.id)).toMatchObject({ status: "held", held: 2 });
    expect(await syncOf(request.id)).toMatchObject({ state: "HELD", reasonCode: "customer_not_vitally_user", remoteId: null });
    expect(await messageSyncOf(first.id)).toMatchObject({ state: "HELD", reasonCode: "waiting_for_earlier_message" });
    expect(await messageSyncOf(second.id)).toMatchObject({ state: "HELD", reasonCode: "waiting_for_earlier_message" });
    // Logged when something changes, not on every re-check.
    const heldLogs = await logsOf(request.id);
    expect(heldLogs.map((l) => [l.kind, l.outcome, l.reasonCode])).toEqual([
      ["CONVERSATION", "SKIPPED", "customer_not_vitally_user"],
      ["MESSAGE", "SKIPPED", "waiting_for_earlier_message"],
      ["MESSAGE", "SKIPPED", "waiting_for_earlier_message"],
    ]);
    expect((await conversationOf(request.id)).conversations).toHaveLength(0);

    await control.seed(DEMO_KEY, { users: [{ externalId: `jo-${uid()}`, name: "Jo Unknown", email, accountIds: ["acc-acme"] }] });
    expect(await push(request.id)).toMatchObject({ status: "synced", sent: 2, held: 0 });
    const { conversations, messages } = await conversationOf(request.id);
    expect(conversations).toHaveLength(1);
    expect(messages.map((m) => m.externalId)).toEqual([openingMessageExternalId(request.id), messageExternalId(first.id), messageExternalId(second.id)]);
    expect(await syncOf(request.id)).toMatchObject({ state: "SYNCED", reasonCode: null });
  });

  it("waits a moment for the request sync when it may be creating the requestor, then reuses its link", async () => {
    const email = `new.${uid()}@acme.example`;
    const request = await newRequest({ name: "New Person", email });
    await expect(push(request.id)).rejects.toBeInstanceOf(RequestBusyError);
    expect(await pushRequestToVitally({ workspaceId: workspace.id, requestId: request.id, integrationId, trigger: "test" }, deps())).toMatchObject({
      status: "synced",
    });
    const outcome = await push(request.id);
    expect(outcome.status).toBe("synced");
    const log = (await logsOf(request.id, "CONVERSATION")).at(-1)!;
    expect((log.calls as { kind: string }[]).map((c) => c.kind)).not.toContain("users.search");
    expect((await conversationOf(request.id)).messages[0]!.from).toEqual({ type: "user", id: await idOf("users", email) });
  });

  it("holds a customer message without a sender email; a teammate can skip it and the rest follows", async () => {
    const request = await newRequest({ email: CUSTOMER, platformId: "U-JANE" });
    await push(request.id);
    const sameAsRequestor = await say(request.id, { type: "customer", platformId: "U-JANE" }, "Sent from the Slack app (no email on the message).");
    const colleague = await say(request.id, { type: "customer", name: "Kim Colleague" }, "Same problem here.");
    const later = await say(request.id, { type: "customer", email: CUSTOMER }, "Still broken.");
    expect(await push(request.id)).toMatchObject({ status: "held", sent: 1, held: 2, reason: "sender_has_no_email" });
    expect(await messageSyncOf(sameAsRequestor.id)).toMatchObject({ state: "SYNCED" });
    expect(await messageSyncOf(colleague.id)).toMatchObject({ state: "HELD", reasonCode: "sender_has_no_email" });
    expect(await messageSyncOf(later.id)).toMatchObject({ state: "HELD", reasonCode: "waiting_for_earlier_message" });
    const heldLog = (await logsOf(request.id, "MESSAGE")).find((l) => l.reasonCode === "sender_has_no_email")!;
    expect(heldLog.message).toContain("Kim Colleague sent it without an email address");

    const lead = await createMember(workspace.id, "SUPPORT");
    await skipHeldConversationMessage({ workspaceId: workspace.id, requestId: request.id, messageId: colleague.id, integrationId, actorUserId: lead.id });
    const skipLog = (await logsOf(request.id, "MESSAGE")).find((l) => l.reasonCode === "message_skipped_by_member")!;
    expect(skipLog.message).toMatch(new RegExp(`^${lead.name} skipped this message \\(it was held: the sender has no email\\)`));
    const queued = await db().outboxEvent.findFirst({ where: { aggregateId: request.id, name: "ferry/sync.push-requested" }, orderBy: { id: "desc" } });
    expect(queued?.payload).toMatchObject({ integrationId, trigger: "skip" });
    expect(await push(request.id)).toMatchObject({ status: "synced", sent: 1, held: 0 });
    expect(await messageSyncOf(colleague.id)).toMatchObject({ state: "SKIPPED", reasonCode: "message_skipped_by_member" });
    expect((await conversationOf(request.id)).messages.map((m) => m.externalId)).toEqual([
      openingMessageExternalId(request.id),
      messageExternalId(sameAsRequestor.id),
      messageExternalId(later.id),
    ]);
  });

  it.each([
    ["default_admin_inactive", DEMO_ADMINS.deactivated],
    ["default_admin_missing", "nobody.here@ferry-demo.test"],
    ["default_admin_not_set", null],
  ] as const)("holds an unassigned request's conversation (%s) until the default admin is fixed", async (reason, defaultAdminEmail) => {
    await setSettings({ defaultAdminEmail });
    const request = await newRequest({ email: CUSTOMER });
    try {
      expect(await push(request.id)).toMatchObject({ status: "held", reason });
      expect(await syncOf(request.id)).toMatchObject({ state: "HELD", reasonCode: reason });
    } finally {
      await setSettings({});
    }
    expect(await push(request.id)).toMatchObject({ status: "synced" });
    expect((await conversationOf(request.id)).conversations).toHaveLength(1);
  });
});

describe("beyond the seed: attachments, edits, deletions", () => {
  it("puts attachments in the message as escaped links with their names and sizes", async () => {
    const request = await newRequest({ email: CUSTOMER });
    await push(request.id);
    const withFiles = await say(request.id, { type: "customer", email: CUSTOMER }, "Logs attached <b>here</b> & there.\n\nSecond line", {
      attachments: [
        { name: "report<script>.csv", url: "https://files.example/r.csv?a=1&b=2", size: 1536 },
        { name: "notes.txt", url: "https://files.example/notes.txt", size: null },
      ],
    });
    const onlyFile = await say(request.id, { type: "customer", email: CUSTOMER }, "", {
      attachments: [{ name: "screenshot.png", url: "https://files.example/s.png", size: 2_500_000 }],
    });
    await push(request.id);
    const { messages } = await conversationOf(request.id);
    expect(messages.find((m) => m.externalId === messageExternalId(withFiles.id))!.message).toBe(
      "<p>Logs attached &lt;b&gt;here&lt;/b&gt; &amp; there.</p><p>Second line</p>" +
        '<p><b>Attachments</b></p><ul><li><a href="https://files.example/r.csv?a=1&amp;b=2" target="_blank">report&lt;script&gt;.csv (1.5 KB)</a></li>' +
        '<li><a href="https://files.example/notes.txt" target="_blank">notes.txt</a></li></ul>',
    );
    expect(messages.find((m) => m.externalId === messageExternalId(onlyFile.id))!.message).toBe(
      '<p><b>Attachments</b></p><ul><li><a href="https://files.example/s.png" target="_blank">screenshot.png (2.4 MB)</a></li></ul>',
    );
  });

  it("reflects an edit in place and a deletion, and logs both; a message deleted before it was sent is logged, never sent", async () => {
    const request = await newRequest({ email: CUSTOMER });
    await push(request.id);
    const message = await say(request.id, { type: "customer", email: CUSTOMER }, "It fails at 30 s.");
    await push(request.id);
    const before = (await conversationOf(request.id)).messages.find((m) => m.externalId === messageExternalId(message.id))!;

    await editMessage({ workspaceId: workspace.id, ref: request.id, messageRef: message.id, data: { text: "It fails at 60 s, sorry." } });
    expect(await push(request.id)).toMatchObject({ status: "synced", edited: 1, sent: 0, calls: 1 });
    const after = (await conversationOf(request.id)).messages.filter((m) => m.externalId === messageExternalId(message.id));
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before.id, message: "<p>It fails at 60 s, sorry.</p>" });
    expect(await messageSyncOf(message.id)).toMatchObject({ state: "SYNCED", reasonCode: "message_edited" });

    const gone = await say(request.id, { type: "customer", email: CUSTOMER }, "Oops, wrong request.");
    await deleteMessage({ workspaceId: workspace.id, ref: request.id, messageRef: gone.id });
    await deleteMessage({ workspaceId: workspace.id, ref: request.id, messageRef: message.id });
    expect(await push(request.id)).toMatchObject({ status: "synced", deleted: 1, sent: 0 });
    const { messages } = await conversationOf(request.id);
    expect(messages.map((m) => m.externalId)).toEqual([openingMessageExternalId(request.id)]);
    expect(await messageSyncOf(message.id)).toMatchObject({ state: "SKIPPED", reasonCode: "message_deleted" });
    expect(await messageSyncOf(gone.id)).toMatchObject({ state: "SKIPPED", reasonCode: "message_deleted_before_sync" });

    const logs = (await logsOf(request.id, "MESSAGE")).map((l) => [l.outcome, l.reasonCode]);
    expect(logs).toEqual([
      ["SYNCED", null],
      ["SYNCED", "message_edited"],
      ["SKIPPED", "message_deleted_before_sync"],
      ["SYNCED", "message_deleted"],
    ]);
    expect(await push(request.id)).toMatchObject({ status: "up_to_date", calls: 0 });
  });

  it("updates the subject and the first message when the request's title or text changes", async () => {
    const request = await newRequest({ email: CUSTOMER });
    await push(request.id);
    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { title: "Export times out on big reports", messageText: "Exports over 10k rows time out." } });
    expect(await push(request.id)).toMatchObject({ status: "synced", calls: 1 });
    const { conversations, messages } = await conversationOf(request.id);
    expect(conversations[0]!.subject).toBe("Export times out on big reports");
    expect(messages).toHaveLength(1);
    expect(messages[0]!.message).toBe("<p>Exports over 10k rows time out.</p>");
    const log = (await logsOf(request.id, "CONVERSATION")).at(-1)!;
    expect(log).toMatchObject({ outcome: "SYNCED", reasonCode: "message_edited" });
    // A status change is not a conversation change: no call.
    await updateRequest({ workspaceId: workspace.id, ref: request.id, data: { status: "in_progress" } });
    expect(await push(request.id)).toMatchObject({ status: "up_to_date", calls: 0 });
  });
});

describe("exactly once, in order", () => {
  it("duplicated and concurrent pushes make one conversation and one copy of each message", async () => {
    const request = await newRequest({ email: CUSTOMER });
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push(await say(request.id, { type: i % 2 ? "team" : "customer", email: i % 2 ? TEAMMATE : CUSTOMER }, `Message ${i}`));
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => push(request.id)));
    const busy = results.filter((r) => r.status === "rejected" && r.reason instanceof RequestBusyError).length;
    expect(results.filter((r) => r.status === "fulfilled").length + busy).toBe(6);
    for (let i = 0; i < busy; i++) await push(request.id); // what the orchestrator's retries do
    const { conversations, messages } = await conversationOf(request.id);
    expect(conversations).toHaveLength(1);
    expect(messages.map((m) => m.externalId)).toEqual([openingMessageExternalId(request.id), ...sent.map((m) => messageExternalId(m.id))]);
  });

  it("sends messages that arrive out of order in the order they were sent", async () => {
    const request = await newRequest({ email: CUSTOMER });
    await push(request.id);
    const t0 = Date.parse(nextSentAt());
    const iso = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
    clock = t0 + 60 * 60_000;
    const third = await say(request.id, { type: "customer", email: CUSTOMER }, "third", { sentAt: iso(30) });
    const first = await say(request.id, { type: "customer", email: CUSTOMER }, "first", { sentAt: iso(10) });
    const second = await say(request.id, { type: "team", email: TEAMMATE }, "second", { sentAt: iso(20) });
    await push(request.id);
    const sentOrder = (await logsOf(request.id, "MESSAGE")).map((l) => (l.decision as { messageId: string }).messageId);
    expect(sentOrder).toEqual([first.id, second.id, third.id]);
    // One more that was sent before all of them but reached Ferry last: it still lands in its place.
    const zeroth = await say(request.id, { type: "customer", email: CUSTOMER }, "zeroth", { sentAt: iso(5) });
    await push(request.id);
    expect((await conversationOf(request.id)).messages.map((m) => m.externalId)).toEqual(
      [openingMessageExternalId(request.id), ...[zeroth, first, second, third].map((m) => messageExternalId(m.id))],
    );
  });

  it("finds the conversation a lost response created instead of creating a second", async () => {
    const request = await newRequest({ email: CUSTOMER });
    await push(request.id);
    const now = Date.now();
    // As if the create landed in Vitally but Ferry never heard back.
    await db().conversationSync.update({
      where: { requestId_integrationId: { requestId: request.id, integrationId } },
      data: { remoteId: null, state: "PENDING", lastAttemptAt: new Date(now), lastSyncedAt: new Date(now - 1_000) },
    });
    const message = await say(request.id, { type: "customer", email: CUSTOMER }, "Hello again");
    expect(await push(request.id)).toMatchObject({ status: "synced", sent: 1 });
    const { conversations, messages } = await conversationOf(request.id);
    expect(conversations).toHaveLength(1);
    expect(messages.map((m) => m.externalId)).toEqual([openingMessageExternalId(request.id), messageExternalId(message.id)]);
    expect((await logsOf(request.id, "CONVERSATION")).at(-2)!.message).toContain("Found the conversation a previous attempt had created");
  });

  it("does not send a message twice when the answer to its send was lost", async () => {
    const request = await newRequest({ email: CUSTOMER });
    await push(request.id);
    const message = await say(request.id, { type: "customer", email: CUSTOMER }, "Did this arrive?");
    await push(request.id);
    const now = Date.now();
    await db().messageSync.update({ where: { messageId_integrationId: { messageId: message.id, integrationId } }, data: { state: "PENDING", remoteId: null } });
    await db().conversationSync.update({
      where: { requestId_integrationId: { requestId: request.id, integrationId } },
      data: { lastAttemptAt: new Date(now), lastSyncedAt: new Date(now - 1_000) },
    });
    expect(await push(request.id)).toMatchObject({ status: "synced", sent: 0, calls: 1 });
    const { messages } = await conversationOf(request.id);
    expect(messages.filter((m) => m.externalId === messageExternalId(message.id))).toHaveLength(1);
    expect(await messageSyncOf(message.id)).toMatchObject({ state: "SYNCED", remoteId: messages[1]!.id });
    expect(await push(request.id)).toMatchObject({ status: "up_to_date", calls: 0 });
  });

  it("loses and duplicates nothing when 429s, 5xx and a dropped connection hit the middle of a burst", async () => {
    const request = await newRequest({ email: CUSTOMER }, { assignee: { name: "Sam Support", email: TEAMMATE } });
    await push(request.id);
    const burst = [];
    for (let i = 0; i < 12; i++) {
      burst.push(await say(request.id, { type: i % 3 === 2 ? "team" : "customer", email: i % 3 === 2 ? TEAMMATE : CUSTOMER }, `Burst ${i}`));
    }
    await control.clearLog(DEMO_KEY);
    // After a few sends: 429s, then 503s, then a dropped connection.
    let faultsSet = false;
    const { outcome, errors } = await (async () => {
      const seen: string[] = [];
      for (let i = 0; i < 30; i++) {
        if (!faultsSet && i === 0) {
          await control.setFaults(DEMO_KEY, { rateLimitBurst: { next: 2, retryAfterSeconds: 1 }, serverErrors: { next: 2, status: 503 }, drops: { next: 1 } });
          faultsSet = true;
        }
        try {
          const out = await push(request.id);
          if (out.status === "synced") return { outcome: out, errors: seen };
        } catch (err) {
          if (!(err instanceof RequestBusyError) && (!isExternalApiError(err) || !err.retryable)) throw err;
          seen.push(err instanceof RequestBusyError ? "busy" : err.kind);
        }
      }
      throw new Error("burst never completed");
    })();
    await control.clearFaults(DEMO_KEY);
    expect(outcome.status).toBe("synced");
    expect(errors).toEqual(expect.arrayContaining(["rate_limited", "transient", "network"]));
    const { messages } = await conversationOf(request.id);
    expect(messages.map((m) => m.externalId)).toEqual([openingMessageExternalId(request.id), ...burst.map((m) => messageExternalId(m.id))]);
    const states = await db().messageSync.findMany({ where: { messageId: { in: burst.map((m) => m.id) } } });
    expect(states.every((s) => s.state === "SYNCED")).toBe(true);
    const failed = await db().syncLog.count({ where: { requestId: request.id, outcome: "FAILED" } });
    expect(failed).toBeGreaterThanOrEqual(3);
  });

  it("creates the conversation again, with its messages in order, when it was deleted in Vitally", async () => {
    const request = await newRequest({ email: CUSTOMER });
    const early = await say(request.id, { type: "customer", email: CUSTOMER }, "early");
    await push(request.id);
    const { conversations } = await conversationOf(request.id);
    // Deleted in Vitally, as a Vitally user could.
    const res = await fetch(`${sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle}/resources/conversations/${conversations[0]!.id}`, {
      method: "DELETE",
      headers: { authorization: `Basic ${Buffer.from(`${DEMO_KEY}:`).toString("base64")}` },
    });
    expect(res.status).toBe(200);
    const late = await say(request.id, { type: "customer", email: CUSTOMER }, "late");
    expect((await pushUntilDone(request.id)).outcome).toMatchObject({ status: "synced", sent: 2 });
    const again = await conversationOf(request.id);
    expect(again.conversations).toHaveLength(1);
    expect(again.conversations[0]!.id).not.toBe(conversations[0]!.id);
    expect(again.messages.map((m) => m.externalId)).toEqual([openingMessageExternalId(request.id), messageExternalId(early.id), messageExternalId(late.id)]);
    expect((await logsOf(request.id, "CONVERSATION")).some((l) => l.reasonCode === "conversation_deleted_in_destination")).toBe(true);
  });
});
