"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import type { DecisionRecord } from "@/lib/sync/vitally/push-request-to-vitally";
import type { SalesforceDecisionRecord } from "@/lib/sync/salesforce/push-request-to-salesforce";
import { SALESFORCE_MATCHING_RULES } from "@/lib/sync/salesforce/matching-rules";
import { describeReason } from "@/lib/sync/reason-codes";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/skeleton";
import { CallList } from "@/components/diagnostics/call-list";
import { LinkEvidenceList } from "@/components/diagnostics/link-evidence";
import { LinkingTable } from "@/components/diagnostics/linking-table";
import { ReasonWords } from "@/components/diagnostics/reason-words";
import { SalesforceEvidenceList, SalesforceMatchingPath } from "@/components/diagnostics/salesforce-evidence";
import { DESTINATION, describeTrigger, KIND, OUTCOME } from "@/components/sync-logs/labels";
import { syncLogDetailQueryOptions } from "@/components/sync-logs/sync-logs-query-options";

/** One attempt in full: outcome, reason in plain words and its fix, the linking decision, each call. */
export function SyncLogDetailDialog({ workspaceSlug, id, onClose }: { workspaceSlug: string; id: string | null; onClose: () => void }) {
  const { data, isPending, isError, error, refetch } = useQuery({ ...syncLogDetailQueryOptions(workspaceSlug, id ?? ""), enabled: id !== null });

  let body: ReactNode;
  if (isError) {
    body = (
      <Alert tone="error" title="This attempt could not be loaded" action={<Button variant="secondary" size="sm" onClick={() => refetch()}>Retry</Button>}>
        {error.message}
      </Alert>
    );
  } else if (isPending || !data) {
    body = (
      <div role="status" aria-label="Loading the attempt" className="space-y-3">
        <Skeleton className="h-4 w-2/3" />
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  } else {
    const destination = DESTINATION[data.provider];
    // Each destination's decision has its own shape: Vitally's linking table, Salesforce's matching rules.
    const decision = (data.kind === "REQUEST" && data.provider === "VITALLY" ? data.decision : null) as DecisionRecord | null;
    const sfDecision = (
      data.kind === "REQUEST" && data.provider === "SALESFORCE" && (data.decision as { destination?: unknown } | null)?.destination === "SALESFORCE" ? data.decision : null
    ) as SalesforceDecisionRecord | null;
    // Conversation and message attempts say in words who stood in for whom ("… the default admin ada@acme.com stands in").
    const rawNote = data.kind === "CONVERSATION" || data.kind === "MESSAGE" ? (data.decision as { note?: unknown } | null)?.note : null;
    const note = typeof rawNote === "string" && rawNote && !data.message?.includes(rawNote) ? rawNote : null;
    const remoteLabel = `${destination} ${data.kind === "CONVERSATION" ? "conversation" : data.kind === "MESSAGE" ? "message" : "record"}`;
    const words = data.reasonCode
      ? describeReason(data.reasonCode, {
          destination,
          email: data.requestorEmail,
          domain: decision?.evidence?.fallback?.domain ?? sfDecision?.evidence?.domain ?? null,
          company: sfDecision?.evidence?.company ?? null,
          candidates: decision?.candidates ?? sfDecision?.candidates ?? [],
        })
      : null;
    body = (
      <div className="space-y-5">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
          <Meta label="Outcome">
            <Badge tone={OUTCOME[data.outcome].tone}>{OUTCOME[data.outcome].label}</Badge>
          </Meta>
          <Meta label="When">
            <LocalTime value={data.createdAt} />
          </Meta>
          <Meta label="Destination">
            {destination} · {KIND[data.kind]}
          </Meta>
          <Meta label="Request">
            {data.requestNumber ? (
              <Link href={`/w/${workspaceSlug}/requests/${data.requestNumber}`} className="font-medium text-indigo-600 hover:text-indigo-500">
                #{data.requestNumber}
              </Link>
            ) : (
              <span className="text-zinc-500">None</span>
            )}
            {data.requestorEmail ? <span className="block truncate text-xs text-zinc-500">{data.requestorEmail}</span> : null}
          </Meta>
          <Meta label="Started by">{describeTrigger(data.trigger)}</Meta>
          <Meta label="Took">{data.durationMs} ms</Meta>
          {data.remoteId ? (
            <Meta label={remoteLabel}>
              <span className="font-mono text-xs break-all">{data.remoteId}</span>
            </Meta>
          ) : null}
        </dl>
        {words ? (
          <Alert tone={data.outcome === "FAILED" ? "error" : "warning"} title={words.title}>
            <ReasonWords explanation={words.explanation} fix={words.fix} />
          </Alert>
        ) : null}
        {data.message && data.message !== words?.explanation ? (
          <section aria-label="Message">
            <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Message</h3>
            <p className="mt-1 text-sm whitespace-pre-wrap text-zinc-800">{data.message}</p>
          </section>
        ) : null}
        {note ? (
          <section aria-label="Participants">
            <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Participants</h3>
            <p className="mt-1 text-sm text-zinc-800">{note}</p>
          </section>
        ) : null}
        {decision ? (
          <section aria-label="Linking decision" className="space-y-2">
            <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Linking decision</h3>
            <LinkEvidenceList evidence={decision.evidence} linked={decision.linked ? decision : null} candidates={decision.candidates} cached={decision.cached} />
            {decision.row ? <LinkingTable appliedRow={decision.row} caption={`Row ${decision.row} of the linking table applied.`} /> : null}
          </section>
        ) : null}
        {sfDecision ? (
          <section aria-label="Matching decision" className="space-y-2">
            <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Matching decision</h3>
            <SalesforceMatchingPath rules={SALESFORCE_MATCHING_RULES} evidence={sfDecision.evidence} linked={sfDecision.linked} at="in this attempt" />
            <SalesforceEvidenceList
              evidence={sfDecision.evidence}
              candidates={sfDecision.candidates}
              linked={sfDecision.linked ? { accountId: sfDecision.accountId, contactId: sfDecision.contactId } : null}
              cached={sfDecision.cached}
            />
          </section>
        ) : null}
        <section aria-label="Calls" className="space-y-2">
          <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
            Calls to {destination} ({data.calls.length})
          </h3>
          <CallList calls={data.calls} label={`Calls to ${destination}`} destination={destination} />
        </section>
      </div>
    );
  }

  return (
    <Dialog
      open={id !== null}
      onClose={onClose}
      title={data ? `Sync attempt${data.requestNumber ? ` for request #${data.requestNumber}` : ""}` : "Sync attempt"}
      className="w-[min(48rem,calc(100vw-2rem))]"
      footer={
        <Button variant="secondary" onClick={onClose} data-autofocus>
          Close
        </Button>
      }
    >
      {body}
    </Dialog>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-zinc-800">{children}</dd>
    </div>
  );
}
