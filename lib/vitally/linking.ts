import type { LinkReason } from "./link-reasons";
import type { VitallyUser } from "./schemas";

/**
 * Where a request is attached in Vitally, from the organizations and accounts of the requestor's
 * Vitally user: the linking table of the Vitally sync document, row for row.
 *
 * Row 7 (several organizations, one account) links the account and the organization that account
 * belongs to, whether or not that organization is among the user's own; if the account belongs to
 * no organization, the request is linked to the account only. Rows 1 and 3 follow the table as
 * written: the user's single organization is used even if the user's account(s) sit elsewhere.
 */

export type Presence = "none" | "one" | "several";
export type LinkingRow = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface LinkingTableRow {
  row: LinkingRow;
  organizations: Presence;
  accounts: Presence;
  syncs: boolean;
  /** The table's third column, in Ferry's words. */
  outcome: string;
  reason: LinkReason | null;
}

/** The table in the document's order, for the diagnostics UI to render and highlight. */
export const LINKING_TABLE: readonly LinkingTableRow[] = [
  { row: 1, organizations: "one", accounts: "one", syncs: true, outcome: "That organization and that account", reason: null },
  { row: 2, organizations: "one", accounts: "none", syncs: true, outcome: "The organization only", reason: null },
  { row: 3, organizations: "one", accounts: "several", syncs: true, outcome: "The organization only", reason: null },
  { row: 4, organizations: "none", accounts: "one", syncs: true, outcome: "The account only", reason: null },
  { row: 5, organizations: "none", accounts: "none", syncs: false, outcome: "Not synced", reason: "user_in_no_org_or_account" },
  { row: 6, organizations: "none", accounts: "several", syncs: false, outcome: "Not synced", reason: "user_in_several_accounts_no_org" },
  {
    row: 7,
    organizations: "several",
    accounts: "one",
    syncs: true,
    outcome: "The account, and the organization that account belongs to",
    reason: null,
  },
  { row: 8, organizations: "several", accounts: "none", syncs: false, outcome: "Not synced", reason: "user_in_several_orgs_no_account" },
  { row: 9, organizations: "several", accounts: "several", syncs: false, outcome: "Not synced", reason: "user_in_several_orgs_and_accounts" },
];

export interface LinkingOrganization {
  id: string;
  name?: string | null;
}

export interface LinkingAccount {
  id: string;
  name?: string | null;
  /** The account's organization; null when it has none. Must be known, not guessed. */
  organizationId: string | null;
}

export interface LinkingInput {
  organizations: ReadonlyArray<LinkingOrganization>;
  accounts: ReadonlyArray<LinkingAccount>;
}

export interface LinkCandidate {
  kind: "account" | "organization";
  id: string;
  name: string | null;
}

export type LinkDecision =
  | { sync: true; row: LinkingRow; organizationId: string | null; accountId: string | null }
  | { sync: false; row: LinkingRow; reason: LinkReason; candidates: LinkCandidate[] };

function presence(count: number): Presence {
  return count === 0 ? "none" : count === 1 ? "one" : "several";
}

function uniqueById<T extends { id: string }>(items: ReadonlyArray<T>): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}

export function linkingRowFor(organizations: Presence, accounts: Presence): LinkingTableRow {
  const found = LINKING_TABLE.find((r) => r.organizations === organizations && r.accounts === accounts);
  if (!found) throw new Error(`No linking row for ${organizations}/${accounts}`);
  return found;
}

export function decideLinking(input: LinkingInput): LinkDecision {
  const organizations = uniqueById(input.organizations);
  const accounts = uniqueById(input.accounts);
  const { row, reason } = linkingRowFor(presence(organizations.length), presence(accounts.length));
  const [org] = organizations;
  const [account] = accounts;

  switch (row) {
    case 1:
      return { sync: true, row, organizationId: org!.id, accountId: account!.id };
    case 2:
    case 3:
      return { sync: true, row, organizationId: org!.id, accountId: null };
    case 4:
      return { sync: true, row, organizationId: null, accountId: account!.id };
    case 7:
      return { sync: true, row, organizationId: account!.organizationId ?? null, accountId: account!.id };
    default: {
      const candidates: LinkCandidate[] = [
        ...organizations.map((o) => ({ kind: "organization" as const, id: o.id, name: o.name ?? null })),
        ...accounts.map((a) => ({ kind: "account" as const, id: a.id, name: a.name ?? null })),
      ];
      return { sync: false, row, reason: reason!, candidates };
    }
  }
}

/**
 * The linking input from a Vitally user as `users/search` returns it. Accounts come from the
 * embedded `accounts` (which carry `organizationId`); ids listed in `accountIds` without an
 * embedded account are returned in `unresolvedAccountIds` for the caller to fetch (GET
 * /accounts/:id) before deciding, since their organization matters in row 7.
 */
export function linkingInputFromUser(user: VitallyUser): { input: LinkingInput; unresolvedAccountIds: string[] } {
  const embeddedAccounts = user.accounts ?? [];
  const accounts: LinkingAccount[] = embeddedAccounts.map((a) => ({ id: a.id, name: a.name ?? null, organizationId: a.organizationId ?? null }));
  const known = new Set(accounts.map((a) => a.id));
  const unresolvedAccountIds = [...new Set((user.accountIds ?? []).filter((id) => !known.has(id)))];

  const organizations: LinkingOrganization[] = (user.organizations ?? []).map((o) => ({ id: o.id, name: o.name ?? null }));
  const knownOrgs = new Set(organizations.map((o) => o.id));
  for (const id of user.organizationIds ?? []) {
    if (!knownOrgs.has(id)) {
      organizations.push({ id, name: null });
      knownOrgs.add(id);
    }
  }
  return { input: { organizations, accounts }, unresolvedAccountIds };
}
