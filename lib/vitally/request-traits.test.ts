import { describe, expect, it } from "vitest";
import {
  allRequestTraits,
  buildRequestInstance,
  customFieldTraits,
  formatBytes,
  formatMessage,
  formatThread,
  REQUEST_TRAIT_CATALOG,
  STRING_MAX_CHARS,
  TEXTAREA_MAX_CHARS,
  toVitallyTraits,
  traitFieldInputs,
  type MessageForTraits,
  type RequestForTraits,
} from "./request-traits";

const at = (iso: string) => new Date(iso);

function message(overrides: Partial<MessageForTraits> = {}): MessageForTraits {
  return {
    thread: "CUSTOMER",
    authorType: "CUSTOMER",
    authorName: "Jane Doe",
    text: "Exports are failing since this morning.",
    attachments: [],
    sentAt: at("2026-11-20T14:03:27.000Z"),
    editedAt: null,
    deletedAt: null,
    ...overrides,
  };
}

function fixture(overrides: Partial<RequestForTraits> = {}): RequestForTraits {
  return {
    id: "6f1c1f8e-0000-4000-8000-000000000135",
    number: 135,
    title: "CSV export fails",
    summary: "Customer cannot export reports to CSV.",
    messageText: "Exports are failing since this morning.",
    status: "IN_PROGRESS",
    urgency: "HIGH",
    sentiment: "NEGATIVE",
    aiTags: ["export", "bug"],
    assigneeName: "Sam Support",
    assigneeEmail: "sam@ferry.example",
    requestorName: "Jane Doe",
    requestorEmail: "jane@acme.example",
    permalink: "https://acme.slack.com/archives/C1/p1",
    internalNotificationLink: "https://ferry.slack.com/archives/C9/p9",
    csatRating: 4,
    csatComment: "Quick help",
    closedAt: null,
    closedByName: null,
    customValues: { product: "Reporting", "affected-areas": ["Exports", "Billing"], empty: [] },
    createdAt: at("2026-11-20T14:03:27.000Z"),
    updatedAt: at("2026-11-20T15:00:00.000Z"),
    messages: [
      message({ thread: "INTERNAL", authorType: "TEAM", authorName: "Sam Support", text: "Looking into it", sentAt: at("2026-11-20T14:10:00.000Z") }),
      message({
        authorType: "TEAM",
        authorName: "Sam Support",
        text: "Can you send the file?",
        sentAt: at("2026-11-20T14:05:00.000Z"),
        editedAt: at("2026-11-20T14:06:00.000Z"),
      }),
      message(),
      message({
        text: "Here it is",
        sentAt: at("2026-11-20T14:07:00.000Z"),
        attachments: [
          { name: "report.csv", url: "https://files.example/report.csv", size: 1_258_291 },
          { name: "notes.txt", url: "https://files.example/notes.txt", size: null },
        ],
      }),
      message({ text: "oops wrong file", sentAt: at("2026-11-20T14:08:00.000Z"), deletedAt: at("2026-11-20T14:09:00.000Z") }),
    ],
    ...overrides,
  };
}

const customFields = [
  { key: "product", name: "Product", archivedAt: null },
  { key: "affected-areas", name: "Affected Areas", archivedAt: null },
  { key: "empty", name: "Empty Tags", archivedAt: null },
  { key: "old", name: "Old Field", archivedAt: at("2026-01-01T00:00:00.000Z") },
];
const ctx = { appUrl: "https://ferry.example.com/", workspaceSlug: "acme-support", customFields };

describe("the trait catalog", () => {
  it("has every trait of the sync document's table with its data type", () => {
    expect(REQUEST_TRAIT_CATALOG.map((t) => [t.label, t.type])).toEqual([
      ["AI Tags", "string"],
      ["Assigned To", "string"],
      ["CSAT", "textarea"],
      ["Customer Thread", "textarea"],
      ["Internal Thread", "textarea"],
      ["Message Text", "textarea"],
      ["Permalink", "string"],
      ["Request Closed At", "datetime"],
      ["Request Closed By", "string"],
      ["Request Created At", "datetime"],
      ["Request Internal Notification Link", "string"],
      ["Requestor", "string"],
      ["Request Updated At", "datetime"],
      ["Request Web Link", "string"],
      ["Sentiment", "string"],
      ["Status", "string"],
      ["Summary", "textarea"],
      ["Ferry Request Id", "number"],
      ["Title", "textarea"],
      ["Urgency", "string"],
    ]);
    expect(new Set(REQUEST_TRAIT_CATALOG.map((t) => t.key)).size).toBe(REQUEST_TRAIT_CATALOG.length);
  });

  it("derives one string trait per active custom field, keyed by the stable field key", () => {
    expect(customFieldTraits(customFields)).toEqual([
      { key: "customField.product", label: "Product", type: "string", description: 'Custom field "Product"' },
      { key: "customField.affected-areas", label: "Affected Areas", type: "string", description: 'Custom field "Affected Areas"' },
      { key: "customField.empty", label: "Empty Tags", type: "string", description: 'Custom field "Empty Tags"' },
    ]);
    const renamed = customFieldTraits([{ key: "product", name: "Product Line", archivedAt: null }]);
    expect(renamed[0]).toMatchObject({ key: "customField.product", label: "Product Line" });
  });

  it("keeps labels distinct from built-in traits and from each other", () => {
    const labels = customFieldTraits([
      { key: "status", name: "status", archivedAt: null },
      { key: "team-a", name: "Team", archivedAt: null },
      { key: "team-b", name: " team ", archivedAt: null },
      { key: "nm", name: "Name", archivedAt: null },
    ]).map((t) => t.label);
    expect(labels).toEqual(["status (status)", "Team (team-a)", "team (team-b)", "Name (nm)"]);
  });

  it("lists the field inputs for the custom object", () => {
    const inputs = traitFieldInputs(allRequestTraits(customFields));
    expect(inputs).toHaveLength(REQUEST_TRAIT_CATALOG.length + 3);
    expect(inputs.at(-1)).toEqual({ label: "Empty Tags", type: "string" });
  });
});

describe("buildRequestInstance", () => {
  it("maps a request to the instance name and every trait value", () => {
    const instance = buildRequestInstance(fixture(), ctx);
    expect(instance.name).toBe("Ferry Request ID: 135");
    expect(instance.externalId).toBe("ferry-request-6f1c1f8e-0000-4000-8000-000000000135");
    expect(instance.values).toEqual({
      aiTags: "export, bug",
      assignedTo: "Sam Support (sam@ferry.example)",
      csat: "Rating: 4/5\nComment: Quick help",
      customerThread: [
        "[2026-11-20 14:03 UTC] Jane Doe (customer): Exports are failing since this morning.",
        "[2026-11-20 14:05 UTC] Sam Support (team, edited 2026-11-20 14:06 UTC): Can you send the file?",
        "[2026-11-20 14:07 UTC] Jane Doe (customer): Here it is\n" +
          "  Attachment: report.csv (1.2 MB) https://files.example/report.csv\n" +
          "  Attachment: notes.txt https://files.example/notes.txt",
        "[2026-11-20 14:08 UTC] Jane Doe (customer): [message deleted 2026-11-20 14:09 UTC]",
      ].join("\n\n"),
      internalThread: "[2026-11-20 14:10 UTC] Sam Support (team): Looking into it",
      messageText: "Exports are failing since this morning.",
      permalink: "https://acme.slack.com/archives/C1/p1",
      requestClosedAt: null,
      requestClosedBy: null,
      requestCreatedAt: "2026-11-20T14:03:27.000Z",
      requestInternalNotificationLink: "https://ferry.slack.com/archives/C9/p9",
      requestor: "Jane Doe (jane@acme.example)",
      requestUpdatedAt: "2026-11-20T15:00:00.000Z",
      requestWebLink: "https://ferry.example.com/w/acme-support/requests/135",
      sentiment: "Negative",
      status: "In progress",
      summary: "Customer cannot export reports to CSV.",
      ferryRequestId: 135,
      title: "CSV export fails",
      urgency: "High",
      "customField.product": "Reporting",
      "customField.affected-areas": "Exports, Billing",
      "customField.empty": null,
    });
  });

  it("empties what a closed, sparse request does not have", () => {
    const instance = buildRequestInstance(
      fixture({
        status: "CLOSED",
        closedAt: at("2026-11-21T09:00:00.000Z"),
        closedByName: "Sam Support",
        urgency: null,
        sentiment: null,
        aiTags: [],
        assigneeName: null,
        assigneeEmail: null,
        requestorEmail: null,
        summary: "  ",
        permalink: null,
        internalNotificationLink: null,
        csatRating: 2,
        csatComment: null,
        customValues: {},
        messages: [],
      }),
      ctx,
    );
    expect(instance.values).toMatchObject({
      status: "Closed",
      requestClosedAt: "2026-11-21T09:00:00.000Z",
      requestClosedBy: "Sam Support",
      urgency: null,
      sentiment: null,
      aiTags: null,
      assignedTo: null,
      requestor: "Jane Doe",
      summary: null,
      permalink: null,
      requestInternalNotificationLink: null,
      csat: "Rating: 2/5",
      customerThread: null,
      internalThread: null,
      "customField.product": null,
    });
  });

  it("caps long values with a marker that points at Ferry", () => {
    const long = "x".repeat(TEXTAREA_MAX_CHARS + 10);
    const instance = buildRequestInstance(fixture({ summary: long, permalink: `https://e.com/${"p".repeat(STRING_MAX_CHARS)}` }), ctx);
    const summary = instance.values.summary as string;
    expect(summary).toHaveLength(TEXTAREA_MAX_CHARS);
    expect(summary.endsWith("[cut by Ferry; the full text is at https://ferry.example.com/w/acme-support/requests/135]")).toBe(true);
    expect((instance.values.permalink as string).length).toBe(STRING_MAX_CHARS);
    expect((instance.values.permalink as string).endsWith("…")).toBe(true);
  });
});

describe("formatThread", () => {
  const link = "https://ferry.example.com/w/a/requests/1";

  it("keeps the first and the newest messages when the thread is too long", () => {
    const messages = Array.from({ length: 50 }, (_, i) =>
      message({ text: `message ${i} ${"y".repeat(80)}`, sentAt: new Date(Date.UTC(2026, 10, 20, 14, i)) }),
    );
    const text = formatThread(messages, link, 1000)!;
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text.startsWith("[2026-11-20 14:00 UTC] Jane Doe (customer): message 0 ")).toBe(true);
    expect(text.endsWith(`message 49 ${"y".repeat(80)}`)).toBe(true);
    expect(text).toMatch(/\[… \d+ messages left out here; the whole thread is in Ferry: https:\/\/ferry\.example\.com\/w\/a\/requests\/1\]/);
    expect(text).not.toContain("message 10 ");
  });

  it("cuts a single huge message", () => {
    const text = formatThread([message({ text: "z".repeat(5000) })], link, 1000)!;
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text).toContain("[cut; full message in Ferry:");
  });

  it("orders by time, keeping the given order for equal times", () => {
    const same = at("2026-11-20T10:00:00.000Z");
    const text = formatThread([message({ text: "b", sentAt: same }), message({ text: "c", sentAt: same }), message({ text: "a", sentAt: at("2026-11-20T09:00:00.000Z") })], link)!;
    expect(text.split("\n\n").map((l) => l.slice(-1))).toEqual(["a", "b", "c"]);
  });
});

describe("small formatters", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1536, "1.5 KB"],
    [20 * 1024, "20 KB"],
    [1_258_291, "1.2 MB"],
    [5 * 1024 ** 3, "5 GB"],
  ])("formatBytes(%d) = %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("formats an attachment-only message", () => {
    expect(formatMessage(message({ text: "", attachments: [{ name: "a.png", url: "https://f/a.png", size: 10 }] }))).toBe(
      "[2026-11-20 14:03 UTC] Jane Doe (customer):\n  Attachment: a.png (10 B) https://f/a.png",
    );
  });
});

describe("toVitallyTraits", () => {
  it("maps keys to paths, reports missing ones, and drops nulls on create", () => {
    const values = { status: "Open", summary: null, ferryRequestId: 7, "customField.product": "X" };
    const paths = { status: "vitally.custom.status", summary: "vitally.custom.summary", ferryRequestId: "vitally.custom.ferryRequestId" };
    expect(toVitallyTraits(values, paths)).toEqual({
      traits: { "vitally.custom.status": "Open", "vitally.custom.summary": null, "vitally.custom.ferryRequestId": 7 },
      missingKeys: ["customField.product"],
    });
    expect(toVitallyTraits(values, paths, { dropNulls: true }).traits).toEqual({
      "vitally.custom.status": "Open",
      "vitally.custom.ferryRequestId": 7,
    });
  });
});
