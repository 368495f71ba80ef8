"use client";

import { useState } from "react";
import type { DestinationDiagnostics as Diagnostics } from "@/lib/sync/diagnostics/get-request-sync-diagnostics";
import type { RequestRecheckResult } from "@/lib/sync/recheck-request-sync";
import { describeReason } from "@/lib/sync/reason-codes";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RefreshIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { useAction } from "@/components/settings/use-action";
import { CallList } from "@/components/diagnostics/call-list";
import { SYNC_STATE } from "@/components/diagnostics/labels";
import { LinkEvidenceList } from "@/components/diagnostics/link-evidence";
import { LinkingTable } from "@/components/diagnostics/linking-table";
import { ReasonWords } from "@/components/diagnostics/reason-words";
import { SalesforceEvidenceList, SalesforceMatchingPath, SalesforceRecord, salesforceHref } from "@/components/diagnostics/salesforce-evidence";
import { describeTrigger, OUTCOME } from "@/components/sync-logs/labels";
import { recheckRequestLinkAction, retryRequestSyncAction } from "@/app/(dashboard)/w/[workspace]/sync-logs/sync-actions";

/**
 * One destination's diagnostics for a request: the answer to "why did it (not) sync, and what do I
 * fix?", with Re-check now (live rules, no writes; the result replaces the highlighted row or rule
 * and the evidence until the page is left) and Retry sync. Vitally shows its linking table;
 * Salesforce its matching rules with the path taken, the evidence per lookup, the candidate
 * Accounts, the linked Account / Contact / Request record (links into Salesforce, or into the
 * emulator view) and the daily-limit pause.
 */
export function DestinationDiagnostics({
  workspaceSlug,
  requestId,
  diagnostics: d,
  canRetry,
  canBrowseSandbox = false,
}: {
  workspaceSlug: string;
  requestId: string;
  diagnostics: Diagnostics;
  canRetry: boolean;
  canBrowseSandbox?: boolean;
}) {
  const recheck = useAction(recheckRequestLinkAction, workspaceSlug);
  const retry = useAction(retryRequestSyncAction, workspaceSlug);
  const [result, setResult] = useState<RequestRecheckResult | null>(null);
  const [retried, setRetried] = useState<string | null>(null);
  const live = d.integrationStatus !== "DISCONNECTED";
  const isVitally = d.provider === "VITALLY";
  const destinationName = isVitally ? "Vitally" : "Salesforce";
  const decision = d.decision;
  const synced = d.state === "SYNCED";
  const vitallyResult = result?.provider === "VITALLY" ? result : null;
  const sfResult = result?.provider === "SALESFORCE" ? result : null;
  const sf = d.salesforce;
  const sfDecision = sf?.decision ?? null;
  const href = sf
    ? salesforceHref({
        instanceUrl: sf.instanceUrl,
        emulatorView: d.isSandbox && canBrowseSandbox ? `/w/${workspaceSlug}/integrations/${d.integrationId}/salesforce` : null,
      })
    : undefined;

  return (
    <Card>
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="text-sm font-semibold text-zinc-900">{d.destination}</h3>
            <Badge tone={SYNC_STATE[d.state].tone}>{SYNC_STATE[d.state].label}</Badge>
            {d.integrationStatus === "DISCONNECTED" ? <Badge tone="gray">Disconnected</Badge> : null}
            {d.integrationStatus === "NEEDS_ATTENTION" ? <Badge tone="amber">Integration needs attention</Badge> : null}
            {sf?.pause ? <Badge tone="amber">Paused: daily API limit</Badge> : null}
          </div>
          <p className="mt-1 text-xs text-zinc-500">
            {d.lastAttemptAt ? (
              <>
                Last attempt <LocalTime value={d.lastAttemptAt} />
              </>
            ) : (
              "No attempt yet"
            )}
            {d.lastSyncedAt ? (
              <>
                {" "}
                · last synced <LocalTime value={d.lastSyncedAt} />
              </>
            ) : null}
            {d.remoteId ? (
              <>
                {" "}
                · {destinationName} record{" "}
                {sf ? <SalesforceRecord object="Request__c" id={d.remoteId} href={href} /> : <span className="font-mono">{d.remoteId}</span>}
              </>
            ) : null}
          </p>
        </div>
        {canRetry && live ? (
          <div className="flex gap-2">
            <Button
              variant="secondary"
              size="sm"
              disabled={recheck.pending}
              aria-describedby={`recheck-hint-${d.integrationId}`}
              onClick={async () => {
                const r = await recheck.run({ requestId, integrationId: d.integrationId });
                if (r.ok) setResult(r.data);
              }}
            >
              <RefreshIcon /> {recheck.pending ? "Re-checking…" : "Re-check now"}
            </Button>
            <span id={`recheck-hint-${d.integrationId}`} className="sr-only">
              Evaluates the rules against live {destinationName} without writing anything.
            </span>
            <Button
              size="sm"
              disabled={retry.pending}
              onClick={async () => {
                setRetried(null);
                const r = await retry.run({ requestId, integrationId: d.integrationId });
                if (r.ok) {
                  setRetried(
                    r.data.queued > 0
                      ? `Retry queued. Ferry pushes the request to ${destinationName} again in a moment; the attempt appears below and in Sync logs.`
                      : "Nothing to retry: this destination is no longer connected.",
                  );
                }
              }}
            >
              {retry.pending ? "Queuing…" : "Retry sync"}
            </Button>
          </div>
        ) : null}
      </div>

      <div className="space-y-5 px-5 py-4">
        <Alert tone={synced ? "success" : d.state === "FAILED" ? "error" : d.state === "NEVER" || d.state === "PENDING" ? "info" : "warning"} title={d.title}>
          <ReasonWords explanation={d.explanation} fix={d.fix} />
        </Alert>
        {sf?.pause ? (
          <Alert tone="warning" title={<>Pushes to Salesforce are paused until <LocalTime value={sf.pause.until} /></>}>
            <p>{sf.pause.reason ?? "Ferry stopped before Salesforce’s daily API limit, leaving the rest to the org’s other tools."}</p>
            <p className="mt-1.5">Changes made meanwhile are held, not lost: Ferry sends the latest state of each held request when the pause ends.</p>
          </Alert>
        ) : null}
        {recheck.error ? <Alert tone="error">The re-check did not run: {recheck.error}</Alert> : null}
        {retry.error ? <Alert tone="error">{retry.error}</Alert> : null}
        {retried ? <Alert tone="success">{retried}</Alert> : null}

        {result ? (
          <section aria-label="Re-check result" className="space-y-2">
            <Alert tone={result.wouldSync ? "success" : "warning"} title={result.wouldSync ? `Re-check: would sync now` : `Re-check: still not synced — ${result.title}`}>
              <ReasonWords explanation={result.explanation} fix={result.fix} />
              <p className="mt-1.5 text-xs">
                Checked <LocalTime value={result.checkedAt} /> against live {destinationName} with {result.calls.length} call
                {result.calls.length === 1 ? "" : "s"}; nothing was written.
                {result.wouldSync && !synced ? " Press Retry sync to push it." : ""}
              </p>
            </Alert>
            {result.calls.length ? (
              <details className="rounded-lg border border-zinc-200 px-3 py-2">
                <summary className="cursor-pointer text-xs font-medium text-zinc-600 select-none">Calls made by the re-check</summary>
                <div className="mt-2">
                  <CallList calls={result.calls} label="Calls made by the re-check" destination={destinationName} />
                </div>
              </details>
            ) : null}
          </section>
        ) : null}

        {isVitally ? (
          <details open={!synced || result !== null} aria-label="Linking" className="group space-y-3">
            <summary className="cursor-pointer text-xs font-semibold tracking-wide text-zinc-500 uppercase select-none">
              Where the request links in Vitally
            </summary>
            <LinkingTable
              appliedRow={vitallyResult ? vitallyResult.row : (decision?.row ?? null)}
              caption={linkingCaption(
                vitallyResult
                  ? { row: vitallyResult.row, evidence: vitallyResult.evidence, now: true }
                  : { row: decision?.row ?? null, evidence: decision?.evidence ?? null, now: false },
              )}
            />
            <LinkEvidenceList
              evidence={vitallyResult ? vitallyResult.evidence : (decision?.evidence ?? null)}
              linked={vitallyResult ? (vitallyResult.wouldSync ? vitallyResult : null) : decision?.linked ? decision : null}
              candidates={vitallyResult ? vitallyResult.candidates : (decision?.candidates ?? [])}
              cached={!vitallyResult && Boolean(decision?.cached)}
            />
          </details>
        ) : null}

        {sf ? (
          <details open={!synced || result !== null} aria-label="Matching" className="group space-y-3">
            <summary className="cursor-pointer text-xs font-semibold tracking-wide text-zinc-500 uppercase select-none">
              How the request matches in Salesforce
            </summary>
            <SalesforceMatchingPath
              rules={sf.matchingRules}
              evidence={sfResult ? sfResult.evidence : (sfDecision?.evidence ?? null)}
              linked={sfResult ? sfResult.wouldSync : Boolean(sfDecision?.linked)}
              now={sfResult !== null}
            />
            <SalesforceEvidenceList
              evidence={sfResult ? sfResult.evidence : (sfDecision?.evidence ?? null)}
              candidates={sfResult ? sfResult.candidates : (sfDecision?.candidates ?? [])}
              linked={
                sfResult
                  ? sfResult.wouldSync
                    ? { accountId: sfResult.accountId, contactId: sfResult.contactId }
                    : null
                  : sfDecision?.linked
                    ? { accountId: sf.accountId ?? sfDecision.accountId, contactId: sf.contactId ?? sfDecision.contactId }
                    : null
              }
              cached={!sfResult && Boolean(sfDecision?.cached)}
              href={href}
            />
          </details>
        ) : null}

        <section aria-label="Recent attempts" className="space-y-2">
          <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Recent attempts</h4>
          {d.recentAttempts.length === 0 ? (
            <p className="text-sm text-zinc-500">No attempt to send this request to {destinationName} has been logged yet.</p>
          ) : (
            <ol className="divide-y divide-zinc-100 rounded-lg border border-zinc-200">
              {d.recentAttempts.map((a) => (
                <li key={a.id} className="px-3 py-2 text-sm">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <Badge tone={OUTCOME[a.outcome].tone}>{OUTCOME[a.outcome].label}</Badge>
                    <span className="text-zinc-800">{a.reasonCode ? describeReason(a.reasonCode, { destination: destinationName }).title : a.message}</span>
                    <span className="ml-auto text-xs text-zinc-500">
                      {describeTrigger(a.trigger)} · <LocalTime value={a.createdAt} />
                    </span>
                  </div>
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-indigo-600 select-none hover:text-indigo-500">
                      {a.calls.length} call{a.calls.length === 1 ? "" : "s"} to {destinationName}
                    </summary>
                    <div className="mt-2 space-y-2">
                      {a.reasonCode && a.message ? <p className="text-xs text-zinc-600">{a.message}</p> : null}
                      <CallList calls={a.calls} label={`Calls of the attempt at ${a.createdAt}`} destination={destinationName} />
                    </div>
                  </details>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </Card>
  );
}

function linkingCaption({ row, evidence, now }: { row: number | null; evidence: { user: unknown; fallback: unknown } | null; now: boolean }): string {
  if (row) return now ? `Re-check now: row ${row} applies to the requestor’s Vitally user today.` : `Row ${row} applied at the last push.`;
  const prefix = now ? "Re-check now: no" : "No";
  if (evidence && !evidence.user && evidence.fallback) return `${prefix} row applies: the requestor is not a Vitally user, so Ferry looked at their email’s domain instead (below).`;
  return `${prefix} row applies: Ferry did not look the requestor up in Vitally (see the reason above).`;
}
