import { z } from "zod";
import { AUTHOR_TYPE, CHANNEL, SENTIMENT, STATUS, THREAD, URGENCY } from "@/lib/requests/enums";

/**
 * The public API's request and message shapes (camelCase JSON, lower-case enum values). The
 * OpenAPI document (lib/api/openapi.ts) is generated from these same schemas.
 *
 * Inputs are strict: an unknown field is an error naming that field, so typos never pass silently.
 */

export const LIMITS = {
  shortText: 200,
  title: 500,
  summary: 20_000,
  text: 100_000,
  url: 2048,
  email: 320,
  aiTags: 50,
  aiTag: 100,
  attachments: 50,
  initialMessages: 1000,
  customTextValue: 1000,
  customMultiValues: 100,
} as const;

const text = (max: number) => z.string().trim().min(1, "Must not be empty.").max(max, `At most ${max} characters.`);
export const ZHttpUrl = z
  .url({ protocol: /^https?$/, error: "Must be an http or https URL." })
  .max(LIMITS.url, `At most ${LIMITS.url} characters.`);
export const ZEmail = z
  .email({ error: "Must be an email address." })
  .max(LIMITS.email)
  .transform((e) => e.toLowerCase());
export const ZTimestamp = z.iso.datetime({ offset: true, error: "Must be an ISO 8601 date-time with a time zone, e.g. 2026-01-31T09:30:00Z." });
export const ZExternalId = text(LIMITS.shortText).describe("The support platform's own id; unique per workspace.");

/** `customFields.<key>` values: a string (text/select), a number, or a list (multi-select). */
export const ZCustomFieldKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "Use 1–63 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
export const ZCustomValue = z.union(
  [
    z.string().max(LIMITS.customTextValue),
    z.number(),
    z.array(z.string().max(LIMITS.shortText)).max(LIMITS.customMultiValues),
  ],
  { error: "Must be text, a number, or a list of text values." },
);
export const ZCustomValuesInput = z
  .record(ZCustomFieldKey, ZCustomValue.nullable())
  .describe("Values keyed by custom-field key; checked against the workspace's custom-field definitions. null clears a value.");

// ─── Inputs ─────────────────────────────────────────────────────────────────────────────────────

export const ZAssigneeInput = z.strictObject({
  name: text(LIMITS.shortText),
  email: ZEmail.nullable().optional(),
});

export const ZRequestorInput = z.strictObject({
  name: text(LIMITS.shortText),
  email: ZEmail.nullable().optional(),
  platformId: text(LIMITS.shortText).nullable().optional().describe("The platform's user id, e.g. a Slack member id."),
  company: text(LIMITS.shortText).nullable().optional().describe("The requestor's own workspace or company name."),
});

export const ZCsatInput = z.strictObject({
  rating: z.int().min(1, "From 1 to 5.").max(5, "From 1 to 5."),
  comment: z.string().max(LIMITS.summary).nullable().optional(),
});

export const ZAttachmentInput = z.strictObject({
  name: text(LIMITS.title),
  url: ZHttpUrl,
  size: z.int().min(0).nullable().optional().describe("Size in bytes."),
});

export const ZMessageAuthorInput = z.strictObject({
  type: AUTHOR_TYPE.schema.describe("customer: the requestor's side; team: a member of the support team."),
  name: text(LIMITS.shortText),
  email: ZEmail.nullable().optional(),
  platformId: text(LIMITS.shortText).nullable().optional(),
});

export const ZAddMessageInput = z
  .strictObject({
    externalId: ZExternalId.optional().describe("The platform's own id for the message; unique per request."),
    thread: THREAD.schema.describe("customer: the conversation with the customer; internal: the team's triage thread."),
    author: ZMessageAuthorInput,
    text: z.string().max(LIMITS.text).default(""),
    attachments: z.array(ZAttachmentInput).max(LIMITS.attachments).default([]),
    sentAt: ZTimestamp.optional().describe("Defaults to the time Ferry receives it."),
  })
  .refine((m) => m.text.trim().length > 0 || m.attachments.length > 0, {
    path: ["text"],
    message: "A message needs text or at least one attachment.",
  });

export const ZEditMessageInput = z
  .strictObject({
    text: z.string().max(LIMITS.text).optional(),
    attachments: z.array(ZAttachmentInput).max(LIMITS.attachments).optional(),
    editedAt: ZTimestamp.optional().describe("Defaults to the time Ferry receives it."),
  })
  .refine((m) => m.text !== undefined || m.attachments !== undefined, {
    path: ["text"],
    message: "Give the new text, attachments, or both.",
  });

const requestFields = {
  externalId: ZExternalId,
  channel: CHANNEL.schema,
  title: text(LIMITS.title),
  summary: z.string().max(LIMITS.summary),
  messageText: text(LIMITS.text).describe("The customer message that started the request."),
  status: STATUS.schema,
  urgency: URGENCY.schema,
  sentiment: SENTIMENT.schema,
  aiTags: z.array(text(LIMITS.aiTag)).max(LIMITS.aiTags),
  assignee: ZAssigneeInput,
  requestor: ZRequestorInput,
  permalink: ZHttpUrl.describe("Link to the message that started the request on its channel."),
  internalNotificationLink: ZHttpUrl.describe("Link to the internal (triage) notification."),
  webLink: ZHttpUrl.describe("The support platform's own web link to the request."),
  csat: ZCsatInput,
  createdAt: ZTimestamp,
  updatedAt: ZTimestamp,
  closedAt: ZTimestamp,
  closedBy: text(LIMITS.shortText).describe("Name of who closed the request."),
};

export const ZCreateRequestInput = z
  .strictObject({
    externalId: requestFields.externalId.optional(),
    channel: requestFields.channel,
    title: requestFields.title,
    summary: requestFields.summary.nullable().optional(),
    messageText: requestFields.messageText,
    status: requestFields.status.default("open"),
    urgency: requestFields.urgency.nullable().optional(),
    sentiment: requestFields.sentiment.nullable().optional(),
    aiTags: requestFields.aiTags.default([]),
    assignee: requestFields.assignee.nullable().optional(),
    requestor: requestFields.requestor,
    permalink: requestFields.permalink.nullable().optional(),
    internalNotificationLink: requestFields.internalNotificationLink.nullable().optional(),
    webLink: requestFields.webLink.nullable().optional(),
    csat: requestFields.csat.nullable().optional(),
    createdAt: requestFields.createdAt.optional().describe("When the request was created on the platform; defaults to now."),
    updatedAt: requestFields.updatedAt.optional().describe("Defaults to createdAt."),
    closedAt: requestFields.closedAt.nullable().optional().describe("Defaults to updatedAt when status is closed."),
    closedBy: requestFields.closedBy.nullable().optional(),
    customFields: ZCustomValuesInput.default({}),
    messages: z
      .array(ZAddMessageInput)
      .max(LIMITS.initialMessages)
      .superRefine((messages, ctx) => {
        const seen = new Set<string>();
        messages.forEach((m, i) => {
          if (!m.externalId) return;
          if (seen.has(m.externalId)) ctx.addIssue({ code: "custom", path: [i, "externalId"], message: "Duplicate externalId in messages." });
          seen.add(m.externalId);
        });
      })
      .default([])
      .describe("Initial messages of the customer and internal threads."),
  });

/**
 * Partial update: absent fields are left alone, `null` clears an optional field. `requestor` is
 * merged field by field; `assignee` and `csat` are replaced whole; `customFields` is merged key by
 * key (null removes a key); `aiTags` is replaced.
 */
export const ZUpdateRequestInput = z
  .strictObject({
    externalId: requestFields.externalId.nullable().optional(),
    channel: requestFields.channel.optional(),
    title: requestFields.title.optional(),
    summary: requestFields.summary.nullable().optional(),
    messageText: requestFields.messageText.optional(),
    status: requestFields.status.optional().describe("Setting closed sets closedAt (unless given); reopening clears closedAt and closedBy."),
    urgency: requestFields.urgency.nullable().optional(),
    sentiment: requestFields.sentiment.nullable().optional(),
    aiTags: requestFields.aiTags.optional(),
    assignee: requestFields.assignee.nullable().optional(),
    requestor: ZRequestorInput.partial().optional().describe("Merged field by field."),
    permalink: requestFields.permalink.nullable().optional(),
    internalNotificationLink: requestFields.internalNotificationLink.nullable().optional(),
    webLink: requestFields.webLink.nullable().optional(),
    csat: requestFields.csat.nullable().optional(),
    createdAt: requestFields.createdAt.optional(),
    updatedAt: requestFields.updatedAt.optional().describe("When the request changed on the platform; defaults to now when anything changed."),
    closedAt: requestFields.closedAt.nullable().optional(),
    closedBy: requestFields.closedBy.nullable().optional(),
    customFields: ZCustomValuesInput.optional().describe("Merged key by key; null removes a value."),
  });

export type CreateRequestInput = z.input<typeof ZCreateRequestInput>;
export type ParsedCreateRequest = z.output<typeof ZCreateRequestInput>;
export type UpdateRequestInput = z.input<typeof ZUpdateRequestInput>;
export type ParsedUpdateRequest = z.output<typeof ZUpdateRequestInput>;
export type AddMessageInput = z.input<typeof ZAddMessageInput>;
export type ParsedAddMessage = z.output<typeof ZAddMessageInput>;
export type EditMessageInput = z.input<typeof ZEditMessageInput>;
export type ParsedEditMessage = z.output<typeof ZEditMessageInput>;
export type CustomValuesInput = z.output<typeof ZCustomValuesInput>;

// ─── Outputs ────────────────────────────────────────────────────────────────────────────────────

const ts = z.iso.datetime();

export const ZApiAttachment = z.object({ name: z.string(), url: z.string(), size: z.int().nullable() });

export const ZApiMessage = z
  .object({
    id: z.uuid(),
    requestId: z.uuid(),
    externalId: z.string().nullable(),
    thread: THREAD.schema,
    author: z.object({
      type: AUTHOR_TYPE.schema,
      name: z.string(),
      email: z.string().nullable(),
      platformId: z.string().nullable(),
    }),
    text: z.string(),
    attachments: z.array(ZApiAttachment),
    sentAt: ts,
    editedAt: ts.nullable(),
    deletedAt: ts.nullable(),
    createdAt: ts,
    updatedAt: ts,
  });

export const ZApiCustomValues = z.record(z.string(), ZCustomValue);

export const ZApiRequest = z
  .object({
    id: z.uuid(),
    number: z.int().describe('Per-workspace number people see ("Request ID: 135").'),
    externalId: z.string().nullable(),
    channel: CHANNEL.schema,
    title: z.string(),
    summary: z.string().nullable(),
    messageText: z.string(),
    status: STATUS.schema,
    urgency: URGENCY.schema.nullable(),
    sentiment: SENTIMENT.schema.nullable(),
    aiTags: z.array(z.string()),
    assignee: z.object({ name: z.string(), email: z.string().nullable() }).nullable(),
    requestor: z.object({
      name: z.string(),
      email: z.string().nullable(),
      platformId: z.string().nullable(),
      company: z.string().nullable(),
    }),
    permalink: z.string().nullable(),
    internalNotificationLink: z.string().nullable(),
    webLink: z.string().nullable(),
    csat: z.object({ rating: z.int(), comment: z.string().nullable() }).nullable(),
    createdAt: ts,
    updatedAt: ts,
    closedAt: ts.nullable(),
    closedBy: z.string().nullable(),
    customFields: ZApiCustomValues,
    version: z.int().describe("Increases with every change to the request or its threads."),
    receivedAt: ts.describe("When Ferry first stored the request."),
    messages: z.array(ZApiMessage).describe("Messages of both threads that are not deleted, oldest first."),
  });

export const ZApiRequestSummary = ZApiRequest.omit({ messages: true });

export const ZApiRequestPage = z
  .object({
    data: z.array(ZApiRequestSummary),
    nextCursor: z.string().nullable().describe("Pass as `cursor` to get the next page; null on the last page."),
  });

export type ApiAttachment = z.infer<typeof ZApiAttachment>;
export type ApiMessage = z.infer<typeof ZApiMessage>;
export type ApiRequest = z.infer<typeof ZApiRequest>;
export type ApiRequestSummary = z.infer<typeof ZApiRequestSummary>;
export type ApiCustomValues = z.infer<typeof ZApiCustomValues>;
