import type { ReactNode } from "react";
import type { LinkEvidence } from "@/lib/sync/vitally/resolve-vitally-link";
import type { LinkCandidate } from "@/lib/vitally/linking";

const KIND = { account: "Account", organization: "Organization" } as const;

function names(items: { id: string; name: string | null }[]): string {
  return items.map((i) => i.name ?? i.id).join(", ");
}

/**
 * What Ferry found in Vitally for the requestor: their Vitally user (by email), that user's
 * organizations and accounts by name, and for a requestor who is not a Vitally user the domain
 * fallback's candidates and the user Ferry created (or would create).
 */
export function LinkEvidenceList({
  evidence,
  linked,
  candidates = [],
  cached = false,
}: {
  evidence: LinkEvidence | null;
  linked?: { organizationId: string | null; accountId: string | null } | null;
  candidates?: LinkCandidate[];
  cached?: boolean;
}) {
  if (!evidence) {
    return <p className="text-sm text-zinc-500">No Vitally lookup was needed for this outcome, so there is no evidence to show.</p>;
  }
  const orgName = (id: string | null) => (id ? (evidence.organizations.find((o) => o.id === id)?.name ?? candidateName(candidates, id) ?? id) : null);
  const accountName = (id: string | null) => (id ? (evidence.accounts.find((a) => a.id === id)?.name ?? candidateName(candidates, id) ?? id) : null);
  const fallback = evidence.fallback;

  return (
    <dl className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 text-sm">
      <Item label="Requestor email">{evidence.email ?? <span className="text-zinc-500">None on the request</span>}</Item>
      <Item label="Vitally user">
        {evidence.user ? (
          <>
            {evidence.user.name ?? "(no name)"} {evidence.user.email ? <span className="text-zinc-500">&lt;{evidence.user.email}&gt;</span> : null}
            <span className="ml-1 font-mono text-xs text-zinc-400">{evidence.user.id}</span>
          </>
        ) : (
          <span className="text-zinc-600">{evidence.email ? "No Vitally user has this email." : "Not looked up (no email)."}</span>
        )}
      </Item>
      {!fallback || evidence.user ? (
        <>
          <Item label="Their organizations">
            {evidence.organizations.length ? names(evidence.organizations) : <span className="text-zinc-500">None</span>}
          </Item>
          <Item label="Their accounts">
            {evidence.accounts.length ? (
              <ul className="space-y-0.5">
                {evidence.accounts.map((a) => (
                  <li key={a.id}>
                    {a.name ?? a.id}
                    <span className="text-zinc-500">
                      {a.organizationId ? ` — in ${orgName(a.organizationId)}` : " — in no organization"}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="text-zinc-500">None</span>
            )}
          </Item>
        </>
      ) : null}
      {fallback ? (
        <>
          <Item label="Email domain">{fallback.domain ? `@${fallback.domain}` : <span className="text-zinc-500">Unknown</span>}</Item>
          <Item label="Customers with users at this domain">
            {fallback.candidates.length ? <CandidateList candidates={fallback.candidates} /> : <span className="text-zinc-500">None</span>}
          </Item>
          {fallback.createdUser ? (
            <Item label="User created">
              Ferry created the Vitally user <span className="font-mono text-xs">{fallback.createdUser.id}</span> in{" "}
              {KIND[fallback.createdUser.in.kind].toLowerCase()} {fallback.createdUser.in.name ?? fallback.createdUser.in.id}.
            </Item>
          ) : null}
          {fallback.wouldCreateIn ? (
            <Item label="User to create">
              A push would create the requestor as a Vitally user in {KIND[fallback.wouldCreateIn.kind].toLowerCase()}{" "}
              {fallback.wouldCreateIn.name ?? fallback.wouldCreateIn.id}.
            </Item>
          ) : null}
        </>
      ) : null}
      {linked && (linked.organizationId || linked.accountId) ? (
        <Item label="Linked to">
          {[
            linked.organizationId ? `organization ${orgName(linked.organizationId)}` : null,
            linked.accountId ? `account ${accountName(linked.accountId)}` : null,
          ]
            .filter(Boolean)
            .join(" and ")}
          {cached ? <span className="text-zinc-500"> (reused from an earlier push: the requestor’s email has not changed)</span> : null}
        </Item>
      ) : null}
    </dl>
  );
}

function candidateName(candidates: LinkCandidate[], id: string): string | null {
  return candidates.find((c) => c.id === id)?.name ?? null;
}

function CandidateList({ candidates }: { candidates: LinkCandidate[] }) {
  return (
    <ul className="space-y-0.5">
      {candidates.map((c) => (
        <li key={`${c.kind}-${c.id}`}>
          <span className="text-zinc-500">{KIND[c.kind]}:</span> {c.name ?? c.id}
        </li>
      ))}
    </ul>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 px-3 py-2 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-3">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-800">{children}</dd>
    </div>
  );
}
