"use client";

import Link from "next/link";
import { useState } from "react";
import type { ConversationDiagnostics as Diagnostics } from "@/lib/sync/vitally/conversations/get-conversation-diagnostics";
import { describeReason } from "@/lib/sync/reason-codes";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { useAction } from "@/components/settings/use-action";
import { CallList } from "@/components/diagnostics/call-list";
import { CONVERSATION_STATE } from "@/components/diagnostics/labels";
import { ReasonWords } from "@/components/diagnostics/reason-words";
import { describeTrigger, KIND, OUTCOME } from "@/components/sync-logs/labels";
import { skipHeldConversationMessageAction } from "@/app/(dashboard)/w/[workspace]/sync-logs/conversation-actions";

/**
 * A request's Vitally conversation, next to the request sync: the linked conversation, how many
 * customer-thread messages are synced / held / failed, each held message with its reason and the
 * fix (and Skip when skipping is the way out), and the recent conversation and message attempts.
 */
export function ConversationDiagnostics({
  workspaceSlug,
  requestId,
  diagnostics: d,
  canRetry,
  canBrowseSandbox,
}: {
  workspaceSlug: string;
  requestId: string;
  diagnostics: Diagnostics;
  canRetry: boolean;
  canBrowseSandbox: boolean;
}) {
  const skip = useAction(skipHeldConversationMessageAction, workspaceSlug);
  const [skipped, setSkipped] = useState<string | null>(null);
  const [skipping, setSkipping] = useState<string | null>(null);
  const state = CONVERSATION_STATE[d.state];
  const live = d.integrationStatus !== "DISCONNECTED";
  const quiet = d.state === "DISABLED" || d.state === "NOT_ELIGIBLE";
  const c = d.counts;

  return (
    <div role="region" aria-label="Vitally conversation">
      <Card>
        <div className="flex flex-wrap items-start justify-between gap-3 border-b border-zinc-100 px-5 py-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="text-sm font-semibold text-zinc-900">Vitally conversation</h3>
              <Badge tone={state.tone}>{state.label}</Badge>
            </div>
            <p className="mt-1 text-xs text-zinc-500">
              {d.conversationId ? (
                <>
                  Conversation <span className="font-mono">{d.conversationId}</span>
                </>
              ) : (
                "No conversation in Vitally yet"
              )}
              {d.lastSyncedAt ? (
                <>
                  {" "}
                  · last synced <LocalTime value={d.lastSyncedAt} />
                </>
              ) : d.lastAttemptAt ? (
                <>
                  {" "}
                  · last attempt <LocalTime value={d.lastAttemptAt} />
                </>
              ) : null}
            </p>
          </div>
          {d.conversationId && d.isSandbox && canBrowseSandbox ? (
            <Link
              href={`/w/${workspaceSlug}/integrations/${d.integrationId}/sandbox?tab=conversations#conversation-${d.conversationId}`}
              className="text-sm font-medium text-indigo-600 hover:text-indigo-500"
            >
              Open in the sandbox view
            </Link>
          ) : null}
        </div>

        <div className="space-y-4 px-5 py-4">
          <Alert
            tone={d.state === "SYNCED" ? "success" : d.state === "FAILED" ? "error" : quiet || d.state === "NEVER" || d.state === "PENDING" ? "info" : "warning"}
            title={d.title}
          >
            <ReasonWords explanation={d.explanation} fix={d.fix} />
          </Alert>

          {quiet ? null : (
            <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
              Customer-thread replies <span className="font-normal tracking-normal normal-case">(the opening message travels with the conversation)</span>
            </h4>
          )}
          {quiet ? null : (
            <dl aria-label="Customer-thread replies" className="grid grid-cols-3 gap-3 sm:grid-cols-5">
              <Count label="Synced" value={c.synced} tone="text-emerald-700" />
              <Count label="Held" value={c.held} tone={c.held ? "text-amber-700" : "text-zinc-900"} />
              <Count label="Failed" value={c.failed} tone={c.failed ? "text-red-700" : "text-zinc-900"} />
              <Count label="Skipped" value={c.skipped} tone="text-zinc-900" />
              <Count label="On their way" value={c.pending} tone="text-zinc-900" />
            </dl>
          )}
          {!quiet && c.internal > 0 ? (
            <p className="text-xs text-zinc-500">
              {c.internal} internal note{c.internal === 1 ? " stays" : "s stay"} out of the conversation by design: they reach Vitally only in the request record’s
              “Internal Thread” trait.
            </p>
          ) : null}

          {skip.error ? <Alert tone="error">The message was not skipped: {skip.error}</Alert> : null}
          {skipped ? <Alert tone="success">{skipped}</Alert> : null}

          {d.held.length > 0 ? (
            <section aria-label="Held messages" className="space-y-2">
              <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Messages waiting</h4>
              <ol className="divide-y divide-zinc-100 rounded-lg border border-zinc-200">
                {d.held.map((m) => (
                  <li key={m.messageId} className="space-y-1.5 px-3 py-3 text-sm">
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                      <Badge tone={m.state === "FAILED" ? "red" : "amber"}>{m.state === "FAILED" ? "Failed" : "Held"}</Badge>
                      <span className="font-medium text-zinc-900">{m.title}</span>
                      <span className="ml-auto text-xs text-zinc-500">
                        {m.author.name}
                        {m.author.email ? ` <${m.author.email}>` : ""} · <LocalTime value={m.sentAt} />
                      </span>
                    </div>
                    <blockquote className="border-l-2 border-zinc-200 pl-3 text-zinc-600">{m.excerpt}</blockquote>
                    {m.detail ? <p className="text-zinc-800">{m.detail}</p> : null}
                    <p className="text-zinc-600">{m.explanation}</p>
                    {m.fix ? (
                      <p className="text-zinc-600">
                        <span className="font-semibold text-zinc-800">What to do:</span> {m.fix}
                      </p>
                    ) : null}
                    {m.canSkip && canRetry && live ? (
                      <div className="flex items-center justify-end gap-3 pt-1">
                        <span className="text-xs text-zinc-500">Skipping leaves it out of Vitally and lets the later messages through.</span>
                        <Button
                          variant="secondary"
                          size="sm"
                          disabled={skip.pending}
                          aria-label={`Skip the message from ${m.author.name}`}
                          onClick={async () => {
                            setSkipped(null);
                            setSkipping(m.messageId);
                            const r = await skip.run({ requestId, messageId: m.messageId, integrationId: d.integrationId });
                            setSkipping(null);
                            if (r.ok) setSkipped(`Skipped the message from ${m.author.name}. The later messages go to Vitally in a moment.`);
                          }}
                        >
                          {skipping === m.messageId ? "Skipping…" : "Skip"}
                        </Button>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}

          {d.recentAttempts.length > 0 ? (
            <details className="rounded-lg border border-zinc-200 px-3 py-2">
              <summary className="cursor-pointer text-xs font-medium text-zinc-600 select-none">
                Recent conversation attempts ({d.recentAttempts.length})
              </summary>
              <ol className="mt-2 divide-y divide-zinc-100">
                {d.recentAttempts.map((a) => (
                  <li key={a.id} className="py-2 text-sm">
                    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                      <Badge tone={OUTCOME[a.outcome].tone}>{OUTCOME[a.outcome].label}</Badge>
                      <span className="text-xs text-zinc-500">{KIND[a.kind]}</span>
                      <span className="text-zinc-800">{a.reasonCode ? describeReason(a.reasonCode, { destination: "Vitally" }).title : a.message}</span>
                      <span className="ml-auto text-xs text-zinc-500">
                        {describeTrigger(a.trigger)} · <LocalTime value={a.createdAt} />
                      </span>
                    </div>
                    {a.reasonCode && a.message ? <p className="mt-1 text-xs text-zinc-600">{a.message}</p> : null}
                    {a.calls.length ? (
                      <div className="mt-1.5">
                        <CallList calls={a.calls} label={`Calls of the attempt at ${a.createdAt}`} />
                      </div>
                    ) : null}
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </div>
      </Card>
    </div>
  );
}

function Count({ label, value, tone }: { label: string; value: number; tone: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-zinc-50/60 px-3 py-2">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className={`mt-0.5 text-lg font-semibold tabular-nums ${tone}`}>{value}</dd>
    </div>
  );
}
