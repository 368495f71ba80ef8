import type { Request, RequestMessage } from "@/generated/prisma/client";
import { AUTHOR_TYPE, CHANNEL, SENTIMENT, STATUS, THREAD, URGENCY, toApiOrNull } from "@/lib/requests/enums";
import type { ApiAttachment, ApiCustomValues, ApiMessage, ApiRequest, ApiRequestSummary } from "@/lib/requests/schemas";

/**
 * Database rows → the API's JSON shapes. One serializer for every read and write response, and for
 * later consumers (Vitally/Salesforce pushes, bulk export) that need the same view of a request.
 */

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function readAttachments(json: unknown): ApiAttachment[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((a) => {
    if (!a || typeof a !== "object") return [];
    const { name, url, size } = a as Record<string, unknown>;
    if (typeof name !== "string" || typeof url !== "string") return [];
    return [{ name, url, size: typeof size === "number" ? size : null }];
  });
}

export function readCustomValues(json: unknown): ApiCustomValues {
  if (!json || typeof json !== "object" || Array.isArray(json)) return {};
  const out: ApiCustomValues = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === "string" || typeof value === "number") out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === "string");
  }
  return out;
}

export function toApiMessage(row: RequestMessage): ApiMessage {
  return {
    id: row.id,
    requestId: row.requestId,
    externalId: row.externalId,
    thread: THREAD.toApi(row.thread),
    author: {
      type: AUTHOR_TYPE.toApi(row.authorType),
      name: row.authorName,
      email: row.authorEmail,
      platformId: row.authorPlatformId,
    },
    text: row.text,
    attachments: readAttachments(row.attachments),
    sentAt: iso(row.sentAt),
    editedAt: isoOrNull(row.editedAt),
    deletedAt: isoOrNull(row.deletedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function toApiRequestSummary(row: Request): ApiRequestSummary {
  return {
    id: row.id,
    number: row.number,
    externalId: row.externalId,
    channel: CHANNEL.toApi(row.channel),
    title: row.title,
    summary: row.summary,
    messageText: row.messageText,
    status: STATUS.toApi(row.status),
    urgency: toApiOrNull(URGENCY, row.urgency),
    sentiment: toApiOrNull(SENTIMENT, row.sentiment),
    aiTags: row.aiTags,
    assignee: row.assigneeName ? { name: row.assigneeName, email: row.assigneeEmail } : null,
    requestor: {
      name: row.requestorName,
      email: row.requestorEmail,
      platformId: row.requestorPlatformId,
      company: row.requestorCompany,
    },
    permalink: row.permalink,
    internalNotificationLink: row.internalNotificationLink,
    webLink: row.webLink,
    csat: row.csatRating != null ? { rating: row.csatRating, comment: row.csatComment } : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
    closedAt: isoOrNull(row.closedAt),
    closedBy: row.closedByName,
    customFields: readCustomValues(row.customValues),
    version: row.version,
    receivedAt: iso(row.receivedAt),
  };
}

/** The full request with the messages given (callers pass the non-deleted ones, oldest first). */
export function toApiRequest(row: Request, messages: RequestMessage[]): ApiRequest {
  return { ...toApiRequestSummary(row), messages: sortMessages(messages).map(toApiMessage) };
}

export function sortMessages<M extends { sentAt: Date; id: string }>(messages: M[]): M[] {
  return [...messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
