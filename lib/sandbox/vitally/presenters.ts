import type { Workspace } from "./store";
import type {
  AccountRecord,
  AdminRecord,
  ConversationRecord,
  CustomObjectInstanceRecord,
  MeetingRecord,
  MessageRecord,
  NoteRecord,
  OrganizationRecord,
  ProjectRecord,
  TaskRecord,
  Traits,
  UserRecord,
} from "./types";

/**
 * Public shapes of the API (reference §8 object tables): stored fields plus the derived ones.
 * Embedded related objects (a user's `accounts`, an instance's `customer`) use the compact form,
 * without derived counts, so presenting a list stays cheap.
 */

function fromTraits(traits: Traits, key: string): unknown {
  return traits[key] ?? null;
}

interface NpsFigures {
  npsDetractorCount: number;
  npsPassiveCount: number;
  npsPromoterCount: number;
  npsScore: number | null;
}

/** Counts each user's latest NPS response. */
function npsFigures(ws: Workspace, userIds: Set<string>): NpsFigures {
  const latest = new Map<string, { score: number; at: string }>();
  for (const r of ws.data.npsResponses.values()) {
    if (!userIds.has(r.userId)) continue;
    const prev = latest.get(r.userId);
    if (!prev || r.respondedAt > prev.at) latest.set(r.userId, { score: r.score, at: r.respondedAt });
  }
  let detractors = 0;
  let passives = 0;
  let promoters = 0;
  for (const { score } of latest.values()) {
    if (score <= 6) detractors += 1;
    else if (score <= 8) passives += 1;
    else promoters += 1;
  }
  const total = detractors + passives + promoters;
  return {
    npsDetractorCount: detractors,
    npsPassiveCount: passives,
    npsPromoterCount: promoters,
    npsScore: total === 0 ? null : Math.round(((promoters - detractors) / total) * 100),
  };
}

function usersWhere(ws: Workspace, keep: (u: UserRecord) => boolean): Set<string> {
  const ids = new Set<string>();
  for (const u of ws.data.users.values()) if (keep(u)) ids.add(u.id);
  return ids;
}

export function compactOrganization(org: OrganizationRecord) {
  return { id: org.id, externalId: org.externalId, name: org.name, traits: org.traits, createdAt: org.createdAt, updatedAt: org.updatedAt };
}

export function compactAccount(acc: AccountRecord) {
  return {
    id: acc.id,
    externalId: acc.externalId,
    name: acc.name,
    organizationId: acc.organizationId,
    traits: acc.traits,
    createdAt: acc.createdAt,
    updatedAt: acc.updatedAt,
  };
}

export function compactUser(user: UserRecord) {
  return { id: user.id, externalId: user.externalId, name: user.name, email: user.email };
}

export function presentAdmin(admin: AdminRecord) {
  return { id: admin.id, name: admin.name, email: admin.email, licenseStatus: admin.licenseStatus };
}

const VIA_TRAITS = ["mrr", "nextRenewalDate", "churnedAt", "trialEndDate"] as const;

function viaTraits(traits: Traits) {
  return Object.fromEntries(VIA_TRAITS.map((key) => [key, fromTraits(traits, key)]));
}

export function presentOrganization(ws: Workspace, org: OrganizationRecord) {
  const userIds = usersWhere(ws, (u) => u.organizationIds.includes(org.id));
  let accountsCount = 0;
  for (const a of ws.data.accounts.values()) if (a.organizationId === org.id) accountsCount += 1;
  return {
    ...compactOrganization(org),
    organizationOwnerId: null,
    ...viaTraits(org.traits),
    firstPaidDate: null,
    usersCount: userIds.size,
    accountsCount,
    healthScore: null,
    csmId: null,
    accountExecutiveId: null,
    keyRoles: [],
    segments: [],
    ...npsFigures(ws, userIds),
  };
}

export function presentAccount(ws: Workspace, acc: AccountRecord) {
  const userIds = usersWhere(ws, (u) => u.accountIds.includes(acc.id));
  return {
    ...compactAccount(acc),
    accountOwnerId: acc.accountOwnerId,
    ...viaTraits(acc.traits),
    firstSeenTimestamp: null,
    lastSeenTimestamp: null,
    lastInboundMessageTimestamp: null,
    lastOutboundMessageTimestamp: null,
    usersCount: userIds.size,
    healthScore: null,
    csmId: null,
    accountExecutiveId: null,
    keyRoles: [],
    segments: [],
    ...npsFigures(ws, userIds),
  };
}

export function presentUser(ws: Workspace, user: UserRecord) {
  let last: { score: number; feedback: string | null; respondedAt: string } | null = null;
  for (const r of ws.data.npsResponses.values()) {
    if (r.userId === user.id && (!last || r.respondedAt > last.respondedAt)) last = r;
  }
  const accounts = user.accountIds.flatMap((id) => {
    const a = ws.data.accounts.get(id);
    return a ? [compactAccount(a)] : [];
  });
  const organizations = user.organizationIds.flatMap((id) => {
    const o = ws.data.organizations.get(id);
    return o ? [compactOrganization(o)] : [];
  });
  return {
    id: user.id,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    externalId: user.externalId,
    name: user.name,
    email: user.email,
    avatar: user.avatar,
    traits: user.traits,
    firstKnown: user.joinDate,
    joinDate: user.joinDate,
    lastSeenTimestamp: null,
    lastInboundMessageTimestamp: null,
    lastOutboundMessageTimestamp: null,
    npsLastScore: last?.score ?? null,
    npsLastFeedback: last?.feedback ?? null,
    npsLastRespondedAt: last?.respondedAt ?? null,
    unsubscribedFromConversations: user.unsubscribedFromConversations,
    deactivatedAt: user.deactivatedAt,
    segments: [],
    accountIds: [...user.accountIds],
    organizationIds: [...user.organizationIds],
    accounts,
    organizations,
  };
}

export function presentMessage(msg: MessageRecord) {
  return {
    id: msg.id,
    createdAt: msg.createdAt,
    updatedAt: msg.updatedAt,
    type: msg.type,
    externalId: msg.externalId,
    conversationId: msg.conversationId,
    message: msg.message,
    timestamp: msg.timestamp,
    from: msg.from,
    to: msg.to,
    cc: msg.cc,
    bcc: msg.bcc,
  };
}

export function messagesOf(ws: Workspace, conversationId: string): MessageRecord[] {
  return [...ws.data.messages.values()]
    .filter((m) => m.conversationId === conversationId)
    .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.createdAt.localeCompare(b.createdAt)));
}

/** Users and admins taking part in a conversation, and the accounts/orgs of those users. */
export function conversationParticipants(ws: Workspace, conversationId: string) {
  const userIds = new Set<string>();
  const adminIds = new Set<string>();
  for (const m of ws.data.messages.values()) {
    if (m.conversationId !== conversationId) continue;
    for (const p of [m.from, ...m.to, ...m.cc, ...m.bcc]) (p.type === "user" ? userIds : adminIds).add(p.id);
  }
  const accountIds = new Set<string>();
  const organizationIds = new Set<string>();
  for (const id of userIds) {
    const u = ws.data.users.get(id);
    u?.accountIds.forEach((a) => accountIds.add(a));
    u?.organizationIds.forEach((o) => organizationIds.add(o));
  }
  return { userIds, adminIds, accountIds, organizationIds };
}

export function presentConversationRow(conv: ConversationRecord) {
  return {
    id: conv.id,
    createdAt: conv.createdAt,
    updatedAt: conv.updatedAt,
    externalId: conv.externalId,
    subject: conv.subject,
    status: conv.status,
    rating: conv.rating,
    source: conv.source,
    externalUrl: null,
    traits: conv.traits,
  };
}

export function presentConversation(ws: Workspace, conv: ConversationRecord) {
  const { userIds, adminIds, accountIds } = conversationParticipants(ws, conv.id);
  const pick = <T, R>(ids: Set<string>, map: Map<string, T>, f: (t: T) => R) =>
    [...ids].flatMap((id) => {
      const t = map.get(id);
      return t ? [f(t)] : [];
    });
  return {
    ...presentConversationRow(conv),
    messages: messagesOf(ws, conv.id).map(presentMessage),
    accounts: pick(accountIds, ws.data.accounts, compactAccount),
    users: pick(userIds, ws.data.users, compactUser),
    admins: pick(adminIds, ws.data.admins, presentAdmin),
  };
}

function embeddedOwner(ws: Workspace, accountId: string | null, organizationId: string | null) {
  const account = accountId ? ws.data.accounts.get(accountId) : undefined;
  const organization = organizationId ? ws.data.organizations.get(organizationId) : undefined;
  return {
    account: account ? compactAccount(account) : null,
    organization: organization ? compactOrganization(organization) : null,
  };
}

export function presentNote(ws: Workspace, note: NoteRecord) {
  const author = note.authorId ? ws.data.admins.get(note.authorId) : undefined;
  const category = note.categoryId ? ws.data.noteCategories.get(note.categoryId) : undefined;
  return {
    ...note,
    ...embeddedOwner(ws, note.accountId, note.organizationId),
    author: author ? presentAdmin(author) : null,
    category: category ?? null,
    users: [],
  };
}

export function presentTask(ws: Workspace, task: TaskRecord) {
  const category = task.categoryId ? ws.data.taskCategories.get(task.categoryId) : undefined;
  return {
    ...task,
    ...embeddedOwner(ws, task.accountId, task.organizationId),
    category: category ?? null,
    projects: [],
  };
}

export function presentProject(project: ProjectRecord) {
  const { targetStartDate: start, targetCompletionDate: end } = project;
  const durationInDays =
    start && end ? Math.round((Date.parse(end) - Date.parse(start)) / 86_400_000) : null;
  return { ...project, durationInDays };
}

export function presentMeeting(ws: Workspace, meeting: MeetingRecord) {
  const dateOf = (v: string | null) => (v ? v.slice(0, 10) : null);
  const hasTranscript = [...ws.data.meetingTranscripts.values()].some((t) => t.meetingId === meeting.id);
  return {
    ...meeting,
    startDate: dateOf(meeting.startDateTime),
    endDate: dateOf(meeting.endDateTime),
    startTimeZone: null,
    endTimeZone: null,
    recordingUrlFormatted: meeting.recordingUrl,
    joiningInstructionsUri: null,
    videoConferenceUri: null,
    phoneConferenceNumbers: [],
    conferenceSolution: null,
    accounts: meeting.accountIds.flatMap((id) => {
      const a = ws.data.accounts.get(id);
      return a ? [compactAccount(a)] : [];
    }),
    organizations: meeting.organizationIds.flatMap((id) => {
      const o = ws.data.organizations.get(id);
      return o ? [compactOrganization(o)] : [];
    }),
    notes: [],
    tasks: [],
    hasTranscript,
  };
}

export function presentInstance(ws: Workspace, instance: CustomObjectInstanceRecord) {
  const { account, organization } = embeddedOwner(ws, instance.customerId, instance.organizationId);
  return { ...instance, customer: account, customers: account ? [account] : [], organization };
}
