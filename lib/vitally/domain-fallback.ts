import type { LinkReason } from "./link-reasons";
import type { LinkCandidate, LinkingAccount, LinkingOrganization } from "./linking";
import type { VitallyUser } from "./schemas";

/**
 * The email-domain fallback for a requestor who is not a Vitally user (the Vitally sync
 * document's FAQ): take the email's domain, find the Vitally account or organization whose users
 * share it, create the user there, and link the request to it.
 *
 * Decided here, purely:
 * - no email, an invalid one, or a public provider's domain (gmail.com, outlook.com, … below):
 *   no fallback, since such a domain says nothing about the customer's company;
 * - the domain's users sit in exactly one account (organizations those users have only through
 *   that account's own organization do not count against it) → create the user in that account;
 * - they sit in no account and exactly one organization → create the user in that organization;
 * - nobody → no sync (domain_matches_nothing); anything else → no sync, with the candidates shown
 *   (domain_ambiguous). Ferry never guesses between customers.
 */

/** Providers whose addresses anyone can get; extend with care, these never match a customer. */
export const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.co.uk",
  "hotmail.fr",
  "live.com",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "ymail.com",
  "rocketmail.com",
  "aol.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "mail.com",
  "zoho.com",
  "yandex.com",
  "yandex.ru",
  "mail.ru",
  "qq.com",
  "163.com",
  "126.com",
  "fastmail.com",
  "hey.com",
  "tutanota.com",
  "tuta.io",
  "comcast.net",
  "att.net",
  "verizon.net",
  "orange.fr",
  "free.fr",
  "laposte.net",
  "t-online.de",
  "libero.it",
]);

const EMAIL = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/;

/** The lower-cased domain of a valid email, or null. */
export function emailDomain(email: string | null | undefined): string | null {
  const match = EMAIL.exec((email ?? "").trim());
  if (!match?.[1]) return null;
  return match[1].toLowerCase().replace(/\.$/, "");
}

export function isPublicEmailDomain(domain: string): boolean {
  return PUBLIC_EMAIL_DOMAINS.has(domain.toLowerCase());
}

type FallbackReason = Extract<LinkReason, "no_email" | "invalid_email" | "public_email_domain" | "domain_matches_nothing" | "domain_ambiguous">;

export type DomainPrecheck = { ok: true; domain: string } | { ok: false; reason: FallbackReason; domain: string | null };

/** Before any Vitally call: is there a domain worth searching for? */
export function precheckDomainFallback(email: string | null | undefined): DomainPrecheck {
  if (!email || email.trim() === "") return { ok: false, reason: "no_email", domain: null };
  const domain = emailDomain(email);
  if (!domain) return { ok: false, reason: "invalid_email", domain: null };
  if (isPublicEmailDomain(domain)) return { ok: false, reason: "public_email_domain", domain };
  return { ok: true, domain };
}

export interface DomainCandidates {
  accounts: ReadonlyArray<LinkingAccount>;
  organizations: ReadonlyArray<LinkingOrganization>;
}

export type DomainFallbackDecision =
  | { create: true; domain: string; target: LinkCandidate }
  | { create: false; reason: FallbackReason; domain: string | null; candidates: LinkCandidate[] };

function unique<T extends { id: string }>(items: ReadonlyArray<T>): T[] {
  return [...new Map(items.map((i) => [i.id, i])).values()];
}

export function decideDomainFallback(email: string | null | undefined, candidates: DomainCandidates): DomainFallbackDecision {
  const pre = precheckDomainFallback(email);
  if (!pre.ok) return { create: false, reason: pre.reason, domain: pre.domain, candidates: [] };
  const accounts = unique(candidates.accounts);
  const parents = new Set(accounts.map((a) => a.organizationId).filter((id): id is string => Boolean(id)));
  const organizations = unique(candidates.organizations);
  const looseOrganizations = organizations.filter((o) => !parents.has(o.id));

  const asCandidates: LinkCandidate[] = [
    ...accounts.map((a) => ({ kind: "account" as const, id: a.id, name: a.name ?? null })),
    ...organizations.map((o) => ({ kind: "organization" as const, id: o.id, name: o.name ?? null })),
  ];
  if (accounts.length === 1 && looseOrganizations.length === 0) {
    return { create: true, domain: pre.domain, target: asCandidates[0]! };
  }
  if (accounts.length === 0 && organizations.length === 1) {
    const [org] = organizations;
    return { create: true, domain: pre.domain, target: { kind: "organization", id: org!.id, name: org!.name ?? null } };
  }
  if (accounts.length === 0 && organizations.length === 0) {
    return { create: false, reason: "domain_matches_nothing", domain: pre.domain, candidates: [] };
  }
  return { create: false, reason: "domain_ambiguous", domain: pre.domain, candidates: asCandidates };
}

/**
 * Candidates from `users/search?emailSubdomain=<domain>`: the distinct accounts and organizations
 * of those users (from their embedded objects; ids without one are kept with no name).
 */
export function domainCandidatesFromUsers(users: ReadonlyArray<VitallyUser>): DomainCandidates {
  const accounts = new Map<string, LinkingAccount>();
  const organizations = new Map<string, LinkingOrganization>();
  for (const user of users) {
    for (const a of user.accounts ?? []) accounts.set(a.id, { id: a.id, name: a.name ?? null, organizationId: a.organizationId ?? null });
    for (const id of user.accountIds ?? []) if (!accounts.has(id)) accounts.set(id, { id, name: null, organizationId: null });
    for (const o of user.organizations ?? []) organizations.set(o.id, { id: o.id, name: o.name ?? null });
    for (const id of user.organizationIds ?? []) if (!organizations.has(id)) organizations.set(id, { id, name: null });
  }
  return { accounts: [...accounts.values()], organizations: [...organizations.values()] };
}
