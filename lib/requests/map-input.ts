import type { Request } from "@/generated/prisma/client";
import type { CustomValue } from "@/lib/custom-fields/validate-custom-values";
import { canonicalJson } from "@/lib/idempotency/hash-body";
import { AUTHOR_TYPE, CHANNEL, SENTIMENT, STATUS, THREAD, URGENCY, toDbOrNull } from "@/lib/requests/enums";
import { readCustomValues } from "@/lib/requests/serialize";
import type { ParsedAddMessage, ParsedCreateRequest, ParsedUpdateRequest } from "@/lib/requests/schemas";

/** The request columns the API controls (everything but ids, number, version and receivedAt). */
export type RequestColumns = Pick<
  Request,
  | "externalId"
  | "channel"
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
  | "requestorPlatformId"
  | "requestorCompany"
  | "permalink"
  | "internalNotificationLink"
  | "webLink"
  | "csatRating"
  | "csatComment"
  | "createdAt"
  | "updatedAt"
  | "closedAt"
  | "closedByName"
> & { customValues: Record<string, CustomValue> };

/** The API field each column belongs to (the names `ferry/request.updated` lists in `changed`). */
const API_FIELD: Record<Exclude<keyof RequestColumns, "customValues" | "updatedAt">, string> = {
  externalId: "externalId",
  channel: "channel",
  title: "title",
  summary: "summary",
  messageText: "messageText",
  status: "status",
  urgency: "urgency",
  sentiment: "sentiment",
  aiTags: "aiTags",
  assigneeName: "assignee",
  assigneeEmail: "assignee",
  requestorName: "requestor",
  requestorEmail: "requestor",
  requestorPlatformId: "requestor",
  requestorCompany: "requestor",
  permalink: "permalink",
  internalNotificationLink: "internalNotificationLink",
  webLink: "webLink",
  csatRating: "csat",
  csatComment: "csat",
  createdAt: "createdAt",
  closedAt: "closedAt",
  closedByName: "closedBy",
};

const date = (s: string) => new Date(s);
const dateOrNull = (s: string | null | undefined) => (s == null ? null : new Date(s));

function dropNulls(values: Record<string, CustomValue | null>): Record<string, CustomValue> {
  const out: Record<string, CustomValue> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null) out[k] = v;
  return out;
}

export function columnsForCreate(p: ParsedCreateRequest, customValues: Record<string, CustomValue | null>, now: Date): RequestColumns {
  const createdAt = p.createdAt ? date(p.createdAt) : now;
  const updatedAt = p.updatedAt ? date(p.updatedAt) : createdAt;
  const status = STATUS.toDb(p.status);
  const closedAt = p.closedAt !== undefined ? dateOrNull(p.closedAt) : status === "CLOSED" ? updatedAt : null;
  return {
    externalId: p.externalId ?? null,
    channel: CHANNEL.toDb(p.channel),
    title: p.title,
    summary: p.summary ?? null,
    messageText: p.messageText,
    status,
    urgency: toDbOrNull(URGENCY, p.urgency),
    sentiment: toDbOrNull(SENTIMENT, p.sentiment),
    aiTags: p.aiTags,
    assigneeName: p.assignee?.name ?? null,
    assigneeEmail: p.assignee?.email ?? null,
    requestorName: p.requestor.name,
    requestorEmail: p.requestor.email ?? null,
    requestorPlatformId: p.requestor.platformId ?? null,
    requestorCompany: p.requestor.company ?? null,
    permalink: p.permalink ?? null,
    internalNotificationLink: p.internalNotificationLink ?? null,
    webLink: p.webLink ?? null,
    csatRating: p.csat?.rating ?? null,
    csatComment: p.csat ? (p.csat.comment ?? null) : null,
    createdAt,
    updatedAt,
    closedAt,
    closedByName: p.closedBy ?? null,
    customValues: dropNulls(customValues),
  };
}

export function columnsFromRow(row: Request): RequestColumns {
  const { customValues, ...rest } = pickColumns(row);
  return { ...rest, customValues: readCustomValues(customValues) };
}

function pickColumns(row: Request) {
  return {
    externalId: row.externalId,
    channel: row.channel,
    title: row.title,
    summary: row.summary,
    messageText: row.messageText,
    status: row.status,
    urgency: row.urgency,
    sentiment: row.sentiment,
    aiTags: row.aiTags,
    assigneeName: row.assigneeName,
    assigneeEmail: row.assigneeEmail,
    requestorName: row.requestorName,
    requestorEmail: row.requestorEmail,
    requestorPlatformId: row.requestorPlatformId,
    requestorCompany: row.requestorCompany,
    permalink: row.permalink,
    internalNotificationLink: row.internalNotificationLink,
    webLink: row.webLink,
    csatRating: row.csatRating,
    csatComment: row.csatComment,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    closedAt: row.closedAt,
    closedByName: row.closedByName,
    customValues: row.customValues,
  };
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  }
  if (Array.isArray(a) || Array.isArray(b)) return canonicalJson(a) === canonicalJson(b);
  return a === b;
}

/**
 * Applies a partial update to the current columns. Returns the new columns and the API field names
 * that changed (custom values as `customFields.<key>`); an empty list means a no-op. `updatedAt`
 * alone is not a change; when something changed it becomes the given updatedAt or `now`.
 */
export function applyUpdate(
  current: RequestColumns,
  patch: ParsedUpdateRequest,
  customValues: Record<string, CustomValue | null>,
  now: Date,
): { next: RequestColumns; changed: string[] } {
  const next: RequestColumns = { ...current, customValues: { ...current.customValues } };
  const set = <K extends keyof RequestColumns>(key: K, value: RequestColumns[K] | undefined) => {
    if (value !== undefined) next[key] = value;
  };

  set("externalId", patch.externalId);
  set("channel", patch.channel && CHANNEL.toDb(patch.channel));
  set("title", patch.title);
  set("summary", patch.summary);
  set("messageText", patch.messageText);
  set("urgency", patch.urgency === undefined ? undefined : toDbOrNull(URGENCY, patch.urgency));
  set("sentiment", patch.sentiment === undefined ? undefined : toDbOrNull(SENTIMENT, patch.sentiment));
  set("aiTags", patch.aiTags);
  if (patch.assignee !== undefined) {
    next.assigneeName = patch.assignee?.name ?? null;
    next.assigneeEmail = patch.assignee?.email ?? null;
  }
  if (patch.requestor) {
    set("requestorName", patch.requestor.name);
    set("requestorEmail", patch.requestor.email);
    set("requestorPlatformId", patch.requestor.platformId);
    set("requestorCompany", patch.requestor.company);
  }
  set("permalink", patch.permalink);
  set("internalNotificationLink", patch.internalNotificationLink);
  set("webLink", patch.webLink);
  if (patch.csat !== undefined) {
    next.csatRating = patch.csat?.rating ?? null;
    next.csatComment = patch.csat?.comment ?? null;
  }
  set("createdAt", patch.createdAt === undefined ? undefined : date(patch.createdAt));
  set("closedAt", patch.closedAt === undefined ? undefined : dateOrNull(patch.closedAt));
  set("closedByName", patch.closedBy);
  for (const [key, value] of Object.entries(customValues)) {
    if (value === null) delete next.customValues[key];
    else next.customValues[key] = value;
  }

  const updatedAt = patch.updatedAt ? date(patch.updatedAt) : now;
  if (patch.status !== undefined) {
    next.status = STATUS.toDb(patch.status);
    const wasClosed = current.status === "CLOSED";
    const isClosed = next.status === "CLOSED";
    if (isClosed && !wasClosed && patch.closedAt === undefined) next.closedAt = updatedAt;
    if (!isClosed && wasClosed) {
      if (patch.closedAt === undefined) next.closedAt = null;
      if (patch.closedBy === undefined) next.closedByName = null;
    }
  }

  const changed = new Set<string>();
  for (const column of Object.keys(API_FIELD) as (keyof typeof API_FIELD)[]) {
    if (!same(current[column], next[column])) changed.add(API_FIELD[column]);
  }
  const keys = new Set([...Object.keys(current.customValues), ...Object.keys(next.customValues)]);
  for (const key of keys) {
    if (canonicalJson(current.customValues[key]) !== canonicalJson(next.customValues[key])) changed.add(`customFields.${key}`);
  }
  if (changed.size > 0) next.updatedAt = updatedAt;
  return { next, changed: [...changed].sort() };
}

export type MessageColumns = {
  externalId: string | null;
  thread: "CUSTOMER" | "INTERNAL";
  authorType: "CUSTOMER" | "TEAM";
  authorName: string;
  authorEmail: string | null;
  authorPlatformId: string | null;
  text: string;
  attachments: { name: string; url: string; size: number | null }[];
  sentAt: Date;
};

export function messageColumns(m: ParsedAddMessage, defaultSentAt: Date): MessageColumns {
  return {
    externalId: m.externalId ?? null,
    thread: THREAD.toDb(m.thread),
    authorType: AUTHOR_TYPE.toDb(m.author.type),
    authorName: m.author.name,
    authorEmail: m.author.email ?? null,
    authorPlatformId: m.author.platformId ?? null,
    text: m.text,
    attachments: m.attachments.map((a) => ({ name: a.name, url: a.url, size: a.size ?? null })),
    sentAt: m.sentAt ? date(m.sentAt) : defaultSentAt,
  };
}
