import { z } from "zod";

/**
 * Request bodies of the Vitally REST API, from the reference §8 (the section per schema is noted).
 * Requiredness that depends on the strictness setting is checked in the route, not here.
 */

const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
export const ZIsoDate = z.string().refine(isIsoDate, { message: "must be an ISO-8601 date" });
const ZText = z.string().nullable().optional();
const ZId = z.string().min(1, { message: "must not be empty" });
export const ZTraits = z.record(z.string(), z.unknown());
const ZIdList = z.array(ZId);
const ZTags = z.array(z.string());

/** §8.1 */
export const ZOrganizationCreate = z.object({ externalId: ZId, name: ZId, traits: ZTraits.optional() });
export const ZOrganizationUpdate = z.object({ name: ZId.optional(), traits: ZTraits.optional(), externalId: z.string().optional() });

/** §8.2 */
export const ZAccountCreate = z.object({
  externalId: ZId,
  name: ZId,
  organizationId: z.string().nullable().optional(),
  traits: ZTraits.optional(),
});
export const ZAccountUpdate = z.object({
  name: ZId.optional(),
  traits: ZTraits.optional(),
  organizationId: z.string().nullable().optional(),
  accountOwnerId: z.null({ message: "can only be set to null" }).optional(),
  externalId: z.string().optional(),
});

/** §8.3 */
const userFields = {
  accountIds: ZIdList.optional(),
  organizationIds: ZIdList.optional(),
  name: ZText,
  email: ZText,
  avatar: ZText,
  unsubscribedFromConversations: z.boolean().optional(),
  traits: ZTraits.optional(),
  joinDate: ZIsoDate.nullable().optional(),
};
export const ZUserCreate = z.object({ externalId: ZId, ...userFields });
export const ZUserUpdate = z.object({ externalId: z.string().optional(), ...userFields });

/** §8.6 */
export const ZParticipant = z.object({ type: z.enum(["admin", "user"]), id: ZId });
export const ZMessageInput = z.object({
  externalId: ZId,
  message: z.string(),
  from: ZParticipant,
  to: z.array(ZParticipant),
  cc: z.array(ZParticipant).optional(),
  bcc: z.array(ZParticipant).optional(),
  timestamp: ZIsoDate.optional(),
});
export type MessageInput = z.infer<typeof ZMessageInput>;

/** §8.5 */
export const ZConversationCreate = z.object({
  externalId: ZId.optional(),
  subject: z.string().optional(),
  messages: z.array(ZMessageInput).optional(),
  traits: ZTraits.optional(),
});
export const ZConversationUpdate = z.object({
  subject: z.string().optional(),
  messages: z.array(ZMessageInput).optional(),
  traits: ZTraits.optional(),
  externalId: z.string().optional(),
});

/** §8.7 */
const noteFields = {
  accountId: ZId.optional(),
  organizationId: ZId.optional(),
  subject: ZText,
  authorId: z.string().nullable().optional(),
  categoryId: z.string().nullable().optional(),
  tags: ZTags.optional(),
  traits: ZTraits.optional(),
};
export const ZNoteCreate = z.object({ externalId: ZId.optional(), note: z.string(), noteDate: ZIsoDate, ...noteFields });
export const ZNoteUpdate = z.object({
  externalId: z.string().optional(),
  note: z.string().optional(),
  noteDate: ZIsoDate.optional(),
  ...noteFields,
});

/** §8.8 */
const taskFields = {
  accountId: ZId.optional(),
  organizationId: ZId.optional(),
  description: ZText,
  dueDate: ZIsoDate.nullable().optional(),
  assignedToId: z.string().nullable().optional(),
  completedById: z.string().nullable().optional(),
  completedAt: ZIsoDate.nullable().optional(),
  categoryId: z.string().nullable().optional(),
  tags: ZTags.optional(),
  traits: ZTraits.optional(),
};
export const ZTaskCreate = z.object({ externalId: ZId.optional(), name: ZId, ...taskFields });
export const ZTaskUpdate = z.object({ externalId: z.string().optional(), name: ZId.optional(), ...taskFields });

/** §8.9 */
const ZScore = z.number().int({ message: "must be an integer" }).min(0, { message: "must be between 0 and 10" }).max(10, { message: "must be between 0 and 10" });
export const ZNpsCreate = z.object({
  externalId: ZId.optional(),
  userId: ZId,
  score: ZScore,
  feedback: ZText,
  respondedAt: ZIsoDate,
});
export const ZNpsUpdate = z.object({
  externalId: z.string().optional(),
  userId: ZId.optional(),
  score: ZScore.optional(),
  feedback: ZText,
  respondedAt: ZIsoDate.optional(),
});

/** §8.10 */
const projectFields = {
  name: ZId.optional(),
  targetStartDate: ZIsoDate.nullable().optional(),
  targetCompletionDate: ZIsoDate.nullable().optional(),
  projectStatusId: z.string().nullable().optional(),
  projectCategoryId: z.string().nullable().optional(),
  ownedByVitallyUserId: z.string().nullable().optional(),
  traits: ZTraits.optional(),
};
export const ZProjectCreate = z.object({
  templateId: ZId,
  accountId: ZId.optional(),
  organizationId: ZId.optional(),
  ...projectFields,
});
export const ZProjectUpdate = z.object(projectFields);

/** §8.11 */
export const ZMeetingParticipant = z
  .object({
    type: z.enum(["organizer", "attendee"]),
    userId: ZId.optional(),
    vitallyUserId: ZId.optional(),
    email: ZId.optional(),
    responseStatus: z.enum(["needsAction", "accepted", "tentative", "declined"]).optional(),
    isOrganizer: z.boolean().optional(),
  })
  .refine((p) => [p.userId, p.vitallyUserId, p.email].filter((v) => v !== undefined).length === 1, {
    message: "exactly one of userId, vitallyUserId, email is required",
  });
export type MeetingParticipantInput = z.infer<typeof ZMeetingParticipant>;

export const ZTranscriptBody = z.array(
  z.object({
    speaker: z.object({ externalId: ZId, email: z.string().optional(), name: z.string().optional() }),
    sentences: z.array(
      z.object({ text: z.string(), startTime: z.number().optional(), endTime: z.number().optional() }),
    ),
  }),
);
export const ZTranscriptInput = z.object({ transcript: ZTranscriptBody });

const meetingFields = {
  description: ZText,
  location: ZText,
  startDateTime: ZIsoDate.nullable().optional(),
  endDateTime: ZIsoDate.nullable().optional(),
  recordingUrl: ZText,
  summary: ZText,
  keyPoints: z.array(z.string()).optional(),
  riskAssessment: ZText,
  traits: ZTraits.optional(),
};
export const ZMeetingCreate = z.object({
  externalId: ZId,
  title: ZId,
  participants: z.array(ZMeetingParticipant),
  source: ZText,
  transcript: ZTranscriptBody.optional(),
  ...meetingFields,
});
export const ZMeetingUpdate = z.object({ title: ZId.optional(), ...meetingFields });

/** §8.12 */
export const ZCustomFieldInput = z.object({ label: ZId, type: ZId, model: z.string().optional() });
export const ZWriteMode = z.enum(["writable", "writableByAll", "readonly"]);
export const ZCustomObjectCreate = z.object({
  name: ZId,
  label: ZId,
  writeMode: ZWriteMode,
  customFields: z.array(ZCustomFieldInput).optional(),
});
export const ZCustomObjectUpdate = z.object({
  name: ZId.optional(),
  label: ZId.optional(),
  writeMode: ZWriteMode.optional(),
  customFields: z.array(ZCustomFieldInput).optional(),
});
/** Field types the strict sandbox accepts: the reference names string, datetime, textarea; the
 * linking document's trait table adds number; boolean and date values appear in real records. */
export const KNOWN_FIELD_TYPES = ["string", "textarea", "number", "boolean", "datetime", "date"] as const;

export const ZInstanceCreate = z.object({
  name: ZId,
  externalId: ZId.nullable().optional(),
  customerId: z.string().nullable().optional(),
  organizationId: z.string().nullable().optional(),
  createdByVitallyUserId: z.string().nullable().optional(),
  ownedByVitallyUserId: z.string().nullable().optional(),
  traits: ZTraits.optional(),
});
export const ZInstanceUpdate = z.object({
  name: ZId.optional(),
  externalId: ZId.nullable().optional(),
  customerId: z.string().nullable().optional(),
  organizationId: z.string().nullable().optional(),
  ownedByVitallyUserId: z.string().nullable().optional(),
  traits: ZTraits.optional(),
});
