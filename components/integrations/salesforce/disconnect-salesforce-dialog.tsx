"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/settings/use-action";
import { disconnectSalesforceAction } from "@/app/(dashboard)/w/[workspace]/integrations/salesforce-actions";

/** Asks before it stops all syncing to Salesforce and ends Ferry's access there; the history stays. */
export function DisconnectSalesforceDialog({
  open,
  onClose,
  workspaceSlug,
  integrationId,
  org,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  integrationId: string;
  org: string;
}) {
  const disconnect = useAction(disconnectSalesforceAction, workspaceSlug);
  function close() {
    disconnect.reset();
    onClose();
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Disconnect Salesforce?"
      description={`Ferry stops sending requests to org ${org} at once and ends its access there (the sign-in is revoked). Sync logs and each request’s sync history stay; the Request records Ferry created stay in Salesforce.`}
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
      {disconnect.error ? (
        <Alert tone="error">{disconnect.error}</Alert>
      ) : (
        <p className="text-sm text-zinc-600">You can connect it again later; requests created while it was disconnected are not sent.</p>
      )}
    </Dialog>
  );
}
