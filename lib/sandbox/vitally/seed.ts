import { z } from "zod";
import { camelCaseLabel } from "./routes/custom-objects";
import { REST_SOURCE } from "./routes/owned-items";
import { mergeTraits, newId } from "./route-kit";
import { ZTraits } from "./schemas";
import type { Workspace } from "./store";
import type { CollectionName, MessageRecord, Participant } from "./types";

/**
 * Loads a JSON fixture into a workspace (control API `POST /_sandbox/keys/:key/seed`, and the demo
 * seed). Fixture records are partial: ids and timestamps are generated when absent, and links may
 * name accounts, organizations and users by Vitally id or externalId, custom objects by id or name,
 * admins by id or email. Seeding adds to what the workspace holds.
 */

const opt = z.string().optional();
const ZRefs = z.array(z.string()).default([]);
const stamps = { id: opt, createdAt: opt, updatedAt: opt };

const ZSeedParticipant = z.object({ type: z.enum(["admin", "user"]), id: z.string() });

export const ZSandboxFixture = z.strictObject({
  admins: z.array(z.object({ ...stamps, name: z.string(), email: z.string(), licenseStatus: z.enum(["active", "deactivated", "auto-created"]).default("active") })).optional(),
  organizations: z.array(z.object({ ...stamps, externalId: z.string(), name: z.string(), traits: ZTraits.default({}) })).optional(),
  accounts: z.array(z.object({ ...stamps, externalId: z.string(), name: z.string(), organizationId: z.string().nullable().optional(), traits: ZTraits.default({}) })).optional(),
  users: z
    .array(
      z.object({
        ...stamps,
        externalId: z.string(),
        name: z.string().nullable().optional(),
        email: z.string().nullable().optional(),
        accountIds: ZRefs,
        organizationIds: ZRefs,
        joinDate: z.string().nullable().optional(),
        deactivatedAt: z.string().nullable().optional(),
        traits: ZTraits.default({}),
      }),
    )
    .optional(),
  noteCategories: z.array(z.object({ ...stamps, name: z.string() })).optional(),
  taskCategories: z.array(z.object({ ...stamps, name: z.string() })).optional(),
  projectCategories: z.array(z.object({ ...stamps, name: z.string() })).optional(),
  projectStatuses: z.array(z.object({ ...stamps, name: z.string(), type: z.enum(["active", "inactive", "complete"]) })).optional(),
  projectTemplates: z
    .array(z.object({ ...stamps, name: z.string(), projectName: opt, description: opt, projectCategoryId: opt, traits: ZTraits.default({}) }))
    .optional(),
  customFields: z
    .array(
      z.object({
        id: opt,
        createdAt: opt,
        model: z.enum(["users", "accounts", "organizations", "tasks", "notes", "projects", "conversations", "team"]),
        label: z.string(),
        type: z.string(),
        path: opt,
        options: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
      }),
    )
    .optional(),
  customObjects: z
    .array(
      z.object({
        ...stamps,
        name: z.string(),
        label: z.string(),
        writeMode: z.enum(["writable", "writableByAll", "readonly"]).default("writable"),
        customFields: z.array(z.object({ id: opt, label: z.string(), type: z.string(), path: opt })).default([]),
      }),
    )
    .optional(),
  customObjectInstances: z
    .array(
      z.object({
        ...stamps,
        customObjectId: z.string(),
        name: z.string(),
        externalId: opt,
        customerId: z.string().nullable().optional(),
        organizationId: z.string().nullable().optional(),
        traits: ZTraits.default({}),
      }),
    )
    .optional(),
  notes: z
    .array(
      z.object({
        ...stamps,
        externalId: opt,
        accountId: opt,
        organizationId: opt,
        note: z.string(),
        noteDate: z.string(),
        subject: opt,
        authorId: opt,
        categoryId: opt,
        tags: z.array(z.string()).default([]),
        traits: ZTraits.default({}),
        source: z.string().nullable().optional(),
      }),
    )
    .optional(),
  tasks: z
    .array(
      z.object({
        ...stamps,
        externalId: opt,
        accountId: opt,
        organizationId: opt,
        name: z.string(),
        description: opt,
        dueDate: opt,
        assignedToId: opt,
        categoryId: opt,
        tags: z.array(z.string()).default([]),
        traits: ZTraits.default({}),
        source: z.string().nullable().optional(),
      }),
    )
    .optional(),
  npsResponses: z
    .array(z.object({ ...stamps, externalId: opt, userId: z.string(), score: z.number().int().min(0).max(10), feedback: opt, respondedAt: z.string() }))
    .optional(),
  conversations: z
    .array(
      z.object({
        ...stamps,
        externalId: opt,
        subject: opt,
        traits: ZTraits.default({}),
        source: z.string().nullable().optional(),
        messages: z
          .array(z.object({ externalId: z.string(), message: z.string(), from: ZSeedParticipant, to: z.array(ZSeedParticipant).default([]), timestamp: opt }))
          .default([]),
      }),
    )
    .optional(),
  meetings: z
    .array(
      z.object({
        ...stamps,
        externalId: z.string(),
        title: z.string(),
        startDateTime: opt,
        endDateTime: opt,
        summary: opt,
        accountIds: ZRefs,
        organizationIds: ZRefs,
        participants: z
          .array(z.object({ type: z.enum(["organizer", "attendee"]), userId: opt, vitallyUserId: opt, email: opt }))
          .default([]),
        traits: ZTraits.default({}),
      }),
    )
    .optional(),
});
export type SandboxFixture = z.input<typeof ZSandboxFixture>;

export interface SeedResult {
  counts: Partial<Record<CollectionName, number>>;
  /** externalId (admins: email, custom objects: name) → Vitally id of what was seeded. */
  ids: {
    organizations: Record<string, string>;
    accounts: Record<string, string>;
    users: Record<string, string>;
    admins: Record<string, string>;
    customObjects: Record<string, string>;
  };
}

export class SeedError extends Error {}

export function applyFixture(ws: Workspace, input: unknown): SeedResult {
  const parsed = ZSandboxFixture.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SeedError(`Invalid fixture at ${issue?.path.join(".") || "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  const f = parsed.data;
  const d = ws.data;
  const result: SeedResult = { counts: {}, ids: { organizations: {}, accounts: {}, users: {}, admins: {}, customObjects: {} } };
  const count = (name: CollectionName, n: number | undefined) => {
    if (n) result.counts[name] = n;
  };
  const base = (r: { id?: string; createdAt?: string; updatedAt?: string }) => {
    const createdAt = r.createdAt ? new Date(r.createdAt).toISOString() : ws.stamp();
    return { id: r.id ?? newId(), createdAt, updatedAt: r.updatedAt ? new Date(r.updatedAt).toISOString() : createdAt };
  };
  const ref = <T extends { id: string; externalId?: string | null }>(map: Map<string, T>, value: string, what: string): string => {
    if (map.has(value)) return value;
    for (const r of map.values()) if (r.externalId === value) return r.id;
    throw new SeedError(`Fixture refers to unknown ${what} "${value}"`);
  };
  const optRef = <T extends { id: string; externalId?: string | null }>(map: Map<string, T>, value: string | null | undefined, what: string) =>
    value ? ref(map, value, what) : null;
  const adminRef = (value: string | undefined) => {
    if (!value) return null;
    if (d.admins.has(value)) return value;
    for (const a of d.admins.values()) if (a.email === value) return a.id;
    throw new SeedError(`Fixture refers to unknown admin "${value}"`);
  };

  for (const a of f.admins ?? []) {
    const rec = { ...base(a), name: a.name, email: a.email, licenseStatus: a.licenseStatus };
    d.admins.set(rec.id, rec);
    result.ids.admins[a.email] = rec.id;
  }
  for (const o of f.organizations ?? []) {
    const rec = { ...base(o), externalId: o.externalId, name: o.name, traits: mergeTraits({}, o.traits) };
    d.organizations.set(rec.id, rec);
    result.ids.organizations[o.externalId] = rec.id;
  }
  for (const a of f.accounts ?? []) {
    const rec = {
      ...base(a),
      externalId: a.externalId,
      name: a.name,
      organizationId: optRef(d.organizations, a.organizationId, "organization"),
      accountOwnerId: null,
      traits: mergeTraits({}, a.traits),
    };
    d.accounts.set(rec.id, rec);
    result.ids.accounts[a.externalId] = rec.id;
  }
  for (const u of f.users ?? []) {
    const rec = {
      ...base(u),
      externalId: u.externalId,
      name: u.name ?? null,
      email: u.email ?? null,
      avatar: null,
      joinDate: u.joinDate ?? null,
      unsubscribedFromConversations: false,
      deactivatedAt: u.deactivatedAt ?? null,
      accountIds: u.accountIds.map((v) => ref(d.accounts, v, "account")),
      organizationIds: u.organizationIds.map((v) => ref(d.organizations, v, "organization")),
      traits: mergeTraits({}, u.traits),
      scheduledDeletionOn: null,
    };
    d.users.set(rec.id, rec);
    result.ids.users[u.externalId] = rec.id;
  }
  for (const [name, list] of [
    ["noteCategories", f.noteCategories],
    ["taskCategories", f.taskCategories],
    ["projectCategories", f.projectCategories],
  ] as const) {
    for (const c of list ?? []) {
      const rec = { ...base(c), name: c.name };
      ws.collection(name).set(rec.id, rec);
    }
    count(name, list?.length);
  }
  for (const s of f.projectStatuses ?? []) {
    const rec = { ...base(s), name: s.name, type: s.type };
    d.projectStatuses.set(rec.id, rec);
  }
  for (const t of f.projectTemplates ?? []) {
    const rec = {
      ...base(t),
      name: t.name,
      projectName: t.projectName ?? null,
      description: t.description ?? null,
      projectCategoryId: t.projectCategoryId ?? null,
      traits: t.traits,
    };
    d.projectTemplates.set(rec.id, rec);
  }
  for (const c of f.customFields ?? []) {
    const rec = {
      id: c.id ?? newId(),
      createdAt: c.createdAt ?? ws.stamp(),
      model: c.model,
      label: c.label,
      type: c.type,
      path: c.path ?? `vitally.custom.${camelCaseLabel(c.label)}`,
      ...(c.options ? { options: c.options } : {}),
    };
    d.customFields.set(rec.id, rec);
  }
  for (const o of f.customObjects ?? []) {
    const b = base(o);
    const rec = {
      ...b,
      name: o.name,
      label: o.label,
      writeMode: o.writeMode,
      syncActive: true,
      customFields: o.customFields.map((field) => ({
        id: field.id ?? newId(),
        label: field.label,
        type: field.type,
        path: field.path ?? `vitally.custom.${camelCaseLabel(field.label)}`,
        createdAt: b.createdAt,
      })),
    };
    d.customObjects.set(rec.id, rec);
    result.ids.customObjects[o.name] = rec.id;
  }
  for (const i of f.customObjectInstances ?? []) {
    const object = d.customObjects.get(i.customObjectId) ?? [...d.customObjects.values()].find((o) => o.name === i.customObjectId);
    if (!object) throw new SeedError(`Fixture refers to unknown custom object "${i.customObjectId}"`);
    const rec = {
      ...base(i),
      customObjectId: object.id,
      name: i.name,
      externalId: i.externalId ?? null,
      customerId: optRef(d.accounts, i.customerId, "account"),
      organizationId: optRef(d.organizations, i.organizationId, "organization"),
      createdByVitallyUserId: null,
      ownedByVitallyUserId: null,
      traits: mergeTraits({}, i.traits),
      archivedAt: null,
    };
    ws.putInstance(rec);
  }
  for (const n of f.notes ?? []) {
    const rec = {
      ...base(n),
      externalId: n.externalId ?? null,
      accountId: optRef(d.accounts, n.accountId, "account"),
      organizationId: optRef(d.organizations, n.organizationId, "organization"),
      note: n.note,
      noteDate: n.noteDate,
      subject: n.subject ?? null,
      authorId: adminRef(n.authorId),
      categoryId: n.categoryId ?? null,
      tags: n.tags,
      traits: n.traits,
      source: n.source === undefined ? REST_SOURCE : n.source,
      archivedAt: null,
    };
    d.notes.set(rec.id, rec);
  }
  for (const t of f.tasks ?? []) {
    const rec = {
      ...base(t),
      externalId: t.externalId ?? null,
      accountId: optRef(d.accounts, t.accountId, "account"),
      organizationId: optRef(d.organizations, t.organizationId, "organization"),
      name: t.name,
      description: t.description ?? null,
      dueDate: t.dueDate ?? null,
      assignedToId: adminRef(t.assignedToId),
      completedById: null,
      completedAt: null,
      createdById: null,
      categoryId: t.categoryId ?? null,
      tags: t.tags,
      traits: t.traits,
      source: t.source === undefined ? REST_SOURCE : t.source,
      archivedAt: null,
    };
    d.tasks.set(rec.id, rec);
  }
  for (const r of f.npsResponses ?? []) {
    const rec = {
      ...base(r),
      externalId: r.externalId ?? null,
      userId: ref(d.users, r.userId, "user"),
      score: r.score,
      feedback: r.feedback ?? null,
      respondedAt: new Date(r.respondedAt).toISOString(),
    };
    d.npsResponses.set(rec.id, rec);
  }
  const participant = (p: { type: "admin" | "user"; id: string }): Participant =>
    p.type === "user" ? { type: "user", id: ref(d.users, p.id, "user") } : { type: "admin", id: adminRef(p.id) as string };
  let messages = 0;
  for (const c of f.conversations ?? []) {
    const rec = {
      ...base(c),
      externalId: c.externalId ?? null,
      subject: c.subject ?? null,
      traits: c.traits,
      status: "open" as const,
      rating: null,
      source: c.source ?? null,
    };
    d.conversations.set(rec.id, rec);
    for (const m of c.messages) {
      const from = participant(m.from);
      const msg: MessageRecord = {
        ...base({}),
        conversationId: rec.id,
        externalId: m.externalId,
        type: from.type === "user" ? "inbound" : "outbound",
        message: m.message,
        timestamp: m.timestamp ? new Date(m.timestamp).toISOString() : rec.createdAt,
        from,
        to: m.to.map(participant),
        cc: [],
        bcc: [],
      };
      d.messages.set(msg.id, msg);
      messages += 1;
    }
  }
  count("messages", messages);
  for (const m of f.meetings ?? []) {
    const rec = {
      ...base(m),
      externalId: m.externalId,
      title: m.title,
      description: null,
      location: null,
      startDateTime: m.startDateTime ?? null,
      endDateTime: m.endDateTime ?? null,
      recordingUrl: null,
      summary: m.summary ?? null,
      keyPoints: [],
      riskAssessment: null,
      source: null,
      externalStatus: null,
      participants: m.participants.map((p) => ({
        id: newId(),
        type: p.type,
        userId: p.userId ? ref(d.users, p.userId, "user") : null,
        vitallyUserId: adminRef(p.vitallyUserId),
        email: p.email ?? null,
        responseStatus: null,
        isOrganizer: p.type === "organizer",
      })),
      accountIds: m.accountIds.map((v) => ref(d.accounts, v, "account")),
      organizationIds: m.organizationIds.map((v) => ref(d.organizations, v, "organization")),
      traits: m.traits,
      archivedAt: null,
    };
    d.meetings.set(rec.id, rec);
  }
  for (const name of [
    "admins",
    "organizations",
    "accounts",
    "users",
    "projectStatuses",
    "projectTemplates",
    "customFields",
    "customObjects",
    "customObjectInstances",
    "notes",
    "tasks",
    "npsResponses",
    "conversations",
    "meetings",
  ] as const) {
    count(name, f[name]?.length);
  }
  ws.changed();
  return result;
}
