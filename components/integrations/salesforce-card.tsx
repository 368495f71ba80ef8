"use client";

import Link from "next/link";
import { useState } from "react";
import type { SalesforceIntegrationCard } from "@/lib/integrations/salesforce/get-salesforce-integration";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { DestinationMark } from "@/components/integrations/destination-mark";
import { ConnectSalesforceDialog, type SalesforceConnectOptions } from "@/components/integrations/salesforce/connect-salesforce-dialog";
import { disconnectSalesforceAction } from "@/app/(dashboard)/w/[workspace]/integrations/salesforce-actions";
import { DisconnectDialog } from "@/components/integrations/disconnect-dialog";
import { SalesforceApiUsageMeter } from "@/components/integrations/salesforce/salesforce-api-usage";
import { SalesforceSettingsSwitches } from "@/components/integrations/salesforce/salesforce-settings";
import { SalesforceSetupPanel } from "@/components/integrations/salesforce/salesforce-setup-panel";

/** Salesforce on the Integrations page: "Add integration" before it is connected, the connected org's card after. */
export function SalesforceCard({
  workspaceSlug,
  integration,
  canManage,
  connect,
  reconnectOpen = false,
}: {
  workspaceSlug: string;
  integration: SalesforceIntegrationCard | null;
  canManage: boolean;
  connect: SalesforceConnectOptions;
  reconnectOpen?: boolean;
}) {
  return integration ? (
    <ConnectedCard workspaceSlug={workspaceSlug} i={integration} canManage={canManage} connect={connect} reconnectOpen={reconnectOpen} />
  ) : (
    <ConnectCard workspaceSlug={workspaceSlug} canManage={canManage} connect={connect} />
  );
}

function ConnectCard({ workspaceSlug, canManage, connect }: { workspaceSlug: string; canManage: boolean; connect: SalesforceConnectOptions }) {
  const [open, setOpen] = useState<"blank" | "emulator" | null>(null);
  return (
    <Card>
      <section aria-labelledby="salesforce-heading">
        <div className="flex flex-wrap items-start gap-4 px-5 py-4">
          <DestinationMark provider="SALESFORCE" />
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-2">
              <h2 id="salesforce-heading" className="text-sm font-semibold text-zinc-900">
                Salesforce
              </h2>
              <Badge tone="gray">Not connected</Badge>
            </div>
            <p className="mt-1 max-w-2xl text-sm text-zinc-600">
              Each request becomes a Request record (Request__c) linked to the requestor’s Contact and Account, with its status, assignee, CSAT, both
              threads and your custom tags and categories, kept up to date as it changes. Ferry creates the object and its fields in your org itself.
            </p>
            {!canManage ? <p className="mt-2 text-sm text-zinc-500">An owner or admin connects it; ask one of them when your team is ready.</p> : null}
          </div>
          {canManage ? <Button onClick={() => setOpen("blank")}>Add integration</Button> : null}
        </div>
        {canManage && connect.emulatorUrl ? (
          <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-100 bg-sky-50/60 px-5 py-3">
            <div className="min-w-0 text-sm text-sky-900">
              <p className="font-medium">Salesforce emulator</p>
              <p className="text-sky-800">
                A local Salesforce emulator with a demo org runs at <span className="font-mono">{connect.emulatorUrl}</span>. Connect it to watch
                requests become Request records without a Salesforce org.
              </p>
            </div>
            <Button variant="secondary" onClick={() => setOpen("emulator")}>
              Use the emulator
            </Button>
          </div>
        ) : null}
      </section>
      {canManage ? (
        <ConnectSalesforceDialog
          key={open ?? "closed"}
          open={open !== null}
          onClose={() => setOpen(null)}
          workspaceSlug={workspaceSlug}
          options={connect}
          initial={open === "emulator" ? { emulator: true } : undefined}
        />
      ) : null}
    </Card>
  );
}

function ConnectedCard({
  workspaceSlug,
  i,
  canManage,
  connect,
  reconnectOpen,
}: {
  workspaceSlug: string;
  i: SalesforceIntegrationCard;
  canManage: boolean;
  connect: SalesforceConnectOptions;
  reconnectOpen: boolean;
}) {
  const [reconnecting, setReconnecting] = useState(reconnectOpen && canManage);
  const [disconnecting, setDisconnecting] = useState(false);
  const logs = (extra: string) => `/w/${workspaceSlug}/sync-logs?destination=salesforce&range=24h${extra}`;
  const instanceHost = new URL(i.instanceUrl).host;

  return (
    <Card className="overflow-hidden">
      <section aria-labelledby="salesforce-heading">
        <div id={`integration-${i.id}`} className="flex flex-wrap items-start gap-4 border-b border-zinc-100 px-5 py-4">
          <DestinationMark provider="SALESFORCE" />
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <h2 id="salesforce-heading" className="text-sm font-semibold text-zinc-900">
                Salesforce
              </h2>
              {i.status === "NEEDS_ATTENTION" ? <Badge tone="amber">Needs attention</Badge> : <Badge tone="green">Connected</Badge>}
              {i.pausedUntil ? <Badge tone="amber">Paused</Badge> : null}
              <Badge tone={i.environment === "sandbox" ? "violet" : "blue"}>{i.environment === "sandbox" ? "Sandbox org" : "Production org"}</Badge>
              {i.emulator ? <Badge tone="violet">Emulator</Badge> : null}
            </div>
            <dl className="mt-1 grid gap-x-6 gap-y-0.5 text-sm sm:grid-cols-[auto_minmax(0,1fr)]">
              <dt className="text-zinc-500">Org</dt>
              <dd className="font-mono text-zinc-800">{i.orgId}</dd>
              <dt className="text-zinc-500">Signed in as</dt>
              <dd className="truncate text-zinc-800">{i.username}</dd>
              <dt className="text-zinc-500">Instance</dt>
              <dd className="truncate text-zinc-800">{instanceHost}</dd>
            </dl>
            <p className="mt-1 text-xs text-zinc-500">
              Connected <LocalTime value={i.connectedAt} />
            </p>
          </div>
          {canManage ? (
            <div className="flex flex-wrap gap-2">
              {i.emulator ? (
                <ButtonLink href={`/w/${workspaceSlug}/integrations/${i.id}/salesforce`} variant="secondary" size="sm">
                  Browse the emulator org
                </ButtonLink>
              ) : null}
              <Button variant="secondary" size="sm" onClick={() => setReconnecting(true)}>
                Reconnect
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
              title="Salesforce no longer accepts Ferry’s sign-in: syncing is held back"
              action={
                canManage ? (
                  <Button size="sm" onClick={() => setReconnecting(true)}>
                    Reconnect
                  </Button>
                ) : null
              }
            >
              {i.attentionReason ?? "The access was revoked or has expired."}
              {i.attentionSince ? (
                <>
                  {" "}
                  (since <LocalTime value={i.attentionSince} />)
                </>
              ) : null}{" "}
              Nothing is lost: {i.heldBack} push{i.heldBack === 1 ? " is" : "es are"} waiting and go out once the same org is reconnected.
              {canManage ? "" : " Ask an owner or admin to reconnect Salesforce."}
            </Alert>
          ) : null}
          {i.pausedUntil ? (
            <Alert tone="warning" title="Pushes are paused: the org’s daily API allocation is nearly used up">
              {i.pauseReason ?? "Salesforce counts API calls over a rolling 24 hours."} Ferry tries again <LocalTime value={i.pausedUntil} />; nothing is
              lost, {i.heldBack} push{i.heldBack === 1 ? " waits" : "es wait"} until then.
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
              <span className="font-semibold text-zinc-900">{i.heldBack}</span> {i.heldBack === 0 ? "nothing waiting" : `push${i.heldBack === 1 ? "" : "es"} waiting`}
            </Stat>
            <Stat label="Salesforce API calls">
              <SalesforceApiUsageMeter workspaceSlug={workspaceSlug} integrationId={i.id} />
            </Stat>
          </dl>

          <section aria-labelledby={`settings-${i.id}`} className="space-y-3">
            <h3 id={`settings-${i.id}`} className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
              What Ferry sends
            </h3>
            <SalesforceSettingsSwitches workspaceSlug={workspaceSlug} integrationId={i.id} settings={i.settings} canManage={canManage} />
          </section>

          <section aria-labelledby={`setup-${i.id}`} className="space-y-3">
            <h3 id={`setup-${i.id}`} className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
              Set-up: Request__c in Salesforce
            </h3>
            <SalesforceSetupPanel workspaceSlug={workspaceSlug} integrationId={i.id} setup={i.setup} canManage={canManage} />
          </section>
        </div>
      </section>

      {canManage ? (
        <>
          <ConnectSalesforceDialog
            key={reconnecting ? "reconnect" : "closed"}
            open={reconnecting}
            onClose={() => setReconnecting(false)}
            workspaceSlug={workspaceSlug}
            options={connect}
            initial={{ environment: i.environment, emulator: i.emulator }}
            reconnect={{ username: i.username }}
          />
          <DisconnectDialog
            open={disconnecting}
            onClose={() => setDisconnecting(false)}
            workspaceSlug={workspaceSlug}
            integrationId={i.id}
            action={disconnectSalesforceAction}
            title="Disconnect Salesforce?"
            description={`Ferry stops sending requests to org ${i.orgId} at once and ends its access there (the sign-in is revoked). Sync logs and each request’s sync history stay; the Request records Ferry created stay in Salesforce.`}
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
