import Link from "next/link";
import type { Role } from "@/generated/prisma/enums";
import { can } from "@/lib/auth/roles";
import { getRequestSyncDiagnostics } from "@/lib/sync/diagnostics/get-request-sync-diagnostics";
import { getConversationDiagnostics } from "@/lib/sync/vitally/conversations/get-conversation-diagnostics";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PlugIcon } from "@/components/ui/icons";
import { ConversationDiagnostics } from "@/components/diagnostics/conversation-diagnostics";
import { DestinationDiagnostics } from "@/components/diagnostics/destination-diagnostics";
import { CONVERSATION_STATE, SYNC_STATE } from "@/components/diagnostics/labels";

/**
 * The request page's "Sync status": for each destination, whether and where the request synced;
 * for support leads and above also why not, the linking table (Vitally) or the matching rules with
 * the path taken (Salesforce) and the evidence, the fix, the recent attempts with their calls, and
 * Re-check now / Retry sync. Beside each Vitally destination, the
 * request's Vitally conversation (when the switch is on, or was when it synced).
 */
export async function SyncStatusSection({
  workspaceId,
  workspaceSlug,
  requestId,
  role,
}: {
  workspaceId: string;
  workspaceSlug: string;
  requestId: string;
  role: Role;
}) {
  const [diagnostics, allConversations] = await Promise.all([
    getRequestSyncDiagnostics({ workspaceId, requestId }),
    getConversationDiagnostics({ workspaceId, requestId }),
  ]);
  // The switch off and never synced: nothing to say about conversations for that integration.
  const conversations = allConversations.filter((c) => c.state !== "DISABLED" || c.conversationId !== null);
  const conversationOf = (integrationId: string) => conversations.find((c) => c.integrationId === integrationId) ?? null;
  const integrations = `/w/${workspaceSlug}/integrations`;

  if (diagnostics.length === 0) {
    return (
      <section aria-labelledby="sync-status" className="rounded-xl border border-dashed border-zinc-300 bg-zinc-50/60">
        <div className="flex items-start gap-3 px-5 py-4">
          <span className="mt-0.5 text-zinc-400">
            <PlugIcon />
          </span>
          <div>
            <h2 id="sync-status" className="text-sm font-semibold text-zinc-900">
              Sync status
            </h2>
            <p className="mt-1 text-sm text-zinc-600">
              No integration is connected yet, so this request has not been sent anywhere. Once an owner or admin connects Vitally or
              Salesforce in{" "}
              <Link href={integrations} className="font-medium text-indigo-600 hover:text-indigo-500">
                Integrations
              </Link>
              , this shows where the request was synced, when, and any error to fix.
            </p>
          </div>
        </div>
      </section>
    );
  }

  if (!can(role, "logs.read")) {
    return (
      <section aria-labelledby="sync-status">
        <Card>
          <CardHeader id="sync-status" title="Sync status" description="Support leads, admins and owners also see why a request did not sync and what to fix." />
          <ul className="divide-y divide-zinc-100 text-sm">
            {diagnostics.map((d) => {
              const conversation = conversationOf(d.integrationId);
              return (
                <li key={d.integrationId} className="space-y-2 px-5 py-3">
                  <div className="flex items-center justify-between gap-3">
                    <div className="min-w-0">
                      <p className="truncate font-medium text-zinc-900">{d.destination}</p>
                      <p className="text-zinc-600">{d.title}</p>
                    </div>
                    <Badge tone={SYNC_STATE[d.state].tone}>{SYNC_STATE[d.state].label}</Badge>
                  </div>
                  {conversation ? (
                    <div className="flex items-center justify-between gap-3">
                      <div className="min-w-0">
                        <p className="truncate font-medium text-zinc-900">Vitally conversation</p>
                        <p className="text-zinc-600">
                          {conversation.title} · {conversation.counts.synced} synced, {conversation.counts.held} held, {conversation.counts.failed} failed
                        </p>
                      </div>
                      <Badge tone={CONVERSATION_STATE[conversation.state].tone}>{CONVERSATION_STATE[conversation.state].label}</Badge>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Card>
      </section>
    );
  }

  return (
    <section aria-labelledby="sync-status" className="space-y-3">
      <h2 id="sync-status" className="text-sm font-semibold text-zinc-900">
        Sync status
      </h2>
      {diagnostics.map((d) => {
        const conversation = conversationOf(d.integrationId);
        return (
          <div key={d.integrationId} className="space-y-3">
            <DestinationDiagnostics
              workspaceSlug={workspaceSlug}
              requestId={requestId}
              diagnostics={d}
              canRetry={can(role, "sync.retry")}
              canBrowseSandbox={can(role, "integrations.manage")}
            />
            {conversation ? (
              <ConversationDiagnostics
                workspaceSlug={workspaceSlug}
                requestId={requestId}
                diagnostics={conversation}
                canRetry={can(role, "sync.retry")}
                canBrowseSandbox={can(role, "integrations.manage")}
              />
            ) : null}
          </div>
        );
      })}
    </section>
  );
}
