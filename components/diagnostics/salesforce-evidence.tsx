import type { ReactNode } from "react";
import type { SalesforceMatchRuleText } from "@/lib/sync/salesforce/matching-rules";
import type { SalesforceCandidate, SalesforceLinkEvidence, SalesforceMatchStep } from "@/lib/sync/salesforce/resolve-salesforce-link";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { ExternalIcon } from "@/components/ui/icons";

export type SalesforceObject = "Account" | "Contact" | "Request__c";

/**
 * Where a Salesforce record opens: the org's Lightning page (`<instance>/lightning/r/<Object>/<id>/view`),
 * or on the emulator, which has no UI, its tab in Ferry's emulator view (for those who may browse it).
 * Null: the id is shown without a link.
 */
export type SalesforceHref = (object: SalesforceObject, id: string) => string | null;

const EMULATOR_TAB: Record<SalesforceObject, string> = { Account: "accounts", Contact: "contacts", Request__c: "requests" };
const OBJECT_WORD: Record<SalesforceObject, string> = { Account: "Account", Contact: "Contact", Request__c: "Request record" };

export function salesforceHref({ instanceUrl, emulatorView }: { instanceUrl: string | null; emulatorView: string | null }): SalesforceHref {
  return (object, id) => {
    if (instanceUrl) return `${instanceUrl}/lightning/r/${object}/${encodeURIComponent(id)}/view`;
    if (emulatorView) return `${emulatorView}?tab=${EMULATOR_TAB[object]}`;
    return null;
  };
}

/** A Salesforce record by name (or id) with its id, linking into Salesforce when it can. */
export function SalesforceRecord({ object, id, name, href }: { object: SalesforceObject; id: string; name?: string | null; href?: SalesforceHref }) {
  const url = href?.(object, id) ?? null;
  const label = name || id;
  const external = url !== null && /^https?:\/\//.test(url);
  return (
    <span className="inline-flex flex-wrap items-baseline gap-x-1.5">
      {url ? (
        <a
          href={url}
          {...(external ? { target: "_blank", rel: "noopener noreferrer" } : {})}
          aria-label={`${label}: open the ${OBJECT_WORD[object]} ${external ? "in Salesforce (new tab)" : "in the emulator view"}`}
          className="inline-flex items-center gap-1 font-medium text-indigo-600 hover:text-indigo-500 focus-visible:underline"
        >
          {label}
          {external ? <ExternalIcon className="size-3.5" aria-hidden /> : null}
        </a>
      ) : (
        <span className="text-zinc-800">{label}</span>
      )}
      {name ? <span className="font-mono text-xs text-zinc-400">{id}</span> : null}
    </span>
  );
}

type RuleState = { label: string; tone: Tone; taken: boolean };

/** How each rule fared for this evidence: the one that decided, the ones tried before it, the ones not reached. */
function ruleStates(rules: readonly SalesforceMatchRuleText[], evidence: SalesforceLinkEvidence | null, linked: boolean, now: boolean): RuleState[] {
  const taken = evidence?.path ? rules.findIndex((r) => r.path === evidence.path) : -1;
  return rules.map((r, i) => {
    if (taken < 0) return { label: "Not reached", tone: "gray", taken: false };
    if (i === taken) return linked ? { label: now ? "Would link" : "Linked", tone: "green", taken: true } : { label: "Not synced", tone: "amber", taken: true };
    if (i > taken) return { label: "Not reached", tone: "gray", taken: false };
    if (evidence?.path === "workspace_name") return { label: "Skipped: no email", tone: "gray", taken: false };
    return { label: "Did not apply", tone: "gray", taken: false };
  });
}

/**
 * The seed's matching rules in the order Ferry applies them, with the one that decided this
 * request highlighted (and announced as the current step), the ones tried before it and the ones
 * not reached.
 */
export function SalesforceMatchingPath({
  rules,
  evidence,
  linked,
  now = false,
  at = "at the last push",
}: {
  rules: readonly SalesforceMatchRuleText[];
  evidence: SalesforceLinkEvidence | null;
  linked: boolean;
  /** The evidence comes from Re-check now. */
  now?: boolean;
  /** When the evidence was gathered, in words ("at the last push", "in this attempt"). */
  at?: string;
}) {
  const states = ruleStates(rules, evidence, linked, now);
  const taken = rules.find((r) => r.path === evidence?.path) ?? null;
  const caption = taken
    ? `${now ? "Re-check now: rule" : "Rule"} ${taken.step} ${now ? "decides today" : `decided ${at}`}: ${linked ? (now ? "it would link the request" : "it linked the request") : "not synced (the reason is above)"}.`
    : `${now ? "Re-check now: " : ""}Ferry did not look the requestor up in Salesforce (see the reason above).`;
  return (
    <figure className="overflow-hidden rounded-lg border border-zinc-200">
      <figcaption className="border-b border-zinc-100 bg-zinc-50/80 px-3 py-2 text-xs font-medium text-zinc-600">Matching rules, in order. {caption}</figcaption>
      <ol aria-label="Salesforce matching rules" className="divide-y divide-zinc-100">
        {rules.map((r, i) => {
          const s = states[i]!;
          return (
            <li
              key={r.step}
              aria-current={s.taken ? "step" : undefined}
              data-applied={s.taken || undefined}
              className={cn("flex gap-3 px-3 py-2 text-sm", s.taken && (linked ? "bg-emerald-50" : "bg-amber-50"), s.taken && "border-l-4 border-l-indigo-500 pl-2")}
            >
              <span className="mt-0.5 font-mono text-xs text-zinc-500">{r.step}</span>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className={cn("text-zinc-800", s.taken && "font-medium text-zinc-900")}>{r.title}</span>
                  <Badge tone={s.tone}>{s.label}</Badge>
                  {s.taken ? <span className="sr-only">(the path this request took)</span> : null}
                </div>
                <p className="mt-0.5 text-xs text-zinc-600">{r.description}</p>
              </div>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}

/**
 * What Ferry found in Salesforce for the requestor: each lookup (in words, the SOQL sent and what
 * it found), the candidate Accounts when several matched, and the Contact and Account linked,
 * created, or (Re-check now) where a Contact would be created.
 */
export function SalesforceEvidenceList({
  evidence,
  candidates = [],
  linked = null,
  cached = false,
  href,
}: {
  evidence: SalesforceLinkEvidence | null;
  candidates?: SalesforceCandidate[];
  linked?: { accountId: string | null; contactId: string | null } | null;
  cached?: boolean;
  href?: SalesforceHref;
}) {
  if (!evidence) {
    return <p className="text-sm text-zinc-500">No Salesforce lookup was needed for this outcome, so there is no evidence to show.</p>;
  }
  const accountName = (id: string) =>
    evidence.account?.id === id
      ? evidence.account.name
      : (candidates.find((c) => c.id === id)?.name ?? evidence.steps.flatMap((s) => s.found).find((f) => f.id === id || f.accountId === id)?.name ?? null);

  return (
    <dl aria-label="Salesforce evidence" className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 text-sm">
      <Item label="Requestor email">{evidence.email ?? <span className="text-zinc-500">None on the request</span>}</Item>
      {evidence.domain ? <Item label="Email domain">@{evidence.domain}</Item> : null}
      {evidence.path === "workspace_name" || !evidence.email ? (
        <Item label="Requestor’s workspace">{evidence.company ?? <span className="text-zinc-500">None on the request</span>}</Item>
      ) : null}
      <Item label="Lookups">
        {evidence.steps.length === 0 ? (
          <span className="text-zinc-500">None: the rules stopped before asking Salesforce (see the reason above).</span>
        ) : (
          <ol aria-label="Salesforce lookups" className="space-y-3">
            {evidence.steps.map((s, i) => (
              <Lookup key={i} step={s} n={i + 1} href={href} />
            ))}
          </ol>
        )}
      </Item>
      {candidates.length > 0 ? (
        <Item label="Candidate Accounts">
          <p className="mb-1 text-zinc-600">
            {candidates.length} Accounts matched, so Ferry did not pick one. Make one of them the requestor’s Account, then Retry sync.
          </p>
          <ul aria-label="Candidate Accounts" className="space-y-0.5">
            {candidates.map((c) => (
              <li key={c.id}>
                <SalesforceRecord object="Account" id={c.id} name={c.name} href={href} />
              </li>
            ))}
          </ul>
        </Item>
      ) : null}
      {evidence.contact ? (
        <Item label="Contact">
          <SalesforceRecord object="Contact" id={evidence.contact.id} name={evidence.contact.name} href={href} />
          {evidence.contact.email ? <span className="text-zinc-500"> &lt;{evidence.contact.email}&gt;</span> : null}
          <span className="text-zinc-500">
            {evidence.contact.created ? " — Ferry created this Contact for the requestor." : " — found in Salesforce."}
          </span>
        </Item>
      ) : null}
      {evidence.wouldCreateContactIn ? (
        <Item label="Contact to create">
          A push would create the requestor’s Contact in the Account{" "}
          <SalesforceRecord object="Account" id={evidence.wouldCreateContactIn.id} name={evidence.wouldCreateContactIn.name} href={href} />.
        </Item>
      ) : null}
      {evidence.error ? (
        <Item label="Salesforce refused">
          <span className="text-red-700">{evidence.error}</span>
        </Item>
      ) : null}
      {linked && (linked.accountId || linked.contactId) ? (
        <Item label="Linked to">
          <span className="inline-flex flex-wrap items-baseline gap-x-1">
            {linked.accountId ? (
              <>
                Account <SalesforceRecord object="Account" id={linked.accountId} name={accountName(linked.accountId)} href={href} />
              </>
            ) : null}
            {linked.accountId && linked.contactId ? <span>and</span> : null}
            {linked.contactId ? (
              <>
                Contact <SalesforceRecord object="Contact" id={linked.contactId} name={evidence.contact?.id === linked.contactId ? evidence.contact.name : null} href={href} />
              </>
            ) : null}
          </span>
          {cached ? <span className="block text-zinc-500">Reused from an earlier push: the requestor’s email (or workspace) has not changed.</span> : null}
        </Item>
      ) : null}
    </dl>
  );
}

function Lookup({ step, n, href }: { step: SalesforceMatchStep; n: number; href?: SalesforceHref }) {
  const contacts = step.rule === "contact_by_email" || step.rule === "contact_in_account_by_name";
  return (
    <li aria-label={`Lookup ${n}: ${step.lookedFor}`} className="space-y-1">
      <p className="text-zinc-800">
        <span className="font-medium">{step.lookedFor}</span>
        <span className="text-zinc-500"> — {step.found.length === 0 ? "none found" : `${step.found.length} found`}</span>
      </p>
      <pre className="rounded-md bg-zinc-50 px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-zinc-600">
        <span className="sr-only">SOQL: </span>
        <code>{step.soql}</code>
      </pre>
      {step.found.length > 0 ? (
        <ul className="space-y-0.5">
          {step.found.map((f) => (
            <li key={f.id}>
              <SalesforceRecord object={contacts ? "Contact" : "Account"} id={f.id} name={f.name} href={href} />
              {contacts ? (
                <span className="text-zinc-500">
                  {" "}
                  —{" "}
                  {f.accountId ? (
                    <>
                      in <SalesforceRecord object="Account" id={f.accountId} name={f.accountName} href={href} />
                    </>
                  ) : (
                    "in no Account"
                  )}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
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
