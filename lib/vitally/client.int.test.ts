import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { externalApiFailure } from "@/lib/http/test-server";
import { SandboxControlClient } from "@/lib/sandbox/vitally/control-client";
import { DEMO_ADMINS, DEMO_EMAIL_DOMAINS, DEMO_KEY, DEMO_LINK_CASES, DEMO_SUBDOMAIN, type DemoLinkCase } from "@/lib/sandbox/vitally/seed-demo";
import { createVitallySandbox, type VitallySandbox } from "@/lib/sandbox/vitally/server";
import { paginate, VitallyClient, type VitallyCall } from "./client";
import { isAllowedVitallyBaseUrl, normaliseVitallyApiUrl } from "./connection";
import { decideDomainFallback, domainCandidatesFromUsers } from "./domain-fallback";
import { decideLinking, linkingInputFromUser, type LinkingRow } from "./linking";
import {
  allRequestTraits,
  buildRequestInstance,
  CUSTOM_OBJECT,
  toVitallyTraits,
  traitFieldInputs,
  type RequestForTraits,
} from "./request-traits";

/**
 * The client against the Vitally sandbox over real HTTP: the failure contract (429, 5xx, 401,
 * timeouts, dropped connections) and the calls the sync makes.
 */

const FAULT_KEY = "sk_live_ferry_client_contract";
const FAULT_SUBDOMAIN = "client-contract";

let sandbox: VitallySandbox;
let control: SandboxControlClient;
let calls: VitallyCall[];
let demo: VitallyClient;

function clientFor(key: string, subdomain: string, timeoutMs = 2000) {
  return new VitallyClient({ baseUrl: sandbox.baseUrls(subdomain).pathStyle, apiKey: key, timeoutMs, onCall: (c) => calls.push(c) });
}


beforeAll(async () => {
  sandbox = await createVitallySandbox({ port: 0, seed: "demo", keys: [{ key: FAULT_KEY, subdomain: FAULT_SUBDOMAIN }] });
  control = new SandboxControlClient({ baseUrl: sandbox.url });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  calls = [];
  demo = clientFor(DEMO_KEY, DEMO_SUBDOMAIN);
  await control.clearFaults(FAULT_KEY);
  await control.setRateLimit(FAULT_KEY, null);
});

describe("the sandbox is a URL Ferry may call", () => {
  it("passes the outbound guard and the connect form only when configured", () => {
    const base = sandbox.baseUrls(DEMO_SUBDOMAIN).pathStyle;
    expect(isAllowedVitallyBaseUrl(base, { sandboxUrl: sandbox.url })).toBe(true);
    expect(isAllowedVitallyBaseUrl(base)).toBe(false);
    expect(normaliseVitallyApiUrl(`${base}/resources/accounts`, { sandboxUrl: sandbox.url })).toEqual({
      ok: true,
      value: { baseUrl: base, region: "custom", subdomain: DEMO_SUBDOMAIN },
    });
  });
});

describe("failure contract", () => {
  it("checkCredentials succeeds and reads the RateLimit headers", async () => {
    const client = clientFor(FAULT_KEY, FAULT_SUBDOMAIN);
    await client.checkCredentials();
    expect(client.lastRateLimit).toMatchObject({ limit: 1000, remaining: expect.any(Number), resetSeconds: expect.any(Number) });
    expect(calls[0]).toMatchObject({ operation: "credentials.check", status: 200, path: "/resources/accounts?limit=1" });
  });

  it("a wrong key is auth", async () => {
    const err = await externalApiFailure(clientFor("sk_live_not_a_key_at_all", FAULT_SUBDOMAIN).checkCredentials());
    expect(err).toMatchObject({ kind: "auth", status: 401 });
    expect(err.message).toContain("Unauthorized");
  });

  it("a revoked key is auth", async () => {
    const key = "sk_live_ferry_revoked_contract";
    await control.addKey({ key, subdomain: FAULT_SUBDOMAIN });
    const client = clientFor(key, FAULT_SUBDOMAIN);
    await client.checkCredentials();
    await control.revokeKey(key);
    expect((await externalApiFailure(client.checkCredentials())).kind).toBe("auth");
  });

  it("an unknown subdomain is not_found", async () => {
    const err = await externalApiFailure(clientFor(FAULT_KEY, "no-such-workspace").checkCredentials());
    expect(err).toMatchObject({ kind: "not_found", status: 404 });
  });

  it("a 429 with Retry-After is rate_limited with the wait in ms, and the next call goes through", async () => {
    await control.setFaults(FAULT_KEY, { rateLimitBurst: { next: 1, retryAfterSeconds: 7 } });
    const client = clientFor(FAULT_KEY, FAULT_SUBDOMAIN);
    const err = await externalApiFailure(client.listAccounts());
    expect(err).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 7000 });
    expect(client.lastRateLimit?.remaining).toBe(0);
    await expect(client.listAccounts()).resolves.toMatchObject({ results: expect.any(Array) });
  });

  it("the real sliding window answers 429 once the key's limit is spent", async () => {
    const key = "sk_live_ferry_window_contract";
    await control.addKey({ key, subdomain: FAULT_SUBDOMAIN, rateLimitPerMinute: 3 });
    const client = clientFor(key, FAULT_SUBDOMAIN);
    for (let i = 0; i < 3; i += 1) await client.listUsers({ limit: 1 });
    expect(client.lastRateLimit).toMatchObject({ limit: 3, remaining: 0 });
    const err = await externalApiFailure(client.listUsers({ limit: 1 }));
    expect(err.kind).toBe("rate_limited");
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(calls.at(-1)).toMatchObject({ status: 429, kind: "rate_limited" });
  });

  it.each([500, 503])("a %d is transient", async (status) => {
    await control.setFaults(FAULT_KEY, { serverErrors: { next: 1, status } });
    const err = await externalApiFailure(clientFor(FAULT_KEY, FAULT_SUBDOMAIN).listOrganizations());
    expect(err).toMatchObject({ kind: "transient", status });
    expect(err.retryable).toBe(true);
  });

  it("a call the server never answers times out", async () => {
    await control.setFaults(FAULT_KEY, { timeouts: { next: 1 } });
    const err = await externalApiFailure(clientFor(FAULT_KEY, FAULT_SUBDOMAIN, 300).listOrganizations());
    expect(err.kind).toBe("timeout");
    expect(calls.at(-1)).toMatchObject({ status: null, kind: "timeout" });
  });

  it("a dropped connection is network", async () => {
    await control.setFaults(FAULT_KEY, { drops: { next: 1 } });
    const err = await externalApiFailure(clientFor(FAULT_KEY, FAULT_SUBDOMAIN).listOrganizations());
    expect(err.kind).toBe("network");
    expect(calls.at(-1)).toMatchObject({ status: null, kind: "network" });
  });

  it("a request the sandbox refuses is invalid_request with Vitally's words", async () => {
    const err = await externalApiFailure(clientFor(FAULT_KEY, FAULT_SUBDOMAIN).createUser({ externalId: "u-no-links" }));
    expect(err).toMatchObject({ kind: "invalid_request", status: 400 });
    expect(err.message).toMatch(/accountIds/);
  });

  it("no call log entry or error carries the key", async () => {
    await externalApiFailure(clientFor(FAULT_KEY, "no-such-workspace").checkCredentials());
    await clientFor(FAULT_KEY, FAULT_SUBDOMAIN).checkCredentials();
    expect(JSON.stringify(calls)).not.toContain(FAULT_KEY);
  });
});

describe("linking from live users", () => {
  const expectedRow: Record<DemoLinkCase, LinkingRow> = {
    oneOrgOneAccount: 1,
    oneOrgNoAccount: 2,
    oneOrgManyAccounts: 3,
    noOrgOneAccount: 4,
    noOrgNoAccount: 5,
    noOrgManyAccounts: 6,
    manyOrgsOneAccount: 7,
    manyOrgsNoAccount: 8,
    manyOrgsManyAccounts: 9,
  };

  it.each(Object.entries(DEMO_LINK_CASES) as Array<[DemoLinkCase, string]>)("%s", async (linkCase, email) => {
    const [user] = await demo.searchUsers({ email });
    expect(user).toBeDefined();
    const { input, unresolvedAccountIds } = linkingInputFromUser(user!);
    expect(unresolvedAccountIds).toEqual([]);
    const decision = decideLinking(input);
    expect(decision.row).toBe(expectedRow[linkCase]);
    if (linkCase === "manyOrgsOneAccount") {
      const account = await demo.getAccount("acc-northwind-retail");
      expect(decision).toMatchObject({ sync: true, accountId: account.id, organizationId: account.organizationId });
    }
  });

  it("the domain fallback finds one account, refuses an ambiguous domain, and a user created there links", async () => {
    const one = decideDomainFallback(
      `new.person@${DEMO_EMAIL_DOMAINS.oneAccount}`,
      domainCandidatesFromUsers(await demo.searchUsers({ emailSubdomain: DEMO_EMAIL_DOMAINS.oneAccount })),
    );
    expect(one).toMatchObject({ create: true, target: { kind: "account", name: "Acme Inc" } });

    const several = decideDomainFallback(
      `new@${DEMO_EMAIL_DOMAINS.severalAccounts}`,
      domainCandidatesFromUsers(await demo.searchUsers({ emailSubdomain: DEMO_EMAIL_DOMAINS.severalAccounts })),
    );
    expect(several).toMatchObject({ create: false, reason: "domain_ambiguous" });
    expect(several.create ? [] : several.candidates.map((c) => c.name).sort()).toEqual(["Northwind Holdings", "Northwind Logistics", "Northwind Retail"]);

    const nobody = decideDomainFallback(
      `x@${DEMO_EMAIL_DOMAINS.noUsers}`,
      domainCandidatesFromUsers(await demo.searchUsers({ emailSubdomain: DEMO_EMAIL_DOMAINS.noUsers })),
    );
    expect(nobody).toMatchObject({ create: false, reason: "domain_matches_nothing" });

    if (!one.create) throw new Error("expected a target");
    const email = `new.person.${Date.now()}@${DEMO_EMAIL_DOMAINS.oneAccount}`;
    await demo.createUser({ externalId: `ferry-requestor-${email}`, name: "New Person", email, accountIds: [one.target.id] });
    const [created] = await demo.searchUsers({ email });
    expect(decideLinking(linkingInputFromUser(created!).input)).toEqual({ sync: true, row: 4, organizationId: null, accountId: one.target.id });
  });
});

describe("the Ferry Requests custom object", () => {
  const request: RequestForTraits = {
    id: "11111111-2222-4333-8444-555555555555",
    number: 135,
    title: "CSV export fails",
    summary: "Cannot export",
    messageText: "Exports fail",
    status: "OPEN",
    urgency: "HIGH",
    sentiment: "NEGATIVE",
    aiTags: ["export"],
    assigneeName: "Sam",
    assigneeEmail: null,
    requestorName: "Jane",
    requestorEmail: "jane@acme.example",
    permalink: null,
    internalNotificationLink: null,
    csatRating: null,
    csatComment: null,
    closedAt: null,
    closedByName: null,
    customValues: { product: "Reporting" },
    createdAt: new Date("2026-11-20T14:03:00.000Z"),
    updatedAt: new Date("2026-11-20T14:03:00.000Z"),
    messages: [],
  };
  const ctx = { appUrl: "https://ferry.example.com", workspaceSlug: "acme", customFields: [{ key: "product", name: "Product", archivedAt: null }] };

  it("is created with every trait, extended, and carries instances that merge and delete traits", async () => {
    const [base, ...later] = allRequestTraits(ctx.customFields);
    const created = await demo.createCustomObject({ ...CUSTOM_OBJECT, customFields: traitFieldInputs([base!]) });
    const extended = await demo.addCustomObjectFields(created.id, traitFieldInputs(later));
    expect(extended.customFields.map((f) => [f.label, f.type])).toEqual(allRequestTraits(ctx.customFields).map((t) => [t.label, t.type]));
    const listed = await demo.listCustomFields({ model: "customObjects", customObjectId: created.id });
    expect(listed).toHaveLength(extended.customFields.length);

    const pathByKey = Object.fromEntries(
      allRequestTraits(ctx.customFields).map((t) => [t.key, extended.customFields.find((f) => f.label === t.label)!.path!]),
    );
    const mapped = buildRequestInstance(request, ctx);
    const { traits, missingKeys } = toVitallyTraits(mapped.values, pathByKey, { dropNulls: true });
    expect(missingKeys).toEqual([]);
    const account = await demo.getAccount("acc-acme");
    const instance = await demo.createInstance(created.id, { name: mapped.name, externalId: mapped.externalId, customerId: account.id, traits });
    expect(instance.traits[pathByKey.status!]).toBe("Open");
    expect(instance.traits[pathByKey.ferryRequestId!]).toBe(135);

    const closed = buildRequestInstance({ ...request, status: "CLOSED", urgency: null }, ctx);
    const update = toVitallyTraits(closed.values, pathByKey);
    const updated = await demo.updateInstance(created.id, instance.id, { traits: update.traits });
    expect(updated.traits[pathByKey.status!]).toBe("Closed");
    expect(updated.traits).not.toHaveProperty(pathByKey.urgency!);
    expect(updated.traits[pathByKey.title!]).toBe("CSV export fails");

    expect((await demo.searchInstances(created.id, { externalId: mapped.externalId })).map((i) => i.id)).toEqual([instance.id]);
    expect(await demo.getInstance(created.id, instance.id)).toMatchObject({ id: instance.id, customerId: account.id });
    await demo.deleteInstance(created.id, instance.id);
    expect(await demo.searchInstances(created.id, { externalId: mapped.externalId })).toEqual([]);
  });
});

describe("the rest of the surface", () => {
  it("walks every account through pagination, without duplicates", async () => {
    const ids: string[] = [];
    for await (const a of paginate((from) => demo.listAccounts({ from, limit: 3, sortBy: "createdAt", status: "activeOrChurned" }))) ids.push(a.id);
    expect(ids.length).toBe(8);
    expect(new Set(ids).size).toBe(ids.length);
    expect(calls.filter((c) => c.operation === "accounts.list").length).toBe(3);
  });

  it("reads organizations and their accounts and users", async () => {
    const org = await demo.getOrganization("org-northwind");
    expect(org.name).toBe("Northwind Holdings");
    const accounts = await demo.listOrganizationAccounts(org.id);
    expect(accounts.results.map((a) => a.name).sort()).toEqual(["Northwind Logistics", "Northwind Retail"]);
    const users = await demo.listAccountUsers(accounts.results.find((a) => a.name === "Northwind Retail")!.id);
    expect(users.results.length).toBeGreaterThan(0);
    expect((await demo.listOrganizationUsers(org.id)).results.length).toBeGreaterThan(0);
    expect((await demo.listOrganizations()).results.length).toBe(3);
  });

  it("finds admins by email, and nobody for an unknown email", async () => {
    expect((await demo.searchAdmins(DEMO_ADMINS.active)).map((a) => a.email)).toEqual([DEMO_ADMINS.active]);
    expect(await demo.searchAdmins("nobody@ferry-demo.test")).toEqual([]);
    expect((await demo.listAdmins()).results).toHaveLength(3);
  });

  it("gets and updates a user", async () => {
    const user = await demo.getUser("user-jane-acme");
    const updated = await demo.updateUser(user.id, { traits: { "vitally.custom.role": "Admin" } });
    expect(updated.traits).toMatchObject({ "vitally.custom.role": "Admin" });
  });

  it("records a conversation with a message, and a note", async () => {
    const [admin] = await demo.searchAdmins(DEMO_ADMINS.active);
    const user = await demo.getUser("user-jane-acme");
    const stamp = Date.now();
    const conversation = await demo.createConversation({
      externalId: `ferry-conv-${stamp}`,
      subject: "Request #135",
      messages: [{ externalId: `m1-${stamp}`, message: "<p>Exports fail</p>", from: { type: "user", id: user.id }, to: [{ type: "admin", id: admin!.id }] }],
    });
    await demo.createMessage(conversation.id, {
      externalId: `m2-${stamp}`,
      message: "<p>Looking into it</p>",
      from: { type: "admin", id: admin!.id },
      to: [{ type: "user", id: user.id }],
    });
    const read = await demo.getConversation(conversation.id);
    expect(read.messages?.map((m) => m.message)).toEqual(["<p>Exports fail</p>", "<p>Looking into it</p>"]);
    expect((await demo.listConversations()).results.some((c) => c.id === conversation.id)).toBe(true);

    const account = await demo.getAccount("acc-acme");
    const note = await demo.createNote({ note: "<p>Synced by Ferry</p>", noteDate: new Date().toISOString(), accountId: account.id, externalId: `ferry-note-${stamp}` });
    expect(note).toMatchObject({ accountId: account.id, note: "<p>Synced by Ferry</p>" });
  });

  it("reaches any endpoint through request()", async () => {
    const categories = await demo.request("GET", "/noteCategories");
    expect(categories).toMatchObject({ results: expect.arrayContaining([expect.objectContaining({ name: "Support" })]) });
    expect(calls.at(-1)).toMatchObject({ operation: "request.get", path: "/resources/noteCategories", status: 200 });
  });
});
