import { describe, expect, it } from "vitest";
import { describeLinkReason, LINK_REASON_TEXT, LINK_REASONS } from "./link-reasons";
import { decideLinking, LINKING_TABLE, linkingInputFromUser, type LinkDecision, type LinkingAccount, type LinkingInput } from "./linking";

const org = (id: string) => ({ id, name: `Org ${id}` });
const acc = (id: string, organizationId: string | null = null): LinkingAccount => ({ id, name: `Account ${id}`, organizationId });

describe("decideLinking: the nine rows of the table", () => {
  const table: Array<[string, LinkingInput, LinkDecision]> = [
    [
      "1 one org, one account → both",
      { organizations: [org("o1")], accounts: [acc("a1", "o1")] },
      { sync: true, row: 1, organizationId: "o1", accountId: "a1" },
    ],
    ["2 one org, no account → org", { organizations: [org("o1")], accounts: [] }, { sync: true, row: 2, organizationId: "o1", accountId: null }],
    [
      "3 one org, several accounts → org only",
      { organizations: [org("o1")], accounts: [acc("a1", "o1"), acc("a2", "o1")] },
      { sync: true, row: 3, organizationId: "o1", accountId: null },
    ],
    ["4 no org, one account → account only", { organizations: [], accounts: [acc("a1", "o9")] }, { sync: true, row: 4, organizationId: null, accountId: "a1" }],
    [
      "5 nothing → not synced",
      { organizations: [], accounts: [] },
      { sync: false, row: 5, reason: "user_in_no_org_or_account", candidates: [] },
    ],
    [
      "6 no org, several accounts → not synced",
      { organizations: [], accounts: [acc("a1"), acc("a2")] },
      {
        sync: false,
        row: 6,
        reason: "user_in_several_accounts_no_org",
        candidates: [
          { kind: "account", id: "a1", name: "Account a1" },
          { kind: "account", id: "a2", name: "Account a2" },
        ],
      },
    ],
    [
      "7 several orgs, one account → the account and its own org",
      { organizations: [org("o1"), org("o2")], accounts: [acc("a1", "o2")] },
      { sync: true, row: 7, organizationId: "o2", accountId: "a1" },
    ],
    [
      "8 several orgs, no account → not synced",
      { organizations: [org("o1"), org("o2")], accounts: [] },
      {
        sync: false,
        row: 8,
        reason: "user_in_several_orgs_no_account",
        candidates: [
          { kind: "organization", id: "o1", name: "Org o1" },
          { kind: "organization", id: "o2", name: "Org o2" },
        ],
      },
    ],
    [
      "9 several orgs, several accounts → not synced",
      { organizations: [org("o1"), org("o2")], accounts: [acc("a1", "o1"), acc("a2", "o2")] },
      {
        sync: false,
        row: 9,
        reason: "user_in_several_orgs_and_accounts",
        candidates: [
          { kind: "organization", id: "o1", name: "Org o1" },
          { kind: "organization", id: "o2", name: "Org o2" },
          { kind: "account", id: "a1", name: "Account a1" },
          { kind: "account", id: "a2", name: "Account a2" },
        ],
      },
    ],
  ];
  it.each(table)("row %s", (_name, input, expected) => {
    expect(decideLinking(input)).toEqual(expected);
  });

  it("covers every row of LINKING_TABLE exactly once", () => {
    expect(table.map(([, input]) => decideLinking(input).row)).toEqual(LINKING_TABLE.map((r) => r.row));
    for (const row of LINKING_TABLE) expect(row.syncs).toBe(row.reason === null);
  });
});

describe("decideLinking: edge cases", () => {
  it("row 7 with an account in no organization links the account only", () => {
    expect(decideLinking({ organizations: [org("o1"), org("o2")], accounts: [acc("a1", null)] })).toEqual({
      sync: true,
      row: 7,
      organizationId: null,
      accountId: "a1",
    });
  });

  it("row 7 uses the account's organization even when the user is not in it", () => {
    expect(decideLinking({ organizations: [org("o1"), org("o2")], accounts: [acc("a1", "o3")] })).toMatchObject({ row: 7, organizationId: "o3" });
  });

  it("row 1 keeps the user's organization even when the account belongs to another", () => {
    expect(decideLinking({ organizations: [org("o1")], accounts: [acc("a1", "o2")] })).toEqual({
      sync: true,
      row: 1,
      organizationId: "o1",
      accountId: "a1",
    });
  });

  it("counts duplicates once", () => {
    expect(decideLinking({ organizations: [org("o1"), org("o1")], accounts: [acc("a1"), acc("a1")] })).toMatchObject({ row: 1 });
    expect(decideLinking({ organizations: [], accounts: [acc("a1"), acc("a1")] })).toMatchObject({ row: 4, sync: true });
  });
});

describe("linkingInputFromUser", () => {
  it("uses embedded accounts and organizations and reports accounts whose organization is unknown", () => {
    const { input, unresolvedAccountIds } = linkingInputFromUser({
      id: "u1",
      accountIds: ["a1", "a2"],
      organizationIds: ["o1", "o2"],
      accounts: [{ id: "a1", name: "Acme", organizationId: "o1" }],
      organizations: [{ id: "o1", name: "Acme Group" }],
    });
    expect(input).toEqual({
      organizations: [
        { id: "o1", name: "Acme Group" },
        { id: "o2", name: null },
      ],
      accounts: [{ id: "a1", name: "Acme", organizationId: "o1" }],
    });
    expect(unresolvedAccountIds).toEqual(["a2"]);
  });

  it("handles a user with nothing", () => {
    expect(linkingInputFromUser({ id: "u1" })).toEqual({ input: { organizations: [], accounts: [] }, unresolvedAccountIds: [] });
  });
});

describe("link reasons", () => {
  it("every reason has words and a fix", () => {
    for (const reason of LINK_REASONS) {
      const text = LINK_REASON_TEXT[reason];
      expect(text.title.length).toBeGreaterThan(10);
      expect(text.explanation.length).toBeGreaterThan(20);
      expect(text.fix.length).toBeGreaterThan(10);
    }
    expect(Object.keys(LINK_REASON_TEXT).sort()).toEqual([...LINK_REASONS].sort());
  });

  it("fills the templates", () => {
    const text = describeLinkReason("user_in_several_accounts_no_org", {
      email: "jane@acme.com",
      candidates: [
        { id: "a1", name: "Acme EU" },
        { id: "a2", name: null },
      ],
    });
    expect(text.explanation).toBe(
      "jane@acme.com belongs to several Vitally accounts (Acme EU, a2) and to no organization; Ferry does not guess which account the request belongs to.",
    );
    expect(text.fix).toBe("Keep jane@acme.com in one account only, or add the user to the organization those accounts belong to, then retry the sync.");
    expect(describeLinkReason("user_in_no_org_or_account", { email: "jane@acme.com" }).fix).toBe(
      "Add jane@acme.com to one account or one organization in Vitally, then retry the sync.",
    );
    const many = describeLinkReason("domain_ambiguous", {
      email: "x@y.com",
      domain: "y.com",
      candidates: Array.from({ length: 7 }, (_, i) => ({ id: `a${i}`, name: `A${i}` })),
    });
    expect(many.fix).toBe("Add x@y.com to the right one of A0, A1, A2, A3, A4 and 2 more in Vitally, then retry the sync.");
    expect(describeLinkReason("no_email").explanation).not.toContain("{");
  });
});
