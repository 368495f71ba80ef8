import type { Integration } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { openCredentials } from "@/lib/integrations/secrets";
import { vitallyUrlPolicy } from "@/lib/integrations/vitally/url-policy";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { CUSTOM_OBJECT } from "@/lib/vitally/request-traits";
import { readSchemaState } from "@/lib/sync/vitally/schema-state";
import type { ConversationRecord, MessageRecord, Participant } from "@/lib/sandbox/vitally/types";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " };

/** A Vitally message body (HTML from the allowed tags) as plain text: paragraphs and breaks as new lines, links as "name (url)". */
export function messageText(html: string): string {
  return html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gi, (_m, href: string, label: string) => `${label} (${href})`)
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li[^>]*>/gi, "\n• ")
    .replace(/<\/(p|div)>/gi, "\n\n")
    .replace(/<\/(ul|ol)>/gi, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES[e]!)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

type Names = { users: Map<string, string>; admins: Map<string, string> };

function participantName(p: Participant, names: Names): string {
  const name = p.type === "admin" ? names.admins.get(p.id) : names.users.get(p.id);
  return name ?? `${p.type === "admin" ? "Admin" : "User"} ${p.id}`;
}

/** The sandbox's conversations, most recently updated first, each with its messages in timestamp order. */
export function conversationsView(data: { conversations?: ConversationRecord[]; messages?: MessageRecord[]; users?: { id: string; name: string | null; email: string | null }[]; admins?: { id: string; name: string; email: string }[] }) {
  const label = (name: string | null, email: string | null) => (name && email ? `${name} <${email}>` : (name ?? email ?? ""));
  const names: Names = {
    users: new Map((data.users ?? []).filter((u) => u.name || u.email).map((u) => [u.id, label(u.name, u.email)])),
    admins: new Map((data.admins ?? []).map((a) => [a.id, label(a.name, a.email)])),
  };
  const messages = data.messages ?? [];
  return [...(data.conversations ?? [])]
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .map((c) => ({
      id: c.id,
      externalId: c.externalId,
      subject: c.subject,
      status: c.status,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      messages: messages
        .filter((m) => m.conversationId === c.id)
        .sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.createdAt.localeCompare(b.createdAt))
        .map((m) => ({
          id: m.id,
          externalId: m.externalId,
          type: m.type,
          timestamp: m.timestamp,
          from: participantName(m.from, names),
          to: m.to.map((p) => participantName(p, names)),
          text: messageText(m.message),
        })),
    }));
}

/**
 * What a sandbox integration's Vitally workspace holds, as an admin would browse it in Vitally:
 * organizations, accounts, the "Ferry Requests" instances Ferry created (with traits by their
 * labels), and the conversations with their messages. Only for sandbox integrations; real Vitally
 * is viewed in Vitally.
 */
export async function getSandboxView(integration: Integration, deps: { fetch?: typeof fetch } = {}) {
  if (!integration.isSandbox) throw new AppError("not_found", "Only sandbox integrations can be browsed here.");
  const policy = vitallyUrlPolicy();
  if (!policy.sandboxUrl) throw new AppError("unavailable", "The sandbox is not running (VITALLY_SANDBOX_URL is not set).");
  const key = openCredentials(integration.credentials, integration.workspaceId, "VITALLY");
  const control = new SandboxControlClient({ baseUrl: new URL(policy.sandboxUrl).origin, fetch: deps.fetch });
  const [organizations, accounts, instances, state] = await Promise.all([
    control.listOrganizations(key),
    control.listAccounts(key),
    control.listCustomObjectInstances(key, CUSTOM_OBJECT.name),
    control.state(key),
  ]);
  const labels = new Map(readSchemaState(integration.schemaState).traits.filter((t) => t.path).map((t) => [t.path!, t.label]));
  const orgName = new Map(organizations.map((o) => [o.id, o.name]));
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  return {
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, externalId: o.externalId, accounts: accounts.filter((a) => a.organizationId === o.id).length })),
    accounts: accounts.map((a) => ({ id: a.id, name: a.name, externalId: a.externalId, organization: a.organizationId ? orgName.get(a.organizationId) ?? a.organizationId : null })),
    instances: instances.map((i) => ({
      id: i.id,
      name: i.name,
      externalId: i.externalId,
      account: i.customerId ? accountName.get(i.customerId) ?? i.customerId : null,
      organization: i.organizationId ? orgName.get(i.organizationId) ?? i.organizationId : null,
      createdAt: i.createdAt,
      updatedAt: i.updatedAt,
      archived: Boolean(i.archivedAt),
      traits: Object.entries(i.traits).map(([path, value]) => ({ label: labels.get(path) ?? path, value })),
    })),
    conversations: conversationsView(state.data),
  };
}
