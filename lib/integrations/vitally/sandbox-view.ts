import type { Integration } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { openCredentials } from "@/lib/integrations/secrets";
import { vitallyUrlPolicy } from "@/lib/integrations/vitally/url-policy";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { CUSTOM_OBJECT } from "@/lib/vitally/request-traits";
import { readSchemaState } from "@/lib/sync/vitally/schema-state";

/**
 * What a sandbox integration's Vitally workspace holds, as an admin would browse it in Vitally:
 * organizations, accounts, and the "Ferry Requests" instances Ferry created (with traits by their
 * labels). Only for sandbox integrations; real Vitally is viewed in Vitally.
 */
export async function getSandboxView(integration: Integration, deps: { fetch?: typeof fetch } = {}) {
  if (!integration.isSandbox) throw new AppError("not_found", "Only sandbox integrations can be browsed here.");
  const policy = vitallyUrlPolicy();
  if (!policy.sandboxUrl) throw new AppError("unavailable", "The sandbox is not running (VITALLY_SANDBOX_URL is not set).");
  const key = openCredentials(integration.credentials, integration.workspaceId, "VITALLY");
  const control = new SandboxControlClient({ baseUrl: new URL(policy.sandboxUrl).origin, fetch: deps.fetch });
  const [organizations, accounts, instances] = await Promise.all([
    control.listOrganizations(key),
    control.listAccounts(key),
    control.listCustomObjectInstances(key, CUSTOM_OBJECT.name),
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
  };
}
