import { describe, expect, it } from "vitest";
import { REQUEST_FIELDS, RICH_TEXT_LENGTH } from "./request-fields";
import { buildRequestRecord, REQUEST_RECORD_FIELD_NAMES, requestRecordName, threadHtml, type RequestRecordInput } from "./request-record";

const at = (s: string) => new Date(`2026-11-20T${s}:00.000Z`);

function request(overrides: Partial<RequestRecordInput> = {}): RequestRecordInput {
  return {
    id: "7d4a0c7e-1f7b-4d7e-9a57-2f3d0f1c0a11",
    number: 135,
    title: "Export fails for large reports",
    summary: "CSV export times out.\n\nHappens above 10k rows.",
    messageText: "Hi <team>, the export times out & fails.",
    status: "IN_PROGRESS",
    urgency: "HIGH",
    sentiment: "NEGATIVE",
    aiTags: ["export", " ", "csv"],
    assigneeName: "Alex Agent",
    assigneeEmail: "alex@ferry.example",
    requestorName: "Jane Doe",
    requestorEmail: "jane.doe@acme-corp.example",
    permalink: "https://acme.slack.com/archives/C1/p123",
    internalNotificationLink: "javascript:alert(1)",
    csatRating: 4,
    csatComment: "Quick <b>fix</b>",
    closedAt: at("15:00"),
    closedByName: "Alex Agent",
    customValues: { product: "Reporting", areas: ["Billing", "Exports"] },
    createdAt: at("14:03"),
    updatedAt: at("14:30"),
    messages: [
      { thread: "CUSTOMER", authorType: "TEAM", authorName: "Alex", text: "Looking into it", attachments: [], sentAt: at("14:10"), editedAt: null, deletedAt: null },
      {
        thread: "CUSTOMER",
        authorType: "CUSTOMER",
        authorName: "Jane <Doe>",
        text: "It fails\nagain",
        attachments: [{ name: "log.txt", url: "https://files.example/log.txt", size: 2048 }],
        sentAt: at("14:05"),
        editedAt: at("14:06"),
        deletedAt: null,
      },
      { thread: "INTERNAL", authorType: "TEAM", authorName: "Sam", text: "secret-ish note", attachments: [], sentAt: at("14:07"), editedAt: null, deletedAt: at("14:08") },
    ],
    ...overrides,
  } as RequestRecordInput;
}

const ctx = {
  appUrl: "https://ferry.example/",
  workspaceSlug: "acme",
  customFields: [
    { key: "product", name: "Product", archivedAt: null },
    { key: "areas", name: "Areas", archivedAt: null },
    { key: "gone", name: "Gone", archivedAt: new Date() },
    { key: "empty", name: "Empty", archivedAt: null },
  ],
};
const link = { accountId: "001000000000001AAA", contactId: "003000000000001AAA" };

describe("buildRequestRecord", () => {
  it("fills every field of the seed's table, plus Name and one field per active custom field", () => {
    const record = buildRequestRecord(request(), link, ctx);
    expect(Object.keys(record).sort()).toEqual([...REQUEST_RECORD_FIELD_NAMES, "Ferry_product__c", "Ferry_areas__c", "Ferry_empty__c"].sort());
    expect(REQUEST_RECORD_FIELD_NAMES).toHaveLength(REQUEST_FIELDS.length + 1);
  });

  it("maps values: lookups, picklist, ISO UTC timestamps, links, custom values", () => {
    const r = buildRequestRecord(request(), link, ctx);
    expect(r).toMatchObject({
      Name: "#135 Export fails for large reports",
      Account__c: link.accountId,
      Requestor__c: link.contactId,
      RequestId__c: "7d4a0c7e-1f7b-4d7e-9a57-2f3d0f1c0a11",
      Status__c: "In Progress",
      Urgency__c: "High",
      Sentiment__c: "Negative",
      AiTags__c: "export, csv",
      Assigned_To__c: "Alex Agent (alex@ferry.example)",
      requestCreatedAt__c: "2026-11-20T14:03:00.000Z",
      requestUpdatedAt__c: "2026-11-20T14:30:00.000Z",
      requestClosedAt__c: "2026-11-20T15:00:00.000Z",
      requestClosedBy__c: "Alex Agent",
      requestWebLink__c: "https://ferry.example/w/acme/requests/135",
      Permalink__c: "https://acme.slack.com/archives/C1/p123",
      // Only http(s) links go into URL fields.
      requestInternalNotificationLink__c: null,
      Title__c: "Export fails for large reports",
      Ferry_product__c: "Reporting",
      Ferry_areas__c: "Billing, Exports",
      Ferry_empty__c: null,
    });
  });

  it("rich text is escaped HTML: summary paragraphs, message text, CSAT", () => {
    const r = buildRequestRecord(request(), link, ctx);
    expect(r.Summary__c).toBe("<p>CSV export times out.</p><p>Happens above 10k rows.</p>");
    expect(r.Message_Text__c).toBe("<p>Hi &lt;team&gt;, the export times out &amp; fails.</p>");
    expect(r.Csat__c).toBe("<p>Rating: 4/5</p><p>Quick &lt;b&gt;fix&lt;/b&gt;</p>");
  });

  it("threads: oldest first, author, side, time, edits, attachments and deletions", () => {
    const r = buildRequestRecord(request(), link, ctx);
    const customer = r.Customer_Thread__c!;
    expect(customer.indexOf("Jane &lt;Doe&gt;")).toBeLessThan(customer.indexOf("Alex"));
    expect(customer).toContain("<b>Jane &lt;Doe&gt;</b> (customer, 2026-11-20 14:05 UTC, edited 2026-11-20 14:06 UTC)");
    expect(customer).toContain("<p>It fails<br>again</p>");
    expect(customer).toContain('<a href="https://files.example/log.txt" target="_blank">log.txt (2 KB)</a>');
    expect(r.Internal_Thread__c).toContain("[message deleted 2026-11-20 14:08 UTC]");
    expect(r.Internal_Thread__c).not.toContain("secret-ish note");
  });

  it("a value Ferry no longer has is sent as null (the latest state wins)", () => {
    const r = buildRequestRecord(
      request({ summary: null, urgency: null, sentiment: null, closedAt: null, closedByName: null, csatRating: null, aiTags: [], permalink: "  ", messages: [] }),
      { accountId: link.accountId, contactId: null },
      ctx,
    );
    for (const key of ["Summary__c", "Urgency__c", "Sentiment__c", "requestClosedAt__c", "requestClosedBy__c", "Csat__c", "AiTags__c", "Permalink__c", "Customer_Thread__c", "Internal_Thread__c", "Requestor__c"]) {
      expect(r[key], key).toBeNull();
    }
  });

  it("text fits 255 characters and the name 80, with a visible cut", () => {
    const r = buildRequestRecord(request({ title: "x".repeat(400) }), link, ctx);
    expect(r.Title__c).toHaveLength(255);
    expect(r.Title__c!.endsWith("…")).toBe(true);
    expect(r.Name).toHaveLength(80);
    expect(requestRecordName({ number: 7, title: "  Short  " })).toBe("#7 Short");
  });
});

describe("threadHtml", () => {
  it("over the rich-text capacity: the first message, a note with the link, and the newest that fit", () => {
    const messages = Array.from({ length: 400 }, (_, i) => ({
      thread: "CUSTOMER" as const,
      authorType: "CUSTOMER" as const,
      authorName: `P${i}`,
      text: `message ${i} ${"y".repeat(600)}`,
      attachments: [],
      sentAt: new Date(Date.UTC(2026, 10, 20, 0, i)),
      editedAt: null,
      deletedAt: null,
    }));
    const html = threadHtml(messages, "https://ferry.example/w/acme/requests/1")!;
    expect(html.length).toBeLessThanOrEqual(RICH_TEXT_LENGTH);
    expect(html).toContain("message 0 ");
    expect(html).toContain("message 399 ");
    expect(html).toMatch(/\[… \d+ messages left out here; the whole thread is in Ferry: <a href="https:\/\/ferry.example\/w\/acme\/requests\/1">/);
    expect(html).not.toContain("message 100 ");
  });
});
