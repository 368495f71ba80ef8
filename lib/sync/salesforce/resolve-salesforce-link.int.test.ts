import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { SalesforceClient } from "@/lib/salesforce/client";
import { DEMO_MATCH_CASES } from "@/lib/sandbox/salesforce/seed-demo";
import { contactNameParts, resolveSalesforceLink } from "@/lib/sync/salesforce/resolve-salesforce-link";
import { startTestOrg, type TestOrg } from "@/lib/sync/salesforce/salesforce-test-org";
import { uid } from "@/tests/factories";

// The seed's FAQ, case by case, against the emulator's demo accounts and contacts over HTTP.

let org: TestOrg;
let client: SalesforceClient;

beforeAll(async () => {
  org = await startTestOrg();
  client = await org.client();
});
afterAll(() => org?.close());

const ZRow = z.looseObject({ Id: z.string(), Name: z.string().nullish(), Email: z.string().nullish(), AccountId: z.string().nullish() });
const contactsWith = async (where: string) => (await client.query(`SELECT Id, Name, Email, AccountId FROM Contact WHERE ${where}`, ZRow)).records;
const accountNamed = async (name: string) => (await client.query(`SELECT Id, Name FROM Account WHERE Name = '${name}'`, ZRow)).records;
const resolve = (requestor: { name?: string; email: string | null; company?: string | null }, write = true) =>
  resolveSalesforceLink({ name: requestor.name ?? "New Person", email: requestor.email, company: requestor.company ?? null }, client, { write });

describe("a requestor who is a Contact (by email)", () => {
  it("links to that Contact and its Account, case-insensitively, creating nothing", async () => {
    const { email, workspaceName } = DEMO_MATCH_CASES.contactByEmail;
    const [jane] = await contactsWith(`Email = '${email}'`);
    const [acme] = await accountNamed("Acme Corp");
    const before = (await contactsWith("Email != null")).length;
    const result = await resolve({ email: email!.toUpperCase(), company: workspaceName });
    expect(result).toMatchObject({ linked: true, contactId: jane!.Id, accountId: acme!.Id });
    expect(result.evidence).toMatchObject({ path: "contact_by_email", contact: { id: jane!.Id, name: "Jane Doe", created: false }, account: { name: "Acme Corp" } });
    expect(result.evidence.steps.map((s) => s.rule)).toEqual(["contact_by_email"]);
    expect((await contactsWith("Email != null")).length).toBe(before);
  });

  it("a Contact with no Account, and no Account at its domain: not synced, with the reason", async () => {
    const result = await resolve({ email: DEMO_MATCH_CASES.contactWithoutAccount.email });
    expect(result).toMatchObject({ linked: false, reason: "contact_has_no_account" });
    expect(result.evidence.steps.map((s) => [s.rule, s.found.length])).toEqual([
      ["contact_by_email", 1],
      ["account_by_email_domain", 0],
    ]);
  });

  it("a Contact with no Account whose domain points at one Account: that Account and the same Contact (no duplicate)", async () => {
    const [northwind] = await accountNamed("Northwind Traders");
    const email = `loose.${uid()}@northwind.example`;
    const loose = await client.create("Contact", { LastName: "Loose", Email: email });
    const result = await resolve({ email });
    expect(result).toMatchObject({ linked: true, contactId: loose.id, accountId: northwind!.Id, evidence: { path: "email_domain", contact: { created: false } } });
    expect(await contactsWith(`Email = '${email}'`)).toHaveLength(1);
  });

  it("Contacts with the email in several Accounts: not synced, the Accounts shown", async () => {
    const email = `twice.${uid()}@elsewhere.example`;
    const [globexLabs] = await accountNamed("Globex Labs");
    const [initech] = await accountNamed("Initech");
    await client.create("Contact", { LastName: "Twice", Email: email, AccountId: globexLabs!.Id });
    await client.create("Contact", { LastName: "Twice", Email: email, AccountId: initech!.Id });
    const result = await resolve({ email });
    expect(result).toMatchObject({ linked: false, reason: "contact_in_several_accounts" });
    if (result.linked) throw new Error("unreachable");
    expect(result.candidates.map((c) => c.name).sort()).toEqual(["Globex Labs", "Initech"]);
  });
});

describe("not a Contact, with an email: the Account with a contact at the same domain", () => {
  it("exactly one → the Contact is created there (name and email) and both are linked; the next request finds it by email", async () => {
    const email = `new.person.${uid()}@acme-corp.example`;
    const [acme] = await accountNamed("Acme Corp");
    const result = await resolve({ name: "Harsh Vardhan Rao", email });
    expect(result).toMatchObject({ linked: true, accountId: acme!.Id, evidence: { path: "email_domain", contact: { created: true, email } } });
    if (!result.linked) throw new Error("unreachable");
    const created = await contactsWith(`Email = '${email}'`);
    expect(created).toEqual([expect.objectContaining({ Id: result.contactId, Name: "Harsh Vardhan Rao", AccountId: acme!.Id })]);
    expect(result.evidence.steps.find((s) => s.rule === "account_by_email_domain")!.found).toEqual([{ id: acme!.Id, name: "Acme Corp" }]);

    const again = await resolve({ name: "Harsh Vardhan Rao", email });
    expect(again).toMatchObject({ linked: true, contactId: result.contactId, evidence: { path: "contact_by_email" } });
    expect(await contactsWith(`Email = '${email}'`)).toHaveLength(1);
  });

  it("the demo case (domainOneAccount) read-only: says where the Contact would be created and writes nothing", async () => {
    const { email } = DEMO_MATCH_CASES.domainOneAccount;
    const result = await resolve({ email }, false);
    expect(result).toMatchObject({ linked: true, contactId: null, evidence: { wouldCreateContactIn: { name: "Acme Corp" }, contact: null } });
    expect(await contactsWith(`Email = '${email}'`)).toHaveLength(0);
  });

  it("several → not synced, with the candidate Accounts; never a guess", async () => {
    const result = await resolve({ email: DEMO_MATCH_CASES.domainSeveralAccounts.email });
    expect(result).toMatchObject({ linked: false, reason: "several_accounts_for_domain" });
    if (result.linked) throw new Error("unreachable");
    expect(result.candidates.map((c) => c.name)).toEqual(["Globex Cloud", "Globex Labs"]);
    expect(await contactsWith(`Email = '${DEMO_MATCH_CASES.domainSeveralAccounts.email}'`)).toHaveLength(0);
  });

  it("none → not synced (no account found)", async () => {
    const result = await resolve({ email: DEMO_MATCH_CASES.domainNoAccount.email });
    expect(result).toMatchObject({ linked: false, reason: "no_account_for_domain", evidence: { domain: "unmatched.example" } });
  });

  it("a public email domain never picks an Account", async () => {
    await client.create("Contact", { LastName: "Public", Email: `someone.${uid()}@gmail.com`, AccountId: (await accountNamed("Initech"))[0]!.Id });
    const result = await resolve({ email: `other.${uid()}@gmail.com` });
    expect(result).toMatchObject({ linked: false, reason: "public_domain_not_a_contact" });
  });
});

describe("no email: the Account named like the requestor's workspace", () => {
  it("exactly one → a Contact with the name and no email is created there; the next request reuses it", async () => {
    const { workspaceName } = DEMO_MATCH_CASES.nameOneAccount;
    const [initech] = await accountNamed(workspaceName);
    const name = `Milton ${uid()}`;
    const result = await resolve({ name, email: null, company: workspaceName.toLowerCase() });
    expect(result).toMatchObject({ linked: true, accountId: initech!.Id, evidence: { path: "workspace_name", contact: { created: true, email: null } } });
    if (!result.linked) throw new Error("unreachable");
    const made = await contactsWith(`AccountId = '${initech!.Id}' AND LastName = '${contactNameParts(name, null).LastName}'`);
    expect(made).toEqual([expect.objectContaining({ Id: result.contactId, Email: null, Name: name })]);

    const again = await resolve({ name, email: null, company: workspaceName });
    expect(again).toMatchObject({ linked: true, contactId: result.contactId, evidence: { contact: { created: false } } });
    expect(await contactsWith(`AccountId = '${initech!.Id}' AND LastName = '${contactNameParts(name, null).LastName}'`)).toHaveLength(1);
  });

  it("several → not synced, with both candidates", async () => {
    const result = await resolve({ email: null, company: DEMO_MATCH_CASES.nameSeveralAccounts.workspaceName });
    expect(result).toMatchObject({ linked: false, reason: "several_accounts_named", evidence: { company: "Umbrella" } });
    if (result.linked) throw new Error("unreachable");
    expect(result.candidates.map((c) => c.name)).toEqual(["Umbrella", "Umbrella"]);
  });

  it("none → not synced (no account found)", async () => {
    expect(await resolve({ email: null, company: DEMO_MATCH_CASES.nameNoAccount.workspaceName })).toMatchObject({ linked: false, reason: "no_account_named" });
  });

  it("no workspace name either → not synced, without asking Salesforce", async () => {
    const calls = client.calls.length;
    expect(await resolve({ email: null, company: "  " })).toMatchObject({ linked: false, reason: "no_email_no_company" });
    expect(client.calls.length).toBe(calls);
  });

  it("quotes in a workspace name are escaped, not injected", async () => {
    expect(await resolve({ email: null, company: "Initech' OR Name != '" })).toMatchObject({ linked: false, reason: "no_account_named" });
  });
});

describe("contactNameParts", () => {
  it("splits a display name into Contact's first and last name", () => {
    expect(contactNameParts("Harsh", null)).toEqual({ FirstName: null, LastName: "Harsh" });
    expect(contactNameParts("  Mary Ann  Smith ", null)).toEqual({ FirstName: "Mary Ann", LastName: "Smith" });
    expect(contactNameParts("", "x.y@acme.example")).toEqual({ FirstName: null, LastName: "x.y" });
  });
});
