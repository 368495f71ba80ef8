"use client";

import Link from "next/link";
import { useState } from "react";
import type { IntegrationCard } from "@/lib/integrations/list-integrations";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { disconnectIntegrationAction } from "@/app/(dashboard)/w/[workspace]/integrations/actions";
import { DisconnectDialog } from "@/components/integrations/disconnect-dialog";
import { EditCredentialsDialog } from "@/components/integrations/edit-credentials-dialog";
import { IntegrationSettings } from "@/components/integrations/integration-settings";
import { DestinationMark } from "@/components/integrations/destination-mark";
import { SchemaPanel } from "@/components/integrations/schema-panel";

/** A connected Vitally integration: state, key hint, recent outcomes, switches, schema, actions. */
export function VitallyIntegrationCard({
  workspaceSlug,
  integration: i,
  canManage,
  editOpen = false,
}: {
  workspaceSlug: string;
  integration: IntegrationCard;
  canManage: boolean;
  editOpen?: boolean;
}) {
  const [editing, setEditing] = useState(editOpen && canManage);
  const [disconnecting, setDisconnecting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const logs = (extra: string) => `/w/${workspaceSlug}/sync-logs?destination=vitally&range=24h${extra}`;
  const budgetShare = Math.min(1, i.budget.usedThisMinute / i.budget.limit);

  return (
    <Card className="overflow-hidden">
      <div id={`integration-${i.id}`} className="flex flex-wrap items-start gap-4 border-b border-zinc-100 px-5 py-4">
        <DestinationMark provider="VITALLY" />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-sm font-semibold text-zinc-900">Vitally</h2>
            {i.status === "NEEDS_ATTENTION" ? <Badge tone="amber">Needs attention</Badge> : <Badge tone="green">Connected</Badge>}
            {i.isSandbox ? <Badge tone="violet">Sandbox</Badge> : null}
          </div>
          <p className="mt-0.5 truncate text-sm text-zinc-700">{i.destination}</p>
          <p className="mt-0.5 text-xs text-zinc-500">
            Key <code className="font-mono">{i.credentialHint}</code> · connected <LocalTime value={i.connectedAt} />
          </p>
        </div>
        {canManage ? (
          <div className="flex flex-wrap gap-2">
            {i.isSandbox ? (
              <ButtonLink href={`/w/${workspaceSlug}/integrations/${i.id}/sandbox`} variant="secondary" size="sm">
                Browse the sandbox
              </ButtonLink>
            ) : null}
            <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
              Edit credentials
            </Button>
            <Button variant="ghost-danger" size="sm" onClick={() => setDisconnecting(true)}>
              Disconnect
            </Button>
          </div>
        ) : null}
      </div>

      <div className="space-y-5 px-5 py-4">
        {i.status === "NEEDS_ATTENTION" ? (
          <Alert
            tone="warning"
            title="Vitally rejected Ferry’s credentials: syncing is held back"
            action={
              canManage ? (
                <Button size="sm" onClick={() => setEditing(true)}>
                  Update credentials
                </Button>
              ) : null
            }
          >
            {i.attentionReason ?? "The key no longer works."}
            {i.attentionSince ? (
              <>
                {" "}
                (since <LocalTime value={i.attentionSince} />)
              </>
            ) : null}
            . Nothing is lost: {i.heldBack} push{i.heldBack === 1 ? " is" : "es are"} waiting and go out once the credentials work.
            {canManage ? "" : " Ask an owner or admin to update the credentials."}
          </Alert>
        ) : null}
        {notice ? (
          <Alert tone="success" className="items-center">
            {notice}
          </Alert>
        ) : null}

        <dl className="grid gap-3 sm:grid-cols-3">
          <Stat label="Last 24 hours">
            <span className="flex flex-wrap gap-x-3 gap-y-1">
              <Link href={logs("&outcome=synced")} className="hover:underline">
                <span className="font-semibold text-emerald-700">{i.last24h.synced}</span> synced
              </Link>
              <Link href={logs("&outcome=skipped")} className="hover:underline">
                <span className="font-semibold text-amber-700">{i.last24h.skipped}</span> skipped
              </Link>
              <Link href={logs("&outcome=failed")} className="hover:underline">
                <span className="font-semibold text-red-700">{i.last24h.failed}</span> failed
              </Link>
            </span>
          </Stat>
          <Stat label="Held back">
            <span className="font-semibold text-zinc-900">{i.heldBack}</span>{" "}
            {i.heldBack === 0 ? "nothing waiting" : `push${i.heldBack === 1 ? "" : "es"} waiting for the credentials`}
          </Stat>
          <Stat label="Vitally calls this minute">
            <span className="font-semibold text-zinc-900">{i.budget.usedThisMinute}</span> of {i.budget.limit} allowed
            <span
              role="meter"
              aria-label="Share of the per-minute call budget used"
              aria-valuemin={0}
              aria-valuemax={i.budget.limit}
              aria-valuenow={i.budget.usedThisMinute}
              className="mt-1.5 block h-1.5 overflow-hidden rounded-full bg-zinc-100"
            >
              <span className={`block h-full rounded-full ${budgetShare > 0.8 ? "bg-amber-500" : "bg-indigo-500"}`} style={{ width: `${budgetShare * 100}%` }} />
            </span>
          </Stat>
        </dl>

        <section aria-labelledby={`settings-${i.id}`} className="space-y-3">
          <h3 id={`settings-${i.id}`} className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
            What Ferry sends
          </h3>
          <IntegrationSettings workspaceSlug={workspaceSlug} integrationId={i.id} settings={i.settings} canManage={canManage} />
        </section>

        <section aria-labelledby={`schema-${i.id}`} className="space-y-3">
          <h3 id={`schema-${i.id}`} className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
            Schema: “Ferry Requests” in Vitally
          </h3>
          <SchemaPanel workspaceSlug={workspaceSlug} integrationId={i.id} schema={i.schema} canManage={canManage} />
        </section>
      </div>

      {canManage ? (
        <>
          <EditCredentialsDialog
            open={editing}
            onClose={() => setEditing(false)}
            workspaceSlug={workspaceSlug}
            integrationId={i.id}
            baseUrl={i.baseUrl}
            credentialHint={i.credentialHint}
            onSaved={setNotice}
          />
          <DisconnectDialog
            open={disconnecting}
            onClose={() => setDisconnecting(false)}
            workspaceSlug={workspaceSlug}
            integrationId={i.id}
            action={disconnectIntegrationAction}
            title="Disconnect Vitally?"
            description={`Ferry stops sending requests to ${i.destination} at once, and the stored key is no longer used. Sync logs and each request’s sync history stay; what Ferry created in Vitally stays there.`}
          />
        </>
      ) : null}
    </Card>
  );
}

function Stat({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-zinc-50/60 px-3 py-2.5">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-1 text-sm text-zinc-700">{children}</dd>
    </div>
  );
}
