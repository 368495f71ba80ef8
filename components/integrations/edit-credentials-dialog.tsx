"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/settings/use-action";
import { generalError, VitallyCredentialFields } from "@/components/integrations/vitally-credential-fields";
import { updateVitallyCredentialsAction } from "@/app/(dashboard)/w/[workspace]/integrations/actions";

/**
 * New credentials for the connected Vitally instance, checked before they replace the old ones;
 * no disconnect needed. An integration that needed attention resumes with them.
 */
export function EditCredentialsDialog({
  open,
  onClose,
  workspaceSlug,
  integrationId,
  baseUrl,
  credentialHint,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  integrationId: string;
  baseUrl: string;
  credentialHint: string;
  onSaved: (message: string) => void;
}) {
  const [credentials, setCredentials] = useState({ apiUrl: baseUrl, auth: "" });
  const save = useAction(updateVitallyCredentialsAction, workspaceSlug);

  function close() {
    setCredentials({ apiUrl: baseUrl, auth: "" });
    save.reset();
    onClose();
  }

  const problem = generalError(save.error, save.fields);
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Update the Vitally credentials"
      description={`Ferry now uses the key ${credentialHint}. The new one is checked with one read-only call before it replaces it; it must belong to the same Vitally instance.`}
      className="w-[min(36rem,calc(100vw-2rem))]"
    >
      <form
        noValidate
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = await save.run({ integrationId, ...credentials });
          if (result.ok) {
            onSaved(
              result.data.resumed
                ? `Credentials updated (${result.data.credentialHint}). Syncing resumed; the pushes held back are being sent.`
                : `Credentials updated (${result.data.credentialHint}).`,
            );
            close();
          }
        }}
      >
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        <VitallyCredentialFields value={credentials} onChange={setCredentials} fields={save.fields} idPrefix="edit-vitally" focus="auth" />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={save.pending}>
            {save.pending ? "Checking…" : "Save credentials"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
