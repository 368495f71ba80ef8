/**
 * Stored shapes of the Vitally sandbox. Only what a client can write or what Vitally assigns is
 * stored; derived fields (counts, embedded objects, NPS figures) are computed by presenters.ts.
 * Section numbers refer to /work/shared/docs/vitally-api.md ("the reference").
 */

export type Traits = Record<string, unknown>;

export interface BaseRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
}

/** §8.1 */
export interface OrganizationRecord extends BaseRecord {
  externalId: string;
  name: string;
  traits: Traits;
}

/** §8.2 — an account belongs to at most one organization. */
export interface AccountRecord extends BaseRecord {
  externalId: string;
  name: string;
  organizationId: string | null;
  accountOwnerId: string | null;
  traits: Traits;
}

/** §8.3 — a user may belong to many accounts and many organizations. */
export interface UserRecord extends BaseRecord {
  externalId: string;
  name: string | null;
  email: string | null;
  avatar: string | null;
  joinDate: string | null;
  unsubscribedFromConversations: boolean;
  deactivatedAt: string | null;
  accountIds: string[];
  organizationIds: string[];
  traits: Traits;
  /** Set by DELETE /users/:id; never exposed (the reference: "no delete marker is exposed"). */
  scheduledDeletionOn: string | null;
}

/** §8.4 — admins are edited in-app only, so they only come from seeds. */
export type AdminLicenseStatus = "active" | "deactivated" | "auto-created";
export interface AdminRecord extends BaseRecord {
  name: string;
  email: string;
  licenseStatus: AdminLicenseStatus;
}

/** §8.6 */
export interface Participant {
  type: "admin" | "user";
  id: string;
}

/** §8.5 */
export interface ConversationRecord extends BaseRecord {
  externalId: string | null;
  subject: string | null;
  traits: Traits;
  status: "open" | "closed";
  rating: string | null;
  source: string | null;
}

/** §8.6 */
export interface MessageRecord extends BaseRecord {
  conversationId: string;
  externalId: string;
  type: "inbound" | "outbound";
  message: string;
  timestamp: string;
  from: Participant;
  to: Participant[];
  cc: Participant[];
  bcc: Participant[];
}

/** §8.7 */
export interface NoteRecord extends BaseRecord {
  externalId: string | null;
  accountId: string | null;
  organizationId: string | null;
  note: string;
  noteDate: string;
  subject: string | null;
  authorId: string | null;
  categoryId: string | null;
  tags: string[];
  traits: Traits;
  source: string | null;
  archivedAt: string | null;
}

/** §8.7 / §8.8 / §8.10 */
export interface CategoryRecord extends BaseRecord {
  name: string;
}

/** §8.8 */
export interface TaskRecord extends BaseRecord {
  externalId: string | null;
  accountId: string | null;
  organizationId: string | null;
  name: string;
  description: string | null;
  dueDate: string | null;
  assignedToId: string | null;
  completedById: string | null;
  completedAt: string | null;
  createdById: string | null;
  categoryId: string | null;
  tags: string[];
  traits: Traits;
  source: string | null;
  archivedAt: string | null;
}

/** §8.9 */
export interface NpsResponseRecord extends BaseRecord {
  externalId: string | null;
  userId: string;
  score: number;
  feedback: string | null;
  respondedAt: string;
}

/** §8.10 */
export interface ProjectRecord extends BaseRecord {
  name: string;
  accountId: string | null;
  organizationId: string | null;
  templateId: string;
  targetStartDate: string | null;
  targetCompletionDate: string | null;
  actualStartDate: string | null;
  actualCompletionDate: string | null;
  ownedByVitallyUserId: string | null;
  projectCategoryId: string | null;
  projectStatusId: string | null;
  traits: Traits;
  archivedAt: string | null;
}

export interface ProjectTemplateRecord extends BaseRecord {
  name: string;
  projectName: string | null;
  description: string | null;
  projectCategoryId: string | null;
  traits: Traits;
}

export interface ProjectStatusRecord extends BaseRecord {
  name: string;
  type: "active" | "inactive" | "complete";
}

/** §8.11 */
export interface MeetingParticipant {
  id: string;
  type: "organizer" | "attendee";
  userId: string | null;
  vitallyUserId: string | null;
  email: string | null;
  responseStatus: "needsAction" | "accepted" | "tentative" | "declined" | null;
  isOrganizer: boolean;
}

export interface MeetingRecord extends BaseRecord {
  externalId: string;
  title: string;
  description: string | null;
  location: string | null;
  startDateTime: string | null;
  endDateTime: string | null;
  recordingUrl: string | null;
  summary: string | null;
  keyPoints: string[];
  riskAssessment: string | null;
  source: string | null;
  externalStatus: string | null;
  participants: MeetingParticipant[];
  /** Linked customers; empty for REST-created meetings in strict mode (see strictness.ts). */
  accountIds: string[];
  organizationIds: string[];
  traits: Traits;
  archivedAt: string | null;
}

export interface TranscriptSentence {
  text: string;
  startTime?: number;
  endTime?: number;
}
export interface TranscriptMonologue {
  speaker: { externalId: string; email?: string; name?: string };
  sentences: TranscriptSentence[];
}
export interface MeetingTranscriptRecord extends BaseRecord {
  meetingId: string;
  transcript: TranscriptMonologue[];
}

/** §8.12 / §8.13 — one field (trait) definition. */
export interface CustomFieldRecord {
  id: string;
  label: string;
  type: string;
  path: string;
  createdAt: string;
  options?: Array<{ label: string; value: string }>;
}

/** §8.13 — trait definitions of the built-in models (custom object fields live on the object). */
export type CustomFieldModel =
  | "users"
  | "accounts"
  | "organizations"
  | "customObjects"
  | "tasks"
  | "notes"
  | "projects"
  | "conversations"
  | "team";

export interface ModelFieldRecord extends CustomFieldRecord {
  model: Exclude<CustomFieldModel, "customObjects">;
}

/** §8.12 */
export type WriteMode = "writable" | "writableByAll" | "readonly";
export interface CustomObjectRecord extends BaseRecord {
  name: string;
  label: string;
  writeMode: WriteMode;
  syncActive: boolean;
  customFields: CustomFieldRecord[];
}

export interface CustomObjectInstanceRecord extends BaseRecord {
  customObjectId: string;
  name: string;
  externalId: string | null;
  customerId: string | null;
  organizationId: string | null;
  createdByVitallyUserId: string | null;
  ownedByVitallyUserId: string | null;
  traits: Traits;
  archivedAt: string | null;
}

/** Every collection a workspace holds, by name. */
export interface CollectionRecords {
  organizations: OrganizationRecord;
  accounts: AccountRecord;
  users: UserRecord;
  admins: AdminRecord;
  conversations: ConversationRecord;
  messages: MessageRecord;
  notes: NoteRecord;
  noteCategories: CategoryRecord;
  tasks: TaskRecord;
  taskCategories: CategoryRecord;
  npsResponses: NpsResponseRecord;
  projects: ProjectRecord;
  projectTemplates: ProjectTemplateRecord;
  projectCategories: CategoryRecord;
  projectStatuses: ProjectStatusRecord;
  meetings: MeetingRecord;
  meetingTranscripts: MeetingTranscriptRecord;
  customObjects: CustomObjectRecord;
  customObjectInstances: CustomObjectInstanceRecord;
  customFields: ModelFieldRecord;
}

export type CollectionName = keyof CollectionRecords;

export const COLLECTION_NAMES: readonly CollectionName[] = [
  "organizations",
  "accounts",
  "users",
  "admins",
  "conversations",
  "messages",
  "notes",
  "noteCategories",
  "tasks",
  "taskCategories",
  "npsResponses",
  "projects",
  "projectTemplates",
  "projectCategories",
  "projectStatuses",
  "meetings",
  "meetingTranscripts",
  "customObjects",
  "customObjectInstances",
  "customFields",
];

export type Collections = { [K in CollectionName]: Map<string, CollectionRecords[K]> };
export type CollectionsJson = { [K in CollectionName]?: CollectionRecords[K][] };
