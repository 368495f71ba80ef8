import { db as defaultDb, type Db } from "@/lib/db";
import type { ReasonCode } from "@/lib/sync/reason-codes";
import { LINK_REUSE_MS } from "@/lib/sync/vitally/push-request-to-vitally";
import type { VitallyClient } from "@/lib/vitally/client";
import { participantCache as defaultCache, type ParticipantCache } from "./participant-cache";

/**
 * Finding the people of a conversation in Vitally (the seed's rules): customers are Vitally users
 * matched by email, teammates are Vitally admins matched by email, and the default admin stands in
 * when no teammate can be identified. Ferry never creates users or admins for a conversation.
 */

export type VitallyPerson = { id: string; email: string; name: string | null };
export type VitallyAdminPerson = VitallyPerson & { licenseStatus: string | null };

const norm = (email: string | null | undefined) => (email ? email.trim().toLowerCase() : null);

/** A teammate may write as any admin Vitally has not deactivated; the default admin must be active (the seed's rule). */
export const isUsableTeammate = (admin: VitallyAdminPerson) => admin.licenseStatus !== "deactivated";
export const isActiveAdmin = (admin: VitallyAdminPerson) => admin.licenseStatus === "active";

/** Lookups with the per-integration cache in front; remembers whether any answer came from memory. */
export class ParticipantDirectory {
  usedMemory = false;
  private readonly cache: ParticipantCache;
  private readonly db: Db;
  private readonly now: () => Date;

  constructor(
    private readonly client: VitallyClient,
    private readonly integrationId: string,
    deps: { cache?: ParticipantCache; db?: Db; now?: () => Date } = {},
  ) {
    this.cache = deps.cache ?? defaultCache;
    this.db = deps.db ?? defaultDb();
    this.now = deps.now ?? (() => new Date());
  }

  /** The Vitally user with this email, or null. A fresh link of the request sync counts (no call). */
  async user(rawEmail: string): Promise<VitallyPerson | null> {
    const email = norm(rawEmail)!;
    const key = `user:${email}`;
    const hit = this.cache.get<VitallyPerson>(this.integrationId, key);
    if (hit) {
      this.usedMemory = true;
      return hit;
    }
    const link = await this.db.requestSync.findFirst({
      where: {
        integrationId: this.integrationId,
        linkedEmail: email,
        state: "SYNCED",
        remoteUserId: { not: null },
        lastSyncedAt: { gte: new Date(this.now().getTime() - LINK_REUSE_MS) },
      },
      orderBy: { lastSyncedAt: "desc" },
      select: { remoteUserId: true },
    });
    if (link?.remoteUserId) {
      const person = { id: link.remoteUserId, email, name: null };
      this.cache.set(this.integrationId, key, person);
      this.usedMemory = true;
      return person;
    }
    const users = (await this.client.searchUsers({ email })).filter((u) => norm(u.email) === email);
    const user = users.find((u) => !(u as { deactivatedAt?: unknown }).deactivatedAt) ?? users[0];
    if (!user) return null;
    const person = { id: user.id, email, name: user.name ?? null };
    this.cache.set(this.integrationId, key, person);
    return person;
  }

  /** The Vitally admin with this email (an active one first), or null. */
  async admin(rawEmail: string): Promise<VitallyAdminPerson | null> {
    const email = norm(rawEmail)!;
    const key = `admin:${email}`;
    const hit = this.cache.get<VitallyAdminPerson>(this.integrationId, key);
    if (hit) {
      this.usedMemory = true;
      return hit;
    }
    const admins = (await this.client.searchAdmins(email)).filter((a) => norm(a.email) === email);
    const rank = (status: string | null | undefined) => (status === "active" ? 0 : status === "deactivated" ? 2 : 1);
    const admin = admins.sort((a, b) => rank(a.licenseStatus) - rank(b.licenseStatus))[0];
    if (!admin) return null;
    const person = { id: admin.id, email, name: admin.name ?? null, licenseStatus: admin.licenseStatus ?? null };
    this.cache.set(this.integrationId, key, person);
    return person;
  }
}

export type TeamSide =
  | { ok: true; admin: VitallyAdminPerson; via: "teammate" | "default"; note: string | null }
  | { ok: false; reason: ReasonCode; note: string };

/**
 * The admin on the team side: the teammate (the assignee, or the sender of a team message) when
 * they are a Vitally admin Vitally has not deactivated; otherwise the default admin, which must be
 * an active admin. `note` says in words who stands in for whom, for the sync log.
 */
export async function resolveTeamSide(
  directory: ParticipantDirectory,
  input: { teammateEmail: string | null; role: "assignee" | "sender"; defaultAdminEmail: string | null },
): Promise<TeamSide> {
  const teammateEmail = norm(input.teammateEmail);
  let why: string;
  if (teammateEmail) {
    const admin = await directory.admin(teammateEmail);
    if (admin && isUsableTeammate(admin)) return { ok: true, admin, via: "teammate", note: null };
    why = admin ? `${teammateEmail} is a deactivated Vitally admin` : `${teammateEmail} is not a Vitally admin`;
  } else {
    why = input.role === "assignee" ? "the request is not assigned to a teammate" : "the teammate's message has no sender email";
  }
  const defaultEmail = norm(input.defaultAdminEmail);
  if (!defaultEmail) {
    return { ok: false, reason: teammateEmail ? "no_admin_for_team_member" : "default_admin_not_set", note: `${why}, and no default admin email is set` };
  }
  const fallback = await directory.admin(defaultEmail);
  if (!fallback) return { ok: false, reason: "default_admin_missing", note: `${why}, and no Vitally admin has the default admin email ${defaultEmail}` };
  if (!isActiveAdmin(fallback)) {
    return {
      ok: false,
      reason: "default_admin_inactive",
      note: `${why}, and the default admin ${defaultEmail} is ${fallback.licenseStatus ?? "not active"} in Vitally`,
    };
  }
  return { ok: true, admin: fallback, via: "default", note: `${why}; the default admin ${defaultEmail} stands in` };
}
