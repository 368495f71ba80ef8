import { z } from "zod";
import type { AuthorType, Channel, CustomFieldKind, RequestStatus, Sentiment, Thread, Urgency } from "@/generated/prisma/enums";
import { db as defaultDb, type Db } from "@/lib/db";

/** One request with both threads and its custom values named, for the request page. */
export type Attachment = { name: string; url: string; size: number | null };

export type ThreadMessage = {
  id: string;
  authorType: AuthorType;
  authorName: string;
  authorEmail: string | null;
  text: string;
  attachments: Attachment[];
  sentAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
};

export type CustomValue = {
  key: string;
  /** The field's name, or the key when the field is unknown (a value left by a deleted field). */
  name: string;
  kind: CustomFieldKind | null;
  archived: boolean;
  values: string[];
};

export type RequestDetail = {
  id: string;
  number: number;
  externalId: string | null;
  channel: Channel;
  title: string;
  summary: string | null;
  messageText: string;
  status: RequestStatus;
  urgency: Urgency | null;
  sentiment: Sentiment | null;
  aiTags: string[];
  assigneeName: string | null;
  assigneeEmail: string | null;
  requestorName: string;
  requestorEmail: string | null;
  requestorPlatformId: string | null;
  requestorCompany: string | null;
  permalink: string | null;
  internalNotificationLink: string | null;
  webLink: string | null;
  csatRating: number | null;
  csatComment: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  closedByName: string | null;
  customValues: CustomValue[];
  threads: Record<Thread, ThreadMessage[]>;
};

const ZAttachments = z.array(
  z.object({ name: z.string(), url: z.string(), size: z.number().nullable().optional() }).transform((a) => ({ ...a, size: a.size ?? null })),
);

function parseAttachments(raw: unknown): Attachment[] {
  const parsed = ZAttachments.safeParse(raw);
  return parsed.success ? parsed.data : [];
}

function valuesOf(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((v) => v !== null && v !== undefined).map(String);
  if (raw === null || raw === undefined || raw === "") return [];
  return [String(raw)];
}

/** The request numbered `number` in the workspace, or null (another workspace's request is null too). */
export async function getRequestDetail(
  input: { workspaceId: string; number: number },
  deps: { db?: Db } = {},
): Promise<RequestDetail | null> {
  const db = deps.db ?? defaultDb();
  const request = await db.request.findUnique({
    where: { workspaceId_number: { workspaceId: input.workspaceId, number: input.number } },
    include: { messages: { orderBy: [{ sentAt: "asc" }, { id: "asc" }] } },
  });
  if (!request) return null;

  const stored = (request.customValues ?? {}) as Record<string, unknown>;
  const keys = Object.keys(stored);
  const fields = keys.length
    ? await db.customField.findMany({ where: { workspaceId: input.workspaceId, key: { in: keys } } })
    : [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const customValues: CustomValue[] = keys
    .map((key) => {
      const field = byKey.get(key);
      return { key, name: field?.name ?? key, kind: field?.kind ?? null, archived: Boolean(field?.archivedAt), values: valuesOf(stored[key]) };
    })
    .filter((v) => v.values.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name));

  const threads: Record<Thread, ThreadMessage[]> = { CUSTOMER: [], INTERNAL: [] };
  for (const m of request.messages) {
    threads[m.thread].push({
      id: m.id,
      authorType: m.authorType,
      authorName: m.authorName,
      authorEmail: m.authorEmail,
      text: m.text,
      attachments: parseAttachments(m.attachments),
      sentAt: m.sentAt,
      editedAt: m.editedAt,
      deletedAt: m.deletedAt,
    });
  }

  const r = request;
  return {
    id: r.id,
    number: r.number,
    externalId: r.externalId,
    channel: r.channel,
    title: r.title,
    summary: r.summary,
    messageText: r.messageText,
    status: r.status,
    urgency: r.urgency,
    sentiment: r.sentiment,
    aiTags: r.aiTags,
    assigneeName: r.assigneeName,
    assigneeEmail: r.assigneeEmail,
    requestorName: r.requestorName,
    requestorEmail: r.requestorEmail,
    requestorPlatformId: r.requestorPlatformId,
    requestorCompany: r.requestorCompany,
    permalink: r.permalink,
    internalNotificationLink: r.internalNotificationLink,
    webLink: r.webLink,
    csatRating: r.csatRating,
    csatComment: r.csatComment,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    closedAt: r.closedAt,
    closedByName: r.closedByName,
    customValues,
    threads,
  };
}
