import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InngestTestEngine } from "@inngest/test";
import { db } from "@/lib/db";
import { resetEnvCache } from "@/lib/env";
import { sealSalesforceCredentials } from "@/lib/integrations/salesforce/credentials";
import { SalesforceClient } from "@/lib/salesforce/client";
import { customFieldApiName } from "@/lib/salesforce/request-fields";
import { startSandbox, type TestSandbox, type TokenResponse } from "@/lib/sandbox/salesforce/test-helpers";
import { readSalesforceSchemaState } from "@/lib/sync/salesforce/schema-state";
import { createWorkspace, uid } from "@/tests/factories";
import { ensureSalesforceSchema } from "./ensure-salesforce-schema";

/** The Inngest function with @inngest/test (one engine per run), the client built from the stored credentials. */

let t: TestSandbox;
let token: TokenResponse;
let workspaceId: string;
let integrationId: string;

beforeAll(async () => {
  t = await startSandbox();
  process.env.SALESFORCE_SANDBOX_URL = t.sandbox.url;
  resetEnvCache();
  token = await t.connect();
  const ws = await createWorkspace();
  workspaceId = ws.id;
  const integration = await db().integration.create({
    data: {
      workspaceId,
      provider: "SALESFORCE",
      baseUrl: token.instance_url,
      remoteTenant: `00D${uid()}`,
      credentials: sealSalesforceCredentials(
        {
          accessToken: token.access_token,
          refreshToken: token.refresh_token ?? null,
          instanceUrl: token.instance_url,
          loginUrl: t.sandbox.urls.login,
          environment: "production",
          idUrl: token.id,
          emulator: true,
        },
        workspaceId,
      ),
      credentialHint: "admin@ferry-demo.example",
      budgetKey: `sf-${uid()}`,
    },
  });
  integrationId = integration.id;
});

afterAll(async () => {
  await t.close();
  delete process.env.SALESFORCE_SANDBOX_URL;
  resetEnvCache();
});

describe("ensure-salesforce-schema", () => {
  it("on integration.connected (SALESFORCE) sets the org up with the integration's own credentials", async () => {
    const { result, error } = await new InngestTestEngine({
      function: ensureSalesforceSchema,
      events: [{ name: "ferry/integration.connected", data: { workspaceId, integrationId, provider: "SALESFORCE" } } as never],
    }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual([expect.objectContaining({ integrationId, objectCreated: true })]);
    const state = readSalesforceSchemaState((await db().integration.findUniqueOrThrow({ where: { id: integrationId } })).schemaState);
    expect(state.fields.length).toBeGreaterThan(20);
    expect(state.fields.every((f) => f.exists && f.fls)).toBe(true);
  });

  it("on custom-field.upserted creates the new field in every live Salesforce integration of the workspace", async () => {
    const field = await db().customField.create({ data: { workspaceId, key: "plan", name: "Plan", kind: "TAG", type: "TEXT" } });
    const { result, error } = await new InngestTestEngine({
      function: ensureSalesforceSchema,
      events: [{ name: "ferry/custom-field.upserted", data: { workspaceId, customFieldId: field.id, key: "plan", change: "created" } } as never],
    }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual([{ integrationId, objectCreated: false, created: [customFieldApiName("plan")], granted: [customFieldApiName("plan")] }]);
    const client = new SalesforceClient({ instanceUrl: token.instance_url, accessToken: token.access_token });
    expect((await client.describe("Request__c"))?.fields.map((f) => f.name)).toContain(customFieldApiName("plan"));
  });

  it("registers its triggers with the provider filter and one run per workspace", () => {
    const opts = (ensureSalesforceSchema as unknown as { opts: { triggers: { event: unknown; if?: string }[]; concurrency: unknown } }).opts;
    expect(opts.triggers.map((tr) => tr.if ?? null)).toEqual(["event.data.provider == 'SALESFORCE'", "event.data.provider == 'SALESFORCE'", null]);
    expect(opts.concurrency).toEqual([{ key: "event.data.workspaceId", limit: 1 }]);
  });
});
