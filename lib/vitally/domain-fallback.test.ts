import { describe, expect, it } from "vitest";
import {
  decideDomainFallback,
  domainCandidatesFromUsers,
  emailDomain,
  precheckDomainFallback,
  type DomainCandidates,
  type DomainFallbackDecision,
} from "./domain-fallback";

const acc = (id: string, organizationId: string | null = null) => ({ id, name: `Account ${id}`, organizationId });
const org = (id: string) => ({ id, name: `Org ${id}` });
const none: DomainCandidates = { accounts: [], organizations: [] };

describe("emailDomain / precheck", () => {
  it.each([
    ["jane@Acme.COM", "acme.com"],
    ["  jane.doe+tag@sub.acme.co.uk ", "sub.acme.co.uk"],
    ["jane@acme.com.", "acme.com"],
    ["jane@localhost", null],
    ["jane", null],
    ["jane@@acme.com", null],
    ["", null],
    [null, null],
  ])("%j → %j", (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });

  it.each([
    [null, { ok: false, reason: "no_email", domain: null }],
    ["   ", { ok: false, reason: "no_email", domain: null }],
    ["not-an-email", { ok: false, reason: "invalid_email", domain: null }],
    ["jane@GMAIL.com", { ok: false, reason: "public_email_domain", domain: "gmail.com" }],
    ["jane@outlook.com", { ok: false, reason: "public_email_domain", domain: "outlook.com" }],
    ["jane@acme.com", { ok: true, domain: "acme.com" }],
  ])("%j", (email, expected) => {
    expect(precheckDomainFallback(email)).toEqual(expected);
  });
});

describe("decideDomainFallback", () => {
  const table: Array<[string, string | null, DomainCandidates, DomainFallbackDecision]> = [
    ["no email", null, { accounts: [acc("a1")], organizations: [] }, { create: false, reason: "no_email", domain: null, candidates: [] }],
    [
      "public domain never matches a customer",
      "jane@gmail.com",
      { accounts: [acc("a1")], organizations: [] },
      { create: false, reason: "public_email_domain", domain: "gmail.com", candidates: [] },
    ],
    ["nobody at the domain", "jane@acme.com", none, { create: false, reason: "domain_matches_nothing", domain: "acme.com", candidates: [] }],
    [
      "exactly one account",
      "jane@acme.com",
      { accounts: [acc("a1"), acc("a1")], organizations: [] },
      { create: true, domain: "acme.com", target: { kind: "account", id: "a1", name: "Account a1" } },
    ],
    [
      "one account and its own organization",
      "jane@acme.com",
      { accounts: [acc("a1", "o1")], organizations: [org("o1")] },
      { create: true, domain: "acme.com", target: { kind: "account", id: "a1", name: "Account a1" } },
    ],
    [
      "exactly one organization, no account",
      "jane@acme.com",
      { accounts: [], organizations: [org("o1")] },
      { create: true, domain: "acme.com", target: { kind: "organization", id: "o1", name: "Org o1" } },
    ],
    [
      "several accounts, even of one organization",
      "kim@northwind.example",
      { accounts: [acc("a1", "o1"), acc("a2", "o1")], organizations: [org("o1")] },
      {
        create: false,
        reason: "domain_ambiguous",
        domain: "northwind.example",
        candidates: [
          { kind: "account", id: "a1", name: "Account a1" },
          { kind: "account", id: "a2", name: "Account a2" },
          { kind: "organization", id: "o1", name: "Org o1" },
        ],
      },
    ],
    [
      "one account plus an unrelated organization",
      "jane@acme.com",
      { accounts: [acc("a1", "o1")], organizations: [org("o1"), org("o2")] },
      {
        create: false,
        reason: "domain_ambiguous",
        domain: "acme.com",
        candidates: [
          { kind: "account", id: "a1", name: "Account a1" },
          { kind: "organization", id: "o1", name: "Org o1" },
          { kind: "organization", id: "o2", name: "Org o2" },
        ],
      },
    ],
    [
      "several organizations",
      "jane@acme.com",
      { accounts: [], organizations: [org("o1"), org("o2")] },
      {
        create: false,
        reason: "domain_ambiguous",
        domain: "acme.com",
        candidates: [
          { kind: "organization", id: "o1", name: "Org o1" },
          { kind: "organization", id: "o2", name: "Org o2" },
        ],
      },
    ],
  ];
  it.each(table)("%s", (_name, email, candidates, expected) => {
    expect(decideDomainFallback(email, candidates)).toEqual(expected);
  });
});

describe("domainCandidatesFromUsers", () => {
  it("collects the distinct accounts and organizations of the domain's users", () => {
    const candidates = domainCandidatesFromUsers([
      { id: "u1", accountIds: ["a1"], accounts: [{ id: "a1", name: "Acme", organizationId: "o1" }], organizations: [{ id: "o1", name: "Acme Group" }], organizationIds: ["o1"] },
      { id: "u2", accountIds: ["a1", "a2"], accounts: [{ id: "a1", name: "Acme", organizationId: "o1" }], organizationIds: [] },
    ]);
    expect(candidates).toEqual({
      accounts: [
        { id: "a1", name: "Acme", organizationId: "o1" },
        { id: "a2", name: null, organizationId: null },
      ],
      organizations: [{ id: "o1", name: "Acme Group" }],
    });
  });
});
