import type { Integration } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { messageText } from "@/lib/integrations/vitally/sandbox-view";
import { salesforceUrlPolicy } from "@/lib/integrations/salesforce/url-policy";
import { SalesforceControlClient } from "@/lib/sandbox/salesforce/control-client";
import { REQUEST_FIELDS, REQUEST_ID_FIELD, REQUEST_OBJECT } from "@/lib/salesforce/request-fields";
import { readSalesforceSchemaState } from "@/lib/sync/salesforce/schema-state";

type Row = Record<string, unknown> & { Id: string };

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : null);
const nameOf = (r: Row | undefined) => (r ? (text(r.Name) ?? ([text(r.FirstName), text(r.LastName)].filter(Boolean).join(" ") || r.Id)) : null);
const HTML_TYPES = new Set(["Html", "html", "textarea"]);

/**
 * What an emulator org connected to Ferry holds, as an admin would browse it in Salesforce: the
 * Request__c records Ferry wrote (each field by its label, lookups by name, rich text as text),
 * and the Accounts and Contacts matching works against. Only for integrations on the emulator;
 * a real org is viewed in Salesforce.
 */
export async function getSalesforceSandboxView(integration: Integration, deps: { fetch?: typeof fetch } = {}) {
  if (integration.provider !== "SALESFORCE" || !integration.isSandbox) throw new AppError("not_found", "Only integrations on the Salesforce emulator can be browsed here.");
  const policy = salesforceUrlPolicy();
  if (!policy.sandboxUrl) throw new AppError("unavailable", "The Salesforce emulator is not running (SALESFORCE_SANDBOX_URL is not set).");
  const control = new SalesforceControlClient({ baseUrl: new URL(policy.sandboxUrl).origin, fetch: deps.fetch });
  const state = await control.state(integration.remoteTenant);
  const records = (type: string) => (state.records[type] ?? []) as Row[];
  const accounts = records("Account");
  const contacts = records("Contact");
  const requests = records(REQUEST_OBJECT.apiName);
  const byId = new Map<string, Row>([...accounts, ...contacts].map((r) => [r.Id, r]));

  const setupFields = readSalesforceSchemaState(integration.schemaState).fields;
  const labels = new Map<string, { label: string; type: string }>([
    ...REQUEST_FIELDS.map((f) => [f.apiName, { label: f.label, type: f.type }] as const),
    ...setupFields.map((f) => [f.apiName, { label: f.label, type: f.type }] as const),
  ]);
  const requestObject = state.objects.find((o) => o.name === REQUEST_OBJECT.apiName) ?? null;
  const order = new Map(REQUEST_FIELDS.map((f, i) => [f.apiName, i]));

  return {
    org: { ...state.org, instanceUrl: integration.baseUrl },
    usage: state.usage,
    requestObject: requestObject
      ? { fields: requestObject.fields.filter((f) => f.custom).length, visible: requestObject.fields.filter((f) => f.custom && f.fls).length }
      : null,
    requests: [...requests]
      .sort((a, b) => String(b.LastModifiedDate ?? b.CreatedDate ?? "").localeCompare(String(a.LastModifiedDate ?? a.CreatedDate ?? "")))
      .map((r) => ({
        id: r.Id,
        name: text(r.Name) ?? r.Id,
        requestId: text(r[REQUEST_ID_FIELD]),
        status: text(r.Status__c),
        account: nameOf(byId.get(String(r.Account__c ?? ""))),
        contact: nameOf(byId.get(String(r.Requestor__c ?? ""))),
        createdAt: text(r.CreatedDate),
        updatedAt: text(r.LastModifiedDate),
        fields: Object.entries(r)
          .filter(([name, value]) => name.endsWith("__c") && value !== null && value !== "")
          .sort(([a], [b]) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || a.localeCompare(b))
          .map(([name, value]) => {
            const meta = labels.get(name);
            const lookup = name === "Account__c" || name === "Requestor__c" ? nameOf(byId.get(String(value))) : null;
            const plain = typeof value === "string" && meta && HTML_TYPES.has(meta.type) ? messageText(value) : text(value);
            return { apiName: name, label: meta?.label ?? name, value: lookup ? `${lookup} (${String(value)})` : (plain ?? JSON.stringify(value)) };
          }),
      })),
    accounts: accounts.map((a) => ({
      id: a.Id,
      name: nameOf(a) ?? a.Id,
      website: text(a.Website),
      contacts: contacts.filter((c) => c.AccountId === a.Id).length,
      requests: requests.filter((r) => r.Account__c === a.Id).length,
    })),
    contacts: contacts.map((c) => ({
      id: c.Id,
      name: nameOf(c) ?? c.Id,
      email: text(c.Email),
      account: c.AccountId ? nameOf(byId.get(String(c.AccountId))) : null,
      requests: requests.filter((r) => r.Requestor__c === c.Id).length,
    })),
  };
}

export type SalesforceSandboxView = Awaited<ReturnType<typeof getSalesforceSandboxView>>;
