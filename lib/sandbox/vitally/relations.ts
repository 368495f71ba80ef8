import type { Workspace } from "./store";
import type { AccountRecord, OrganizationRecord } from "./types";

/**
 * What a permanent delete takes with it (reference §8.1, §8.2, §9): deleting an account removes
 * its notes, tasks and projects and the users that belonged to no other account; deleting an
 * organization removes the data that belongs only to it and unlinks its accounts and users.
 * Custom object instances keep their other link, or go when they had no other.
 */

function removeUser(ws: Workspace, userId: string): void {
  ws.data.users.delete(userId);
  for (const [id, r] of ws.data.npsResponses) if (r.userId === userId) ws.data.npsResponses.delete(id);
}

export function deleteAccountCascade(ws: Workspace, account: AccountRecord): void {
  const stamp = ws.stamp();
  ws.data.accounts.delete(account.id);
  for (const [id, n] of ws.data.notes) if (n.accountId === account.id) ws.data.notes.delete(id);
  for (const [id, t] of ws.data.tasks) if (t.accountId === account.id) ws.data.tasks.delete(id);
  for (const [id, p] of ws.data.projects) if (p.accountId === account.id) ws.data.projects.delete(id);
  for (const user of [...ws.data.users.values()]) {
    if (!user.accountIds.includes(account.id)) continue;
    const remaining = user.accountIds.filter((a) => a !== account.id);
    if (remaining.length === 0) removeUser(ws, user.id);
    else ws.data.users.set(user.id, { ...user, accountIds: remaining, updatedAt: stamp });
  }
  for (const inst of [...ws.data.customObjectInstances.values()]) {
    if (inst.customerId !== account.id) continue;
    if (inst.organizationId) ws.putInstance({ ...inst, customerId: null, updatedAt: stamp });
    else ws.deleteInstance(inst.id);
  }
  for (const m of ws.data.meetings.values()) {
    if (m.accountIds.includes(account.id)) m.accountIds = m.accountIds.filter((a) => a !== account.id);
  }
}

export function deleteOrganizationCascade(ws: Workspace, org: OrganizationRecord): void {
  const stamp = ws.stamp();
  ws.data.organizations.delete(org.id);
  for (const acc of [...ws.data.accounts.values()]) {
    if (acc.organizationId === org.id) ws.data.accounts.set(acc.id, { ...acc, organizationId: null, updatedAt: stamp });
  }
  for (const user of [...ws.data.users.values()]) {
    if (user.organizationIds.includes(org.id)) {
      const organizationIds = user.organizationIds.filter((o) => o !== org.id);
      ws.data.users.set(user.id, { ...user, organizationIds, updatedAt: stamp });
    }
  }
  for (const [id, n] of ws.data.notes) if (n.organizationId === org.id) ws.data.notes.delete(id);
  for (const [id, t] of ws.data.tasks) if (t.organizationId === org.id) ws.data.tasks.delete(id);
  for (const [id, p] of ws.data.projects) if (p.organizationId === org.id) ws.data.projects.delete(id);
  for (const inst of [...ws.data.customObjectInstances.values()]) {
    if (inst.organizationId !== org.id) continue;
    if (inst.customerId) ws.putInstance({ ...inst, organizationId: null, updatedAt: stamp });
    else ws.deleteInstance(inst.id);
  }
  for (const m of ws.data.meetings.values()) {
    if (m.organizationIds.includes(org.id)) m.organizationIds = m.organizationIds.filter((o) => o !== org.id);
  }
}
