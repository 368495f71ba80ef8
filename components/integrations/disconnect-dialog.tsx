"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/settings/use-action";
import { disconnectIntegrationAction } from "@/app/(dashboard)/w/[workspace]/integrations/actions";

/** Asks before it stops all syncing to the destination; the history stays. */
export function DisconnectDialog({
  open,
  onClose,
  workspaceSlug,
  integrationId,
  destination,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  integrationId: string;
  destination: string;
}) {
  const disconnect = useAction(disconnectIntegrationAction, workspaceSlug);
  function close() {
    disconnect.reset();
    onClose();
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Disconnect Vitally?"
      description={`Ferry stops sending requests to ${destination} at once, and the stored key is no longer used. Sync logs and each request’s sync history stay; what Ferry created in Vitally stays there.`}
      footer={
        <>
          <Button variant="secondary" onClick={close} data-autofocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            disabled={disconnect.pending}
            onClick={async () => {
              const result = await disconnect.run({ integrationId });
              if (result.ok) close();
            }}
          >
            {disconnect.pending ? "Disconnecting…" : "Disconnect"}
          </Button>
        </>
      }
    >
      {disconnect.error ? <Alert tone="error">{disconnect.error}</Alert> : <p className="text-sm text-zinc-600">You can connect it again later; requests created while it was disconnected are not sent.</p>}
    </Dialog>
  );
}
