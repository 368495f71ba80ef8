import type { CustomField, Request, RequestMessage } from "@/generated/prisma/client";
import type { RequestStatus, Sentiment, Urgency } from "@/generated/prisma/enums";
import { readAttachments, readCustomValues } from "@/lib/requests/serialize";
import type { CustomFieldDefinitionInput, CustomFieldType } from "./client";

/**
 * A Ferry request as a "Ferry Requests" custom object instance in Vitally: the name, and every
 * trait of the Vitally sync document's trait table with its data type, plus one trait per custom
 * tag/category. Pure; the schema-ensure step and the "Schema" panel read the catalog, the push
 * step reads the values.
 *
 * Trait keys here are Ferry's stable keys. Vitally names each field's `path` itself when the field
 * is created (`vitally.custom.<camelCase label>`), so the push maps keys to the paths the
 * schema-ensure step recorded (`toVitallyTraits`).
 *
 * Length: Vitally documents no limit on trait values (reference §3.2, §8.13 say nothing). Ferry
 * caps them itself so one huge thread cannot make every push fail: textarea 50,000 characters,
 * string 2,000, each cut with a visible marker pointing at the request in Ferry.
 */

export const CUSTOM_OBJECT = {
  name: "ferryRequests",
  label: "Ferry Requests",
  writeMode: "readonly",
} as const;

export const TEXTAREA_MAX_CHARS = 50_000;
export const STRING_MAX_CHARS = 2_000;

export interface TraitDefinition {
  /** Ferry's stable key; never changes once shipped. */
  key: string;
  /** The field label in Vitally. */
  label: string;
  /** Vitally's field type (the sync document's data type column). */
  type: Extract<CustomFieldType, "string" | "textarea" | "datetime" | "number">;
  /** What it holds, for the Schema panel. */
  description: string;
}

/** The sync document's trait table, in its order (Name is the instance name, see `instanceName`). */
export const REQUEST_TRAIT_CATALOG: readonly TraitDefinition[] = [
  { key: "aiTags", label: "AI Tags", type: "string", description: "AI tags of the request" },
  { key: "assignedTo", label: "Assigned To", type: "string", description: "Who the request is assigned to" },
  { key: "csat", label: "CSAT", type: "textarea", description: "CSAT rating (and comment) of the closed request" },
  { key: "customerThread", label: "Customer Thread", type: "textarea", description: "The conversation with the customer, oldest first" },
  { key: "internalThread", label: "Internal Thread", type: "textarea", description: "The team's internal discussion, oldest first" },
  { key: "messageText", label: "Message Text", type: "textarea", description: "The customer message that started the request" },
  { key: "permalink", label: "Permalink", type: "string", description: "Link to the message that started the request" },
  { key: "requestClosedAt", label: "Request Closed At", type: "datetime", description: "When the request was closed" },
  { key: "requestClosedBy", label: "Request Closed By", type: "string", description: "Who closed the request" },
  { key: "requestCreatedAt", label: "Request Created At", type: "datetime", description: "When the request was created" },
  {
    key: "requestInternalNotificationLink",
    label: "Request Internal Notification Link",
    type: "string",
    description: "Link to the internal (triage) notification",
  },
  { key: "requestor", label: "Requestor", type: "string", description: "The customer who raised the request" },
  { key: "requestUpdatedAt", label: "Request Updated At", type: "datetime", description: "When the request last changed" },
  { key: "requestWebLink", label: "Request Web Link", type: "string", description: "The request's page in Ferry" },
  { key: "sentiment", label: "Sentiment", type: "string", description: "Sentiment of the request" },
  { key: "status", label: "Status", type: "string", description: "Status of the request" },
  { key: "summary", label: "Summary", type: "textarea", description: "Summary of the request" },
  { key: "ferryRequestId", label: "Ferry Request Id", type: "number", description: "The request number in Ferry" },
  { key: "title", label: "Title", type: "textarea", description: "Title of the request" },
  { key: "urgency", label: "Urgency", type: "string", description: "Urgency of the request" },
];

export const CUSTOM_FIELD_TRAIT_PREFIX = "customField.";

export type CustomFieldForTraits = Pick<CustomField, "key" | "name" | "archivedAt">;

/**
 * One string trait per active custom tag/category. Key `customField.<CustomField.key>` (stable
 * across renames); label = the field's current name, unless that name is already taken by a
 * built-in trait or another field (case-insensitive), in which case `<name> (<key>)` keeps the
 * labels distinct (Vitally fields are matched by label).
 */
export function customFieldTraits(fields: ReadonlyArray<CustomFieldForTraits>): TraitDefinition[] {
  const active = fields.filter((f) => !f.archivedAt);
  const taken = new Map<string, number>();
  for (const t of REQUEST_TRAIT_CATALOG) taken.set(t.label.toLowerCase(), 2);
  taken.set("name", 2);
  for (const f of active) taken.set(f.name.trim().toLowerCase(), (taken.get(f.name.trim().toLowerCase()) ?? 0) + 1);
  return active.map((f) => {
    const name = f.name.trim();
    return {
      key: `${CUSTOM_FIELD_TRAIT_PREFIX}${f.key}`,
      label: (taken.get(name.toLowerCase()) ?? 0) > 1 ? `${name} (${f.key})` : name,
      type: "string",
      description: `Custom field "${name}"`,
    };
  });
}

/** Every trait Ferry writes for a workspace: the catalog, then its custom fields. */
export function allRequestTraits(fields: ReadonlyArray<CustomFieldForTraits>): TraitDefinition[] {
  return [...REQUEST_TRAIT_CATALOG, ...customFieldTraits(fields)];
}

/** The definitions to send when creating or extending the custom object. */
export function traitFieldInputs(traits: ReadonlyArray<TraitDefinition>): CustomFieldDefinitionInput[] {
  return traits.map((t) => ({ label: t.label, type: t.type }));
}

// ─── Values ─────────────────────────────────────────────────────────────────────────────────

export type MessageForTraits = Pick<
  RequestMessage,
  "thread" | "authorType" | "authorName" | "text" | "attachments" | "sentAt" | "editedAt" | "deletedAt"
>;

export type RequestForTraits = Pick<
  Request,
  | "id"
  | "number"
  | "title"
  | "summary"
  | "messageText"
  | "status"
  | "urgency"
  | "sentiment"
  | "aiTags"
  | "assigneeName"
  | "assigneeEmail"
  | "requestorName"
  | "requestorEmail"
  | "permalink"
  | "internalNotificationLink"
  | "csatRating"
  | "csatComment"
  | "closedAt"
  | "closedByName"
  | "customValues"
  | "createdAt"
  | "updatedAt"
> & { messages: ReadonlyArray<MessageForTraits> };

export interface TraitContext {
  /** Ferry's public origin (lib/env `appUrl()`), no trailing slash needed. */
  appUrl: string;
  workspaceSlug: string;
  customFields: ReadonlyArray<CustomFieldForTraits>;
}

export type TraitValue = string | number | null;

export interface RequestInstance {
  name: string;
  /** Stable per request, for the instance's externalId (search before create). */
  externalId: string;
  /** Every trait key → value; null = empty (delete it on update, omit it on create). */
  values: Record<string, TraitValue>;
}

const STATUS_LABEL: Record<RequestStatus, string> = {
  OPEN: "Open",
  IN_PROGRESS: "In progress",
  WAITING_ON_CUSTOMER: "Waiting on customer",
  ON_HOLD: "On hold",
  CLOSED: "Closed",
};
const URGENCY_LABEL: Record<Urgency, string> = { LOW: "Low", MEDIUM: "Medium", HIGH: "High", URGENT: "Urgent" };
const SENTIMENT_LABEL: Record<Sentiment, string> = { POSITIVE: "Positive", NEUTRAL: "Neutral", NEGATIVE: "Negative" };

export function instanceName(number: number): string {
  return `Ferry Request ID: ${number}`;
}

export function instanceExternalId(requestId: string): string {
  return `ferry-request-${requestId}`;
}

export function requestWebLink(appUrl: string, workspaceSlug: string, number: number): string {
  return `${appUrl.replace(/\/+$/, "")}/w/${encodeURIComponent(workspaceSlug)}/requests/${number}`;
}

/** `2026-11-20 14:03 UTC` */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

function person(name: string | null, email: string | null): string | null {
  const n = name?.trim();
  const e = email?.trim();
  if (n && e) return `${n} (${e})`;
  return n || e || null;
}

function blankToNull(value: string | null | undefined): string | null {
  return value && value.trim() !== "" ? value : null;
}

/** One message as readable text; the header carries author, role and edit/delete marks. */
export function formatMessage(message: MessageForTraits): string {
  const role = message.authorType === "CUSTOMER" ? "customer" : "team";
  const marks = [role];
  if (message.editedAt && !message.deletedAt) marks.push(`edited ${formatUtc(message.editedAt)}`);
  const header = `[${formatUtc(message.sentAt)}] ${message.authorName} (${marks.join(", ")}):`;
  if (message.deletedAt) return `${header} [message deleted ${formatUtc(message.deletedAt)}]`;
  const lines = [message.text.trim() === "" ? header : `${header} ${message.text}`];
  for (const a of readAttachments(message.attachments)) {
    lines.push(`  Attachment: ${a.size === null ? a.name : `${a.name} (${formatBytes(a.size)})`} ${a.url}`);
  }
  return lines.join("\n");
}

function cut(text: string, max: number, marker: string): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - marker.length))}${marker}`;
}

/**
 * A thread, oldest first. Over the cap, the first message and as many of the newest as fit are
 * kept, with a marker where messages were left out.
 */
export function formatThread(messages: ReadonlyArray<MessageForTraits>, webLink: string, max = TEXTAREA_MAX_CHARS): string | null {
  if (messages.length === 0) return null;
  const ordered = messages
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.sentAt.getTime() - b.m.sentAt.getTime() || a.i - b.i)
    .map(({ m }) => formatMessage(m));
  const full = ordered.join("\n\n");
  if (full.length <= max) return full;

  const omittedMarker = (n: number) => `[… ${n} message${n === 1 ? "" : "s"} left out here; the whole thread is in Ferry: ${webLink}]`;
  const firstBudget = Math.floor(max / 4);
  const first = cut(ordered[0]!, firstBudget, ` … [cut; full message in Ferry: ${webLink}]`);
  const tail: string[] = [];
  let used = first.length + 2 + omittedMarker(ordered.length).length + 2;
  for (let i = ordered.length - 1; i >= 1; i -= 1) {
    const block = ordered[i]!;
    if (used + block.length + 2 > max) break;
    tail.unshift(block);
    used += block.length + 2;
  }
  const omitted = ordered.length - 1 - tail.length;
  const parts = omitted > 0 ? [first, omittedMarker(omitted), ...tail] : [first, ...tail];
  return cut(parts.join("\n\n"), max, ` … [cut; see ${webLink}]`);
}

function textarea(value: string | null | undefined, webLink: string): string | null {
  const v = blankToNull(value);
  return v === null ? null : cut(v, TEXTAREA_MAX_CHARS, ` … [cut by Ferry; the full text is at ${webLink}]`);
}

function string(value: string | null | undefined): string | null {
  const v = blankToNull(value);
  return v === null ? null : cut(v, STRING_MAX_CHARS, "…");
}

function customValue(value: string | number | string[] | undefined): string | null {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : string(value.join(", "));
  return string(String(value));
}

export function buildRequestInstance(request: RequestForTraits, ctx: TraitContext): RequestInstance {
  const webLink = requestWebLink(ctx.appUrl, ctx.workspaceSlug, request.number);
  const thread = (which: "CUSTOMER" | "INTERNAL") => formatThread(request.messages.filter((m) => m.thread === which), webLink);
  const csat =
    request.csatRating === null
      ? null
      : [`Rating: ${request.csatRating}/5`, blankToNull(request.csatComment) ? `Comment: ${request.csatComment}` : null].filter(Boolean).join("\n");

  const values: Record<string, TraitValue> = {
    aiTags: string(request.aiTags.filter((t) => t.trim() !== "").join(", ")),
    assignedTo: string(person(request.assigneeName, request.assigneeEmail)),
    csat: textarea(csat, webLink),
    customerThread: thread("CUSTOMER"),
    internalThread: thread("INTERNAL"),
    messageText: textarea(request.messageText, webLink),
    permalink: string(request.permalink),
    requestClosedAt: request.closedAt ? request.closedAt.toISOString() : null,
    requestClosedBy: string(request.closedByName),
    requestCreatedAt: request.createdAt.toISOString(),
    requestInternalNotificationLink: string(request.internalNotificationLink),
    requestor: string(person(request.requestorName, request.requestorEmail)),
    requestUpdatedAt: request.updatedAt.toISOString(),
    requestWebLink: webLink,
    sentiment: request.sentiment ? SENTIMENT_LABEL[request.sentiment] : null,
    status: STATUS_LABEL[request.status],
    summary: textarea(request.summary, webLink),
    ferryRequestId: request.number,
    title: textarea(request.title, webLink),
    urgency: request.urgency ? URGENCY_LABEL[request.urgency] : null,
  };
  const custom = readCustomValues(request.customValues);
  for (const trait of customFieldTraits(ctx.customFields)) {
    values[trait.key] = customValue(custom[trait.key.slice(CUSTOM_FIELD_TRAIT_PREFIX.length)]);
  }
  return { name: instanceName(request.number), externalId: instanceExternalId(request.id), values };
}

/**
 * Trait values keyed by the Vitally field paths recorded by the schema-ensure step. Keys without a
 * path are returned in `missingKeys` (the Schema panel offers "Repair"); `dropNulls` is for
 * creates, where an empty trait is simply not sent.
 */
export function toVitallyTraits(
  values: Readonly<Record<string, TraitValue>>,
  pathByKey: Readonly<Record<string, string>>,
  options: { dropNulls?: boolean } = {},
): { traits: Record<string, TraitValue>; missingKeys: string[] } {
  const traits: Record<string, TraitValue> = {};
  const missingKeys: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const path = pathByKey[key];
    if (!path) {
      missingKeys.push(key);
      continue;
    }
    if (value === null && options.dropNulls) continue;
    traits[path] = value;
  }
  return { traits, missingKeys };
}
