import type { Sentiment, Urgency } from "@/generated/prisma/enums";
import { readAttachments, readCustomValues } from "@/lib/requests/serialize";
import { escapeHtml, renderMessageHtml } from "@/lib/sync/vitally/conversations/message-html";
import { formatUtc as utc, requestWebLink, type MessageForTraits, type RequestForTraits } from "@/lib/vitally/request-traits";
import {
  customFieldApiName,
  LONG_TEXT_LENGTH,
  REQUEST_FIELDS,
  REQUEST_ID_FIELD,
  RICH_TEXT_LENGTH,
  STATUS_PICKLIST_VALUES,
  TEXT_LENGTH,
  type CustomFieldForSalesforce,
} from "./request-fields";

/**
 * A Ferry request as the field values of its Request__c record (the field table in
 * request-fields.ts). Pure. Every field of the table is always present: a value Ferry no longer
 * has is sent as null so the record shows the latest state (the upsert overwrites, never merges).
 *
 * - Threads, summary, message text and CSAT are rich text (HTML), everything people wrote escaped.
 *   A thread over the rich-text capacity keeps its first message and as many of the newest as
 *   fit, with a note where messages were left out (the whole thread is on the request's page).
 * - Timestamps are ISO 8601 UTC text (the seed's "Date and time … in UTC").
 * - Text fields are cut to 255 characters with "…"; URL fields carry only http(s) links that fit.
 * - The Account and Contact lookups come from the link the matching rules found.
 * - RequestId__c (the external id) is the request's Ferry id; the upsert puts it in the URL.
 */

export type RequestRecordLink = { accountId: string; contactId: string | null };

export type RequestRecordContext = {
  appUrl: string;
  workspaceSlug: string;
  customFields: ReadonlyArray<CustomFieldForSalesforce>;
};

export type RequestRecordInput = RequestForTraits & { id: string; number: number };

export type RequestRecordFields = Record<string, string | null>;

/** Text name field of Request__c (80 characters). */
export const NAME_LENGTH = 80;

const URGENCY: Record<Urgency, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High", URGENT: "Urgent" };
const SENTIMENT: Record<Sentiment, string> = { POSITIVE: "Positive", NEUTRAL: "Neutral", NEGATIVE: "Negative" };

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function text(value: string | null | undefined, max = TEXT_LENGTH): string | null {
  const v = value?.trim();
  return v ? cut(v, max) : null;
}

function url(value: string | null | undefined): string | null {
  const v = value?.trim();
  if (!v || v.length > TEXT_LENGTH) return null;
  try {
    const parsed = new URL(v);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? v : null;
  } catch {
    return null;
  }
}

function person(name: string | null, email: string | null): string | null {
  const n = name?.trim();
  const e = email?.trim();
  if (n && e) return `${n} (${e})`;
  return n || e || null;
}

function paragraphs(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? renderMessageHtml({ text: v, attachments: [] }) : null;
}

/** An HTML value that fits the rich-text capacity, with a pointer to Ferry when cut. */
function richText(html: string | null, webLink: string): string | null {
  if (html === null || html.length <= RICH_TEXT_LENGTH) return html;
  const note = `<p><i>… cut by Ferry; the full text is at <a href="${escapeHtml(webLink)}">${escapeHtml(webLink)}</a></i></p>`;
  // Cut after a closed paragraph so no element is left half-open.
  const boundary = html.lastIndexOf("</p>", RICH_TEXT_LENGTH - note.length - 4);
  return boundary > 0 ? `${html.slice(0, boundary + 4)}${note}` : note;
}

/** One message: a header line (author, side, time, edits) then its text and attachments. */
export function messageHtml(message: MessageForTraits): string {
  const marks = [message.authorType === "CUSTOMER" ? "customer" : "team", utc(message.sentAt)];
  if (message.editedAt && !message.deletedAt) marks.push(`edited ${utc(message.editedAt)}`);
  const header = `<p><b>${escapeHtml(message.authorName)}</b> (${escapeHtml(marks.join(", "))})</p>`;
  if (message.deletedAt) return `${header}<p><i>[message deleted ${escapeHtml(utc(message.deletedAt))}]</i></p>`;
  const attachments = readAttachments(message.attachments).map((a) => ({ name: a.name, url: a.url, size: a.size }));
  return header + renderMessageHtml({ text: message.text, attachments });
}

/** A thread, oldest first, within the rich-text capacity. */
export function threadHtml(messages: ReadonlyArray<MessageForTraits>, webLink: string, max = RICH_TEXT_LENGTH): string | null {
  if (messages.length === 0) return null;
  const blocks = messages
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.sentAt.getTime() - b.m.sentAt.getTime() || a.i - b.i)
    .map(({ m }) => messageHtml(m));
  const full = blocks.join("<hr>");
  if (full.length <= max) return full;
  const link = `<a href="${escapeHtml(webLink)}">${escapeHtml(webLink)}</a>`;
  const omitted = (n: number) => `<p><i>[… ${n} message${n === 1 ? "" : "s"} left out here; the whole thread is in Ferry: ${link}]</i></p>`;
  const first = blocks[0]!.length <= max / 4 ? blocks[0]! : `<p><i>[The first message is too long to show; it is in Ferry: ${link}]</i></p>`;
  const tail: string[] = [];
  let used = first.length + omitted(blocks.length).length + 8;
  for (let i = blocks.length - 1; i >= 1; i -= 1) {
    if (used + blocks[i]!.length + 4 > max) break;
    tail.unshift(blocks[i]!);
    used += blocks[i]!.length + 4;
  }
  const left = blocks.length - 1 - tail.length;
  return [first, ...(left > 0 ? [omitted(left)] : []), ...tail].join("<hr>");
}

export function requestRecordName(request: Pick<RequestRecordInput, "number" | "title">): string {
  return cut(`#${request.number} ${request.title.trim()}`.trim(), NAME_LENGTH);
}

/** Every Request__c field value for the request (external id included; the upsert moves it to the URL). */
export function buildRequestRecord(request: RequestRecordInput, link: RequestRecordLink, ctx: RequestRecordContext): RequestRecordFields {
  const webLink = requestWebLink(ctx.appUrl, ctx.workspaceSlug, request.number);
  const thread = (which: "CUSTOMER" | "INTERNAL") => threadHtml(request.messages.filter((m) => m.thread === which), webLink);
  const csat =
    request.csatRating === null
      ? null
      : `<p>Rating: ${request.csatRating}/5</p>${request.csatComment?.trim() ? renderMessageHtml({ text: request.csatComment, attachments: [] }) : ""}`;
  const custom = readCustomValues(request.customValues);

  const values: RequestRecordFields = {
    Name: requestRecordName(request),
    Account__c: link.accountId,
    AiTags__c: text(request.aiTags.filter((t) => t.trim() !== "").join(", "), LONG_TEXT_LENGTH),
    Assigned_To__c: text(person(request.assigneeName, request.assigneeEmail)),
    Csat__c: richText(csat, webLink),
    Permalink__c: text(request.permalink),
    requestClosedAt__c: request.closedAt ? request.closedAt.toISOString() : null,
    requestClosedBy__c: text(request.closedByName),
    requestCreatedAt__c: request.createdAt.toISOString(),
    requestInternalNotificationLink__c: url(request.internalNotificationLink),
    Requestor__c: link.contactId,
    requestUpdatedAt__c: request.updatedAt.toISOString(),
    requestWebLink__c: url(webLink),
    Sentiment__c: request.sentiment ? SENTIMENT[request.sentiment] : null,
    Status__c: STATUS_PICKLIST_VALUES[request.status],
    Summary__c: richText(paragraphs(request.summary), webLink),
    [REQUEST_ID_FIELD]: request.id,
    Title__c: text(request.title),
    Message_Text__c: richText(paragraphs(request.messageText), webLink),
    Customer_Thread__c: thread("CUSTOMER"),
    Internal_Thread__c: thread("INTERNAL"),
    Urgency__c: request.urgency ? URGENCY[request.urgency] : null,
  };
  for (const field of ctx.customFields) {
    if (field.archivedAt) continue;
    const value = custom[field.key];
    values[customFieldApiName(field.key)] = value === undefined ? null : text(Array.isArray(value) ? value.join(", ") : String(value));
  }
  return values;
}

/** The table's API names, for tests and the set-up report: every field buildRequestRecord fills. */
export const REQUEST_RECORD_FIELD_NAMES: readonly string[] = ["Name", ...REQUEST_FIELDS.map((f) => f.apiName)];
