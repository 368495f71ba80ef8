import { createHash } from "node:crypto";
import type { VitallyClient } from "@/lib/vitally/client";
import {
  decideDomainFallback,
  domainCandidatesFromUsers,
  precheckDomainFallback,
  type DomainCandidates,
} from "@/lib/vitally/domain-fallback";
import { decideLinking, linkingInputFromUser, type LinkCandidate, type LinkingInput, type LinkingRow } from "@/lib/vitally/linking";
import type { LinkReason } from "@/lib/vitally/link-reasons";
import type { VitallyUser } from "@/lib/vitally/schemas";

/**
 * Where a request belongs in Vitally, from its requestor, with the evidence the diagnostics page
 * shows: the user found by email (and their organizations and accounts by name), the row of the
 * linking table that applied, or the domain fallback's candidates. With `write: false` (Re-check
 * now) nothing is created: the fallback reports the user it would create.
 */
export type LinkEvidence = {
  email: string | null;
  user: { id: string; name: string | null; email: string | null } | null;
  organizations: { id: string; name: string | null }[];
  accounts: { id: string; name: string | null; organizationId: string | null }[];
  row: LinkingRow | null;
  fallback: null | {
    domain: string | null;
    candidates: LinkCandidate[];
    createdUser: { id: string; in: LinkCandidate } | null;
    wouldCreateIn: LinkCandidate | null;
  };
};

export type LinkResolution =
  | { linked: true; userId: string | null; organizationId: string | null; accountId: string | null; evidence: LinkEvidence }
  | { linked: false; reason: LinkReason; candidates: LinkCandidate[]; evidence: LinkEvidence };

const norm = (email: string | null | undefined) => (email ? email.trim().toLowerCase() : null);

/** The externalId Ferry gives users it creates in Vitally (stable per email). */
export function ferryUserExternalId(email: string): string {
  return `ferry-${createHash("sha256").update(email.toLowerCase()).digest("hex").slice(0, 24)}`;
}

async function completeAccounts(client: VitallyClient, input: LinkingInput, unresolved: string[]): Promise<LinkingInput> {
  if (unresolved.length === 0) return input;
  const fetched = await Promise.all(unresolved.map((id) => client.getAccount(id)));
  return {
    organizations: input.organizations,
    accounts: [...input.accounts, ...fetched.map((a) => ({ id: a.id, name: a.name ?? null, organizationId: a.organizationId ?? null }))],
  };
}

function userEvidence(email: string | null, user: VitallyUser | null, input: LinkingInput | null): LinkEvidence {
  return {
    email,
    user: user ? { id: user.id, name: user.name ?? null, email: user.email ?? null } : null,
    organizations: input ? input.organizations.map((o) => ({ id: o.id, name: o.name ?? null })) : [],
    accounts: input ? input.accounts.map((a) => ({ id: a.id, name: a.name ?? null, organizationId: a.organizationId })) : [],
    row: null,
    fallback: null,
  };
}

export async function resolveVitallyLink(
  requestor: { name: string; email: string | null },
  client: VitallyClient,
  options: { write: boolean },
): Promise<LinkResolution> {
  const email = norm(requestor.email);
  const pre = precheckDomainFallback(email);
  if (!email || (!pre.ok && pre.reason !== "public_email_domain")) {
    const reason = (pre.ok ? "no_email" : pre.reason) as LinkReason;
    return { linked: false, reason, candidates: [], evidence: userEvidence(email, null, null) };
  }

  // 1. The requestor's Vitally user, by email.
  const users = await client.searchUsers({ email });
  const user = users.find((u) => norm(u.email) === email) ?? users[0] ?? null;
  if (user) {
    const { input, unresolvedAccountIds } = linkingInputFromUser(user);
    const complete = await completeAccounts(client, input, unresolvedAccountIds);
    const decision = decideLinking(complete);
    const evidence = { ...userEvidence(email, user, complete), row: decision.row };
    if (decision.sync) {
      return { linked: true, userId: user.id, organizationId: decision.organizationId, accountId: decision.accountId, evidence };
    }
    return { linked: false, reason: decision.reason, candidates: decision.candidates, evidence };
  }

  // 2. Not a Vitally user: the account or organization whose users share the email's domain.
  if (!pre.ok) {
    return {
      linked: false,
      reason: pre.reason as LinkReason,
      candidates: [],
      evidence: { ...userEvidence(email, null, null), fallback: { domain: pre.domain, candidates: [], createdUser: null, wouldCreateIn: null } },
    };
  }
  const sameDomain = await client.searchUsers({ emailSubdomain: pre.domain });
  let candidates: DomainCandidates = domainCandidatesFromUsers(sameDomain);
  const unknownOrgAccounts = candidates.accounts.filter((a) => a.name === null).map((a) => a.id);
  if (unknownOrgAccounts.length > 0 && unknownOrgAccounts.length <= 5) {
    const fetched = await Promise.all(unknownOrgAccounts.map((id) => client.getAccount(id)));
    const byId = new Map(fetched.map((a) => [a.id, a]));
    candidates = {
      organizations: candidates.organizations,
      accounts: candidates.accounts.map((a) => {
        const f = byId.get(a.id);
        return f ? { id: f.id, name: f.name ?? null, organizationId: f.organizationId ?? null } : a;
      }),
    };
  }
  const decision = decideDomainFallback(email, candidates);
  const allCandidates: LinkCandidate[] = [
    ...candidates.accounts.map((a) => ({ kind: "account" as const, id: a.id, name: a.name ?? null })),
    ...candidates.organizations.map((o) => ({ kind: "organization" as const, id: o.id, name: o.name ?? null })),
  ];
  const base = userEvidence(email, null, null);
  if (!decision.create) {
    return {
      linked: false,
      reason: decision.reason as LinkReason,
      candidates: decision.candidates,
      evidence: { ...base, fallback: { domain: decision.domain, candidates: allCandidates, createdUser: null, wouldCreateIn: null } },
    };
  }

  const target = decision.target;
  const account = target.kind === "account" ? candidates.accounts.find((a) => a.id === target.id) ?? null : null;
  const organizationId = target.kind === "organization" ? target.id : account?.organizationId ?? null;
  const accountId = target.kind === "account" ? target.id : null;
  if (!options.write) {
    return {
      linked: true,
      userId: null,
      organizationId,
      accountId,
      evidence: { ...base, fallback: { domain: decision.domain, candidates: allCandidates, createdUser: null, wouldCreateIn: target } },
    };
  }
  const created = await client.createUser({
    externalId: ferryUserExternalId(email),
    name: requestor.name,
    email,
    ...(accountId ? { accountIds: [accountId] } : {}),
    ...(target.kind === "organization" ? { organizationIds: [target.id] } : {}),
  });
  return {
    linked: true,
    userId: created.id,
    organizationId,
    accountId,
    evidence: {
      ...base,
      user: { id: created.id, name: created.name ?? requestor.name, email },
      fallback: { domain: decision.domain, candidates: allCandidates, createdUser: { id: created.id, in: target }, wouldCreateIn: null },
    },
  };
}
