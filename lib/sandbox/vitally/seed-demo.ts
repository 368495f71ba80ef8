import { createHash } from "node:crypto";
import { applyFixture, type SandboxFixture, type SeedResult } from "./seed";
import type { KeyEntry, SandboxStore } from "./store";

/**
 * The demo customer base (`--seed demo`). Every case of the linking table in the Vitally sync
 * document (organization presence × account presence of the user who raised a request) has one
 * user, named after its case, plus users sharing email domains for the "find the account by email
 * domain" fallback, and admins with each license status. Ids are stable across runs.
 */

export const DEMO_KEY = "sk_live_ferry_demo";
export const DEMO_SUBDOMAIN = "ferry-demo";

export type DemoLinkCase =
  | "oneOrgOneAccount"
  | "oneOrgNoAccount"
  | "oneOrgManyAccounts"
  | "noOrgOneAccount"
  | "noOrgNoAccount"
  | "noOrgManyAccounts"
  | "manyOrgsOneAccount"
  | "manyOrgsNoAccount"
  | "manyOrgsManyAccounts";

/** Case of the linking table → email of the demo user in that case. */
export const DEMO_LINK_CASES: Readonly<Record<DemoLinkCase, string>> = {
  oneOrgOneAccount: "one-org.one-account@linkcase.example",
  oneOrgNoAccount: "one-org.no-account@linkcase.example",
  oneOrgManyAccounts: "one-org.many-accounts@linkcase.example",
  noOrgOneAccount: "no-org.one-account@linkcase.example",
  noOrgNoAccount: "no-org.no-account@linkcase.example",
  noOrgManyAccounts: "no-org.many-accounts@linkcase.example",
  manyOrgsOneAccount: "many-orgs.one-account@linkcase.example",
  manyOrgsNoAccount: "many-orgs.no-account@linkcase.example",
  manyOrgsManyAccounts: "many-orgs.many-accounts@linkcase.example",
};

/** Email domains for `users/search?emailSubdomain=`: whose users sit in one, several or no accounts. */
export const DEMO_EMAIL_DOMAINS = {
  oneAccount: "acme.example",
  severalAccounts: "northwind.example",
  noUsers: "nobody.example",
} as const;

export const DEMO_ADMINS = {
  active: "ada@ferry-demo.test",
  deactivated: "dan@ferry-demo.test",
  autoCreated: "otto@ferry-demo.test",
} as const;

/** A v4-shaped UUID derived from a name, so demo ids survive restarts. */
export function stableId(name: string): string {
  const h = createHash("sha1").update(`ferry-demo:${name}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const CASE_LINKS: Record<DemoLinkCase, { orgs: string[]; accounts: string[]; label: string }> = {
  oneOrgOneAccount: { orgs: ["org-northwind"], accounts: ["acc-northwind-retail"], label: "one org + one account" },
  oneOrgNoAccount: { orgs: ["org-initech"], accounts: [], label: "one org + no account" },
  oneOrgManyAccounts: { orgs: ["org-globex"], accounts: ["acc-globex-labs", "acc-globex-cloud"], label: "one org + several accounts" },
  noOrgOneAccount: { orgs: [], accounts: ["acc-acme"], label: "no org + one account" },
  noOrgNoAccount: { orgs: [], accounts: [], label: "no org + no account" },
  noOrgManyAccounts: { orgs: [], accounts: ["acc-acme", "acc-umbrella"], label: "no org + several accounts" },
  manyOrgsOneAccount: { orgs: ["org-northwind", "org-globex"], accounts: ["acc-northwind-retail"], label: "several orgs + one account" },
  manyOrgsNoAccount: { orgs: ["org-northwind", "org-globex"], accounts: [], label: "several orgs + no account" },
  manyOrgsManyAccounts: {
    orgs: ["org-northwind", "org-globex"],
    accounts: ["acc-northwind-retail", "acc-globex-labs"],
    label: "several orgs + several accounts",
  },
};

export function demoFixture(): SandboxFixture {
  let minute = 0;
  const at = () => new Date(Date.UTC(2025, 0, 6, 9, minute++)).toISOString();
  const rec = (name: string) => ({ id: stableId(name), createdAt: at() });
  const org = (externalId: string, name: string, traits: Record<string, unknown> = {}) => ({ ...rec(externalId), externalId, name, traits });
  const acc = (externalId: string, name: string, organizationId: string | null, traits: Record<string, unknown> = {}) => ({
    ...rec(externalId),
    externalId,
    name,
    organizationId,
    traits,
  });
  const user = (externalId: string, name: string, email: string, accountIds: string[], organizationIds: string[]) => ({
    ...rec(externalId),
    externalId,
    name,
    email,
    accountIds,
    organizationIds,
  });

  return {
    admins: [
      { ...rec("admin-ada"), name: "Ada Active", email: DEMO_ADMINS.active, licenseStatus: "active" },
      { ...rec("admin-dan"), name: "Dan Deactivated", email: DEMO_ADMINS.deactivated, licenseStatus: "deactivated" },
      { ...rec("admin-otto"), name: "Otto Autocreated", email: DEMO_ADMINS.autoCreated, licenseStatus: "auto-created" },
    ],
    organizations: [
      org("org-northwind", "Northwind Holdings", { "vitally.custom.region": "EMEA" }),
      org("org-globex", "Globex Group", { "vitally.custom.region": "NA" }),
      org("org-initech", "Initech Partners", { "vitally.custom.region": "APAC" }),
    ],
    accounts: [
      acc("acc-northwind-retail", "Northwind Retail", "org-northwind", { "vitally.custom.plan": "enterprise", mrr: 4200 }),
      acc("acc-northwind-logistics", "Northwind Logistics", "org-northwind", { "vitally.custom.plan": "growth" }),
      acc("acc-globex-labs", "Globex Labs", "org-globex", { "vitally.custom.plan": "growth" }),
      acc("acc-globex-cloud", "Globex Cloud", "org-globex", { "vitally.custom.plan": "starter" }),
      acc("acc-initech", "Initech", "org-initech"),
      acc("acc-acme", "Acme Inc", null, { "vitally.custom.plan": "starter" }),
      acc("acc-umbrella", "Umbrella Corp", null),
      acc("acc-hooli", "Hooli (churned)", null, { churnedAt: "2024-11-30T00:00:00.000Z" }),
    ],
    users: [
      ...(Object.keys(CASE_LINKS) as DemoLinkCase[]).map((c) => {
        const links = CASE_LINKS[c];
        return user(`user-case-${c}`, `Case: ${links.label}`, DEMO_LINK_CASES[c], links.accounts, links.orgs);
      }),
      user("user-jane-acme", "Jane Acme", `jane@${DEMO_EMAIL_DOMAINS.oneAccount}`, ["acc-acme"], []),
      user("user-joe-acme", "Joe Acme", `joe@${DEMO_EMAIL_DOMAINS.oneAccount}`, ["acc-acme"], []),
      user("user-kim-northwind", "Kim Northwind", `kim@${DEMO_EMAIL_DOMAINS.severalAccounts}`, ["acc-northwind-retail"], ["org-northwind"]),
      user("user-lee-northwind", "Lee Northwind", `lee@${DEMO_EMAIL_DOMAINS.severalAccounts}`, ["acc-northwind-logistics"], ["org-northwind"]),
    ],
    customFields: [
      { id: stableId("field-account-plan"), model: "accounts", label: "Plan", type: "string", path: "vitally.custom.plan" },
      { id: stableId("field-org-region"), model: "organizations", label: "Region", type: "string", path: "vitally.custom.region" },
      { id: stableId("field-user-role"), model: "users", label: "Role", type: "string", path: "vitally.custom.role" },
    ],
    noteCategories: [{ ...rec("note-cat-call"), name: "Call summary" }, { ...rec("note-cat-support"), name: "Support" }],
    taskCategories: [{ ...rec("task-cat-follow-up"), name: "Follow-up" }],
    projectCategories: [{ ...rec("project-cat-onboarding"), name: "Onboarding" }],
    projectStatuses: [
      { ...rec("project-status-not-started"), name: "Not started", type: "inactive" },
      { ...rec("project-status-in-progress"), name: "In progress", type: "active" },
      { ...rec("project-status-done"), name: "Done", type: "complete" },
    ],
    projectTemplates: [
      {
        ...rec("project-template-onboarding"),
        name: "Standard onboarding",
        projectName: "Onboarding",
        description: "Kick-off, setup, training",
        projectCategoryId: stableId("project-cat-onboarding"),
      },
    ],
    customObjects: [
      {
        ...rec("co-contracts"),
        name: "contracts",
        label: "Contract",
        writeMode: "writable",
        customFields: [
          { id: stableId("co-contracts-field-value"), label: "Contract Value", type: "number" },
          { id: stableId("co-contracts-field-renewal"), label: "Renewal Date", type: "date" },
        ],
      },
    ],
    customObjectInstances: [
      {
        ...rec("contract-northwind-2025"),
        customObjectId: "contracts",
        name: "Northwind Retail 2025",
        externalId: "contract-northwind-2025",
        customerId: "acc-northwind-retail",
        organizationId: "org-northwind",
        traits: { "vitally.custom.contractValue": 50400, "vitally.custom.renewalDate": "2026-01-01" },
      },
      {
        ...rec("contract-globex-2025"),
        customObjectId: "contracts",
        name: "Globex Group 2025",
        externalId: "contract-globex-2025",
        organizationId: "org-globex",
        traits: { "vitally.custom.contractValue": 12000 },
      },
    ],
    notes: [
      {
        ...rec("note-northwind-kickoff"),
        externalId: "note-northwind-kickoff",
        accountId: "acc-northwind-retail",
        note: "<p>Kick-off call went well.</p>",
        noteDate: "2025-01-06T10:00:00.000Z",
        subject: "Kick-off",
        authorId: DEMO_ADMINS.active,
        categoryId: stableId("note-cat-call"),
      },
    ],
    tasks: [
      {
        ...rec("task-acme-renewal"),
        externalId: "task-acme-renewal",
        accountId: "acc-acme",
        name: "Prepare the Acme renewal",
        dueDate: "2025-02-01",
        assignedToId: DEMO_ADMINS.active,
      },
    ],
    npsResponses: [
      { ...rec("nps-kim"), externalId: "nps-kim", userId: "user-kim-northwind", score: 9, feedback: "Great support", respondedAt: "2025-01-05T12:00:00.000Z" },
      { ...rec("nps-jane"), externalId: "nps-jane", userId: "user-jane-acme", score: 4, feedback: "Slow answers", respondedAt: "2025-01-05T13:00:00.000Z" },
    ],
    conversations: [
      {
        ...rec("conv-acme-onboarding"),
        externalId: "conv-acme-onboarding",
        subject: "Onboarding questions",
        messages: [
          { externalId: "msg-acme-1", message: "<p>How do I invite my team?</p>", from: { type: "user", id: "user-jane-acme" }, to: [{ type: "admin", id: DEMO_ADMINS.active }] },
          { externalId: "msg-acme-2", message: "<p>Settings → Team.</p>", from: { type: "admin", id: DEMO_ADMINS.active }, to: [{ type: "user", id: "user-jane-acme" }] },
        ],
      },
    ],
    meetings: [
      {
        ...rec("meeting-northwind-qbr"),
        externalId: "meeting-northwind-qbr",
        title: "Northwind QBR",
        startDateTime: "2025-01-10T15:00:00.000Z",
        endDateTime: "2025-01-10T16:00:00.000Z",
        accountIds: ["acc-northwind-retail"],
        organizationIds: ["org-northwind"],
        participants: [
          { type: "organizer", vitallyUserId: DEMO_ADMINS.active },
          { type: "attendee", userId: "user-kim-northwind" },
        ],
      },
    ],
  };
}

/** Adds the demo key (if missing) and seeds its workspace when it is empty. */
export function seedDemo(store: SandboxStore): { key: KeyEntry; seeded: SeedResult | null } {
  const key = store.findKey(DEMO_KEY) ?? store.addKey({ key: DEMO_KEY, subdomain: DEMO_SUBDOMAIN, name: "Ferry demo" });
  const ws = store.workspaceOf(key);
  if (!ws.isEmpty()) return { key, seeded: null };
  return { key, seeded: applyFixture(ws, demoFixture()) };
}
