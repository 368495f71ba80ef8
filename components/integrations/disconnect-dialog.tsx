"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/settings/use-action";
import type { ActionResult } from "@/app/_lib/action";

/**
 * Asks before it stops all syncing to a destination; the history stays. Each destination passes
 * its own disconnect action (Salesforce's also revokes the grant) and says what disconnecting means there.
 */
export function DisconnectDialog({
  open,
  onClose,
  workspaceSlug,
  integrationId,
  action,
  title,
  description,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  integrationId: string;
  action: (workspaceSlug: string, input: { integrationId: string }) => Promise<ActionResult<unknown>>;
  title: string;
  description: string;
}) {
  const disconnect = useAction(action, workspaceSlug);
  function close() {
    disconnect.reset();
    onClose();
  }
  return (
    <Dialog
      open={open}
      onClose={close}
      title={title}
      description={description}
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
