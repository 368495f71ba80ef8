import { z } from "zod";
import type { SalesforceClient } from "@/lib/salesforce/client";
import { soqlLikeLiteral, soqlString } from "@/lib/salesforce/client";
import { isSalesforceApiError } from "@/lib/salesforce/errors";
import type { ReasonCode } from "@/lib/sync/reason-codes";
import { PUBLIC_EMAIL_DOMAINS } from "@/lib/vitally/domain-fallback";

/**
 * Where a request belongs in Salesforce: the seed's FAQ, exactly, with the evidence the
 * diagnostics page shows.
 *
 *  1. The requestor is a Contact (by email, case-insensitive) → that Contact and its Account.
 *  2. Otherwise, with an email: the Accounts having a contact at the same email domain →
 *     exactly one → create the Contact there (name and email) and link both; several → not
 *     synced, candidates shown; none → not synced (no account found).
 *  3. Without an email: the Account named like the requestor's workspace (the connected team's
 *     workspace name, Request.requestorCompany) → exactly one → create the Contact there with the
 *     name and no email; several / none → not synced.
 *
 * Never a guess: a public email domain (gmail.com …) matches no company, so it never picks an
 * Account; Contacts with this email in several Accounts are ambiguous. A Contact that exists but
 * has no Account is not duplicated: when its domain points at exactly one Account, the request is
 * linked to that Account and to the existing Contact. A name-only Contact already in the Account
 * (same first and last name, no email) is reused, so each request of a requestor without email
 * does not add another Contact.
 *
 * With `write: false` (Re-check now) nothing is created: the evidence says where the Contact would be made.
 */

export type SalesforceMatchRule = "contact_by_email" | "account_by_email_domain" | "account_by_workspace_name" | "contact_in_account_by_name";

/** One lookup made while matching: what it looked for, in words, and what it found. */
export type SalesforceMatchStep = {
  rule: SalesforceMatchRule;
  /** Plain words, e.g. "Contacts with the email jane@acme.example". */
  lookedFor: string;
  /** The SOQL sent (no secrets; the values are the requestor's email/domain/workspace). */
  soql: string;
  found: { id: string; name: string | null; accountId?: string | null; accountName?: string | null }[];
};

export type SalesforceCandidate = { kind: "account"; id: string; name: string | null };

export type SalesforceLinkEvidence = {
  email: string | null;
  domain: string | null;
  company: string | null;
  /** The rule that decided: the Contact by email, the email's domain, or the workspace name. */
  path: "contact_by_email" | "email_domain" | "workspace_name" | null;
  steps: SalesforceMatchStep[];
  /** The Contact linked (found, reused or created), if any. */
  contact: { id: string; name: string | null; email: string | null; created: boolean } | null;
  account: { id: string; name: string | null } | null;
  /** Re-check now: the Account where a Contact would be created (nothing is written). */
  wouldCreateContactIn: { id: string; name: string | null } | null;
  /** Salesforce's refusal when creating the Contact failed. */
  error: string | null;
};

export type SalesforceLinkResolution =
  | { linked: true; contactId: string | null; accountId: string; evidence: SalesforceLinkEvidence }
  | { linked: false; reason: ReasonCode; candidates: SalesforceCandidate[]; evidence: SalesforceLinkEvidence };

export type SalesforceRequestor = { name: string; email: string | null; company: string | null };

const ZContactRow = z.looseObject({
  Id: z.string(),
  Name: z.string().nullish(),
  Email: z.string().nullish(),
  AccountId: z.string().nullish(),
  Account: z.looseObject({ Name: z.string().nullish() }).nullish(),
});
const ZAccountRow = z.looseObject({ Id: z.string(), Name: z.string().nullish() });

/** At most this many rows per lookup: enough to tell one from several and to show candidates. */
const LOOKUP_LIMIT = 20;

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

/** Contact's FirstName (≤ 40) and LastName (required, ≤ 80) from a display name. */
export function contactNameParts(name: string, email: string | null): { FirstName: string | null; LastName: string } {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return { FirstName: null, LastName: (email?.split("@")[0] || "Unknown").slice(0, 80) };
  if (parts.length === 1) return { FirstName: null, LastName: parts[0]!.slice(0, 80) };
  return { FirstName: parts.slice(0, -1).join(" ").slice(0, 40), LastName: parts.at(-1)!.slice(0, 80) };
}

export async function resolveSalesforceLink(
  requestor: SalesforceRequestor,
  client: SalesforceClient,
  options: { write: boolean },
): Promise<SalesforceLinkResolution> {
  const email = requestor.email?.trim().toLowerCase() || null;
  const domain = email ? (EMAIL.exec(email)?.[1] ?? null) : null;
  const company = requestor.company?.trim() || null;
  const evidence: SalesforceLinkEvidence = {
    email,
    domain,
    company,
    path: null,
    steps: [],
    contact: null,
    account: null,
    wouldCreateContactIn: null,
    error: null,
  };
  const notLinked = (reason: ReasonCode, candidates: SalesforceCandidate[] = []): SalesforceLinkResolution => ({ linked: false, reason, candidates, evidence });
  const accountsOf = (rows: z.output<typeof ZAccountRow>[]): SalesforceCandidate[] => rows.map((a) => ({ kind: "account", id: a.Id, name: a.Name ?? null }));

  if (email && domain) {
    // 1. The requestor's Contact, by email.
    const soql = `SELECT Id, Name, Email, AccountId, Account.Name FROM Contact WHERE Email = ${soqlString(email)} ORDER BY CreatedDate, Id LIMIT ${LOOKUP_LIMIT}`;
    const contacts = (await client.query(soql, ZContactRow)).records;
    evidence.steps.push({
      rule: "contact_by_email",
      lookedFor: `Contacts with the email ${email}`,
      soql,
      found: contacts.map((c) => ({ id: c.Id, name: c.Name ?? null, accountId: c.AccountId ?? null, accountName: c.Account?.Name ?? null })),
    });
    const inAccounts = contacts.filter((c) => c.AccountId);
    const accountIds = [...new Set(inAccounts.map((c) => c.AccountId!))];
    if (accountIds.length === 1) {
      const contact = inAccounts[0]!;
      evidence.path = "contact_by_email";
      evidence.contact = { id: contact.Id, name: contact.Name ?? null, email: contact.Email ?? email, created: false };
      evidence.account = { id: contact.AccountId!, name: contact.Account?.Name ?? null };
      return { linked: true, contactId: contact.Id, accountId: contact.AccountId!, evidence };
    }
    if (accountIds.length > 1) {
      evidence.path = "contact_by_email";
      const candidates = accountIds.map((id): SalesforceCandidate => ({ kind: "account", id, name: inAccounts.find((c) => c.AccountId === id)?.Account?.Name ?? null }));
      return notLinked("contact_in_several_accounts", candidates);
    }
    const accountless = contacts[0] ?? null;

    // 2. Not a Contact of any Account: the Accounts with a contact at the same email domain.
    evidence.path = "email_domain";
    if (PUBLIC_EMAIL_DOMAINS.has(domain)) return notLinked(accountless ? "contact_has_no_account" : "public_domain_not_a_contact");
    const byDomain = `SELECT Id, Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email LIKE '%@${soqlLikeLiteral(domain)}') ORDER BY Name, Id LIMIT ${LOOKUP_LIMIT}`;
    const accounts = (await client.query(byDomain, ZAccountRow)).records;
    evidence.steps.push({
      rule: "account_by_email_domain",
      lookedFor: `Accounts with a contact at @${domain}`,
      soql: byDomain,
      found: accounts.map((a) => ({ id: a.Id, name: a.Name ?? null })),
    });
    if (accounts.length === 0) return notLinked(accountless ? "contact_has_no_account" : "no_account_for_domain");
    if (accounts.length > 1) return notLinked("several_accounts_for_domain", accountsOf(accounts));
    const account = accounts[0]!;
    evidence.account = { id: account.Id, name: account.Name ?? null };
    if (accountless) {
      evidence.contact = { id: accountless.Id, name: accountless.Name ?? null, email: accountless.Email ?? email, created: false };
      return { linked: true, contactId: accountless.Id, accountId: account.Id, evidence };
    }
    return createContact({ ...contactNameParts(requestor.name, email), Email: email, AccountId: account.Id });
  }

  // 3. No email: the Account named like the requestor's workspace.
  evidence.path = "workspace_name";
  if (!company) return notLinked("no_email_no_company");
  const byName = `SELECT Id, Name FROM Account WHERE Name = ${soqlString(company)} ORDER BY CreatedDate, Id LIMIT ${LOOKUP_LIMIT}`;
  const named = (await client.query(byName, ZAccountRow)).records;
  evidence.steps.push({ rule: "account_by_workspace_name", lookedFor: `Accounts named "${company}"`, soql: byName, found: named.map((a) => ({ id: a.Id, name: a.Name ?? null })) });
  if (named.length === 0) return notLinked("no_account_named");
  if (named.length > 1) return notLinked("several_accounts_named", accountsOf(named));
  const account = named[0]!;
  evidence.account = { id: account.Id, name: account.Name ?? null };
  const parts = contactNameParts(requestor.name, null);
  const sameName = `SELECT Id, Name, Email, AccountId FROM Contact WHERE AccountId = ${soqlString(account.Id)} AND Email = null AND LastName = ${soqlString(parts.LastName)} AND FirstName = ${parts.FirstName === null ? "null" : soqlString(parts.FirstName)} ORDER BY CreatedDate, Id LIMIT 1`;
  const existing = (await client.query(sameName, ZContactRow)).records;
  evidence.steps.push({
    rule: "contact_in_account_by_name",
    lookedFor: `A Contact named "${requestor.name.trim()}" without email in ${account.Name ?? account.Id}`,
    soql: sameName,
    found: existing.map((c) => ({ id: c.Id, name: c.Name ?? null, accountId: c.AccountId ?? null, accountName: account.Name ?? null })),
  });
  if (existing[0]) {
    evidence.contact = { id: existing[0].Id, name: existing[0].Name ?? null, email: null, created: false };
    return { linked: true, contactId: existing[0].Id, accountId: account.Id, evidence };
  }
  return createContact({ ...parts, Email: null, AccountId: account.Id });

  async function createContact(fields: { FirstName: string | null; LastName: string; Email: string | null; AccountId: string }): Promise<SalesforceLinkResolution> {
    const name = [fields.FirstName, fields.LastName].filter(Boolean).join(" ");
    if (!options.write) {
      evidence.wouldCreateContactIn = evidence.account;
      return { linked: true, contactId: null, accountId: fields.AccountId, evidence };
    }
    try {
      const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
      const created = await client.create("Contact", body);
      evidence.contact = { id: created.id, name, email: fields.Email, created: true };
      return { linked: true, contactId: created.id, accountId: fields.AccountId, evidence };
    } catch (err) {
      // Salesforce refused the Contact itself (validation or duplicate rule, a permission): say so.
      if (!isSalesforceApiError(err) || err.kind !== "invalid_request") throw err;
      evidence.error = err.message;
      return notLinked("contact_create_failed");
    }
  }
}
