"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ConnectVitallyDialog, type SandboxPrefill } from "@/components/integrations/connect-vitally-dialog";
import { DestinationMark } from "@/components/integrations/destination-mark";

/** Vitally before it is connected: what it does, and "Add integration" for owners and admins. */
export function VitallyConnectCard({
  workspaceSlug,
  canManage,
  sandbox,
}: {
  workspaceSlug: string;
  canManage: boolean;
  sandbox: (SandboxPrefill & { url: string }) | null;
}) {
  const [open, setOpen] = useState<"blank" | "sandbox" | null>(null);
  return (
    <Card>
      <div className="flex flex-wrap items-start gap-4 px-5 py-4">
        <DestinationMark provider="VITALLY" />
        <div className="min-w-0 flex-1">
          <div className="flex items-center gap-2">
            <h2 className="text-sm font-semibold text-zinc-900">Vitally</h2>
            <Badge tone="gray">Not connected</Badge>
          </div>
          <p className="mt-1 max-w-2xl text-sm text-zinc-600">
            Each request becomes a “Ferry Requests” record in Vitally, attached to the requestor’s account or organization, with its status,
            urgency, assignee, CSAT, both threads and your custom tags and categories as traits, kept up to date as it changes.
          </p>
          {!canManage ? <p className="mt-2 text-sm text-zinc-500">An owner or admin connects it; ask one of them when your team is ready.</p> : null}
        </div>
        {canManage ? <Button onClick={() => setOpen("blank")}>Add integration</Button> : null}
      </div>
      {canManage && sandbox ? (
        <div className="flex flex-wrap items-center justify-between gap-3 border-t border-zinc-100 bg-sky-50/60 px-5 py-3">
          <div className="min-w-0 text-sm text-sky-900">
            <p className="font-medium">Vitally sandbox</p>
            <p className="text-sky-800">
              A local Vitally emulator with a demo customer base runs at <span className="font-mono">{sandbox.url}</span>. Connect it to watch
              requests land without a Vitally account.
            </p>
          </div>
          <Button variant="secondary" onClick={() => setOpen("sandbox")}>
            Use the sandbox
          </Button>
        </div>
      ) : null}
      {canManage ? (
        <ConnectVitallyDialog
          key={open ?? "closed"}
          open={open !== null}
          onClose={() => setOpen(null)}
          workspaceSlug={workspaceSlug}
          sandbox={sandbox}
          startWithSandbox={open === "sandbox"}
        />
      ) : null}
    </Card>
  );
}
