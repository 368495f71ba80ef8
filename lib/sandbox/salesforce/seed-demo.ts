import { KEY_PREFIXES, stableSalesforceId } from "./ids";
import { addUser, setUpOrg } from "./org-setup";
import { applyFixture, type OrgFixture, type SeedResult } from "./seed";
import type { ConnectedApp, Org, SalesforceStore } from "./store";

/**
 * The demo orgs (`--seed demo`): a production org reached through the `login` host and a sandbox
 * org through `test`, a connected app for Ferry, and accounts and contacts covering every case
 * of the Salesforce matching rules (the requestor's Contact by email; else an Account with a
 * contact of the same email domain — one or several; else, without an email, an Account named
 * like the requestor's workspace; else none). Ids are stable across restarts.
 */

export const DEMO_ORG_SLUG = "ferry-demo";
export const DEMO_SANDBOX_ORG_SLUG = "ferry-demo-sandbox";
export const DEMO_ADMIN_USERNAME = "admin@ferry-demo.example";
export const DEMO_SANDBOX_ADMIN_USERNAME = "admin@ferry-demo.example.sandbox";

/** A made-up connected app for the demo; not a secret of any real system. */
export const DEMO_APP = {
  clientId: "3MVG9ferry.demo.consumer.key",
  clientSecret: "ferry-demo-consumer-secret",
  name: "Ferry (demo)",
} as const;

export const DEFAULT_DEMO_REDIRECT_URIS = [
  "http://localhost:3000/api/integrations/salesforce/callback",
  "http://127.0.0.1:3000/api/integrations/salesforce/callback",
];

export type DemoMatchCase =
  | "contactByEmail"
  | "contactWithoutAccount"
  | "domainOneAccount"
  | "domainSeveralAccounts"
  | "domainNoAccount"
  | "nameOneAccount"
  | "nameSeveralAccounts"
  | "nameNoAccount";

export interface DemoRequestor {
  /** The requestor's email, or null when they shared none. */
  email: string | null;
  /** The requestor's workspace / company name (used when there is no email). */
  workspaceName: string;
  /** What the matching rules should find in the demo org. */
  expected: string;
}

/** Matching case → a requestor in that case (like the Vitally demo's DEMO_LINK_CASES). */
export const DEMO_MATCH_CASES: Readonly<Record<DemoMatchCase, DemoRequestor>> = {
  contactByEmail: { email: "jane.doe@acme-corp.example", workspaceName: "Acme Corp", expected: "Contact Jane Doe in Account Acme Corp" },
  contactWithoutAccount: { email: "solo@freelance.example", workspaceName: "Freelance", expected: "Contact Sam Solo, which has no Account" },
  domainOneAccount: { email: "new.person@acme-corp.example", workspaceName: "Acme Corp", expected: "no Contact; one Account (Acme Corp) has contacts @acme-corp.example → create the Contact there" },
  domainSeveralAccounts: { email: "new.person@globex.example", workspaceName: "Globex", expected: "no Contact; Globex Labs and Globex Cloud both have contacts @globex.example → ambiguous" },
  domainNoAccount: { email: "new.person@unmatched.example", workspaceName: "Unmatched Ltd", expected: "no Contact and no Account with that domain → no account found" },
  nameOneAccount: { email: null, workspaceName: "Initech", expected: "one Account named Initech" },
  nameSeveralAccounts: { email: null, workspaceName: "Umbrella", expected: "two Accounts named Umbrella → ambiguous" },
  nameNoAccount: { email: null, workspaceName: "Hooli", expected: "no Account named Hooli → no account found" },
};

export const DEMO_FIXTURE: OrgFixture = {
  accounts: [
    {
      name: "Acme Corp",
      website: "https://acme-corp.example",
      industry: "Manufacturing",
      contacts: [
        { firstName: "Jane", lastName: "Doe", email: "jane.doe@acme-corp.example", title: "Head of Support" },
        { firstName: "John", lastName: "Roe", email: "john.roe@acme-corp.example" },
      ],
    },
    { name: "Globex Labs", industry: "Technology", contacts: [{ firstName: "Hank", lastName: "Scorpio", email: "hank@globex.example" }] },
    { name: "Globex Cloud", industry: "Technology", contacts: [{ firstName: "Mindy", lastName: "Simmons", email: "mindy@globex.example" }] },
    { name: "Initech", industry: "Finance", contacts: [{ firstName: "Bill", lastName: "Lumbergh", email: "bill@initech-mail.example" }] },
    { name: "Umbrella", industry: "Retail", contacts: [] },
    { name: "Umbrella", industry: "Manufacturing", contacts: [] },
    { name: "Northwind Traders", industry: "Retail", contacts: [{ lastName: "Nancy", email: "nancy@northwind.example" }] },
  ],
  contactsWithoutAccount: [{ firstName: "Sam", lastName: "Solo", email: "solo@freelance.example" }],
};

export interface DemoSeedOptions {
  redirectUris?: string[];
}

function ensureOrg(store: SalesforceStore, slug: string, name: string, environment: Org["environment"], admin: string): { org: Org; created: boolean } {
  const existing = store.findOrg(slug);
  if (existing) return { org: existing, created: false };
  const org = store.addOrg({ id: stableSalesforceId(KEY_PREFIXES.Organization, slug), slug, name, environment });
  setUpOrg(org);
  addUser(org, { username: admin, name: "Ada Admin" });
  return { org, created: true };
}

/** Adds the demo orgs and app; seeds the orgs' accounts and contacts if they have none. */
export function seedDemo(store: SalesforceStore, options: DemoSeedOptions = {}): { org: Org; sandboxOrg: Org; app: ConnectedApp; seeded: SeedResult | null } {
  const { org } = ensureOrg(store, DEMO_ORG_SLUG, "Ferry Demo", "production", DEMO_ADMIN_USERNAME);
  const { org: sandboxOrg } = ensureOrg(store, DEMO_SANDBOX_ORG_SLUG, "Ferry Demo (sandbox)", "sandbox", DEMO_SANDBOX_ADMIN_USERNAME);
  const existing = store.apps.get(DEMO_APP.clientId);
  // A saved state may have the app with other callback URLs (another port): add the ones asked for.
  for (const uri of options.redirectUris ?? []) if (existing && !existing.redirectUris.includes(uri)) existing.redirectUris.push(uri);
  const app =
    existing ??
    store.addApp({
      ...DEMO_APP,
      redirectUris: options.redirectUris ?? DEFAULT_DEMO_REDIRECT_URIS,
      scopes: ["api", "refresh_token", "offline_access", "id", "openid", "full"],
      requirePkce: false,
      rotateRefreshTokens: false,
    });
  let seeded: SeedResult | null = null;
  if (org.all("Account").length === 0) seeded = applyFixture(org, DEMO_FIXTURE, { stableIds: true });
  if (sandboxOrg.all("Account").length === 0) applyFixture(sandboxOrg, DEMO_FIXTURE, { stableIds: true });
  return { org, sandboxOrg, app, seeded };
}
