"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/settings/use-action";
import { Switch } from "@/components/integrations/switch";
import {
  ConversationSettingsFields,
  conversationFormError,
  conversationSettingsInput,
  type ConversationSettings,
} from "@/components/integrations/conversation-settings-fields";
import { generalError, VitallyCredentialFields, type VitallyCredentials } from "@/components/integrations/vitally-credential-fields";
import { checkVitallyCredentialsAction, connectVitallyAction } from "@/app/(dashboard)/w/[workspace]/integrations/actions";

export type SandboxPrefill = { apiUrl: string; key: string };

/**
 * "Add integration" for Vitally: the credentials, checked with one cheap call (Continue), then
 * what to sync (both request switches on by default; conversations off until a default admin is
 * given, checked against Vitally on Connect), then Connect.
 */
export function ConnectVitallyDialog({
  open,
  onClose,
  workspaceSlug,
  sandbox,
  startWithSandbox = false,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  sandbox: SandboxPrefill | null;
  startWithSandbox?: boolean;
}) {
  const empty = { apiUrl: "", auth: "" };
  const [credentials, setCredentials] = useState<VitallyCredentials>(startWithSandbox && sandbox ? { apiUrl: sandbox.apiUrl, auth: sandbox.key } : empty);
  const [verified, setVerified] = useState<{ message: string } | null>(null);
  const [settings, setSettings] = useState({ pushNewRequests: true, updateExistingRequests: true });
  const noConversations: ConversationSettings = { syncConversations: false, defaultAdminEmail: "" };
  const [conversations, setConversations] = useState(noConversations);
  const check = useAction(checkVitallyCredentialsAction, workspaceSlug);
  const connect = useAction(connectVitallyAction, workspaceSlug);

  function close() {
    setCredentials(startWithSandbox && sandbox ? { apiUrl: sandbox.apiUrl, auth: sandbox.key } : empty);
    setVerified(null);
    setSettings({ pushNewRequests: true, updateExistingRequests: true });
    setConversations(noConversations);
    check.reset();
    connect.reset();
    onClose();
  }

  if (verified) {
    const problem = conversationFormError(connect.error, connect.fields);
    return (
      <Dialog
        open={open}
        onClose={close}
        title="Choose what Ferry sends to Vitally"
        description="Only requests created from now on are sent; requests already in Ferry stay where they are."
        footer={
          <>
            <Button variant="secondary" onClick={() => setVerified(null)} disabled={connect.pending}>
              Back
            </Button>
            <Button
              onClick={async () => {
                const result = await connect.run({ ...credentials, settings: { ...settings, ...conversationSettingsInput(conversations) } });
                if (result.ok) close();
              }}
              disabled={connect.pending}
              data-autofocus
            >
              {connect.pending ? "Connecting…" : "Connect Vitally"}
            </Button>
          </>
        }
      >
        <div className="space-y-5">
          <Alert tone="success" title="Credentials work">
            {verified.message}
          </Alert>
          {problem ? <Alert tone="error">{problem}</Alert> : null}
          <Switch
            checked={settings.pushNewRequests}
            onChange={(pushNewRequests) => setSettings((s) => ({ ...s, pushNewRequests }))}
            label="Push new requests to Vitally"
            description="Each new request becomes a “Ferry Requests” record on the requestor’s account or organization."
          />
          <Switch
            checked={settings.updateExistingRequests}
            onChange={(updateExistingRequests) => setSettings((s) => ({ ...s, updateExistingRequests }))}
            label="Update existing requests on Vitally"
            description="Status, assignee, CSAT, tags and both threads are kept up to date as they change."
          />
          <div className="border-t border-zinc-100 pt-4">
            <ConversationSettingsFields
              value={conversations}
              onChange={setConversations}
              fields={{ ...connect.fields, defaultAdminEmail: connect.fields.defaultAdminEmail ?? connect.fields["settings.defaultAdminEmail"] }}
              idPrefix="connect-vitally"
              disabled={connect.pending}
            />
          </div>
        </div>
      </Dialog>
    );
  }

  const problem = generalError(check.error, check.fields);
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Connect Vitally"
      description="Ferry checks the credentials with one read-only call before anything is saved."
      className="w-[min(36rem,calc(100vw-2rem))]"
    >
      <form
        noValidate
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const result = await check.run(credentials);
          if (result.ok) setVerified({ message: result.data.message });
        }}
      >
        {sandbox ? (
          <div className="flex items-center justify-between gap-3 rounded-lg border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
            <p>No Vitally account at hand? This Ferry runs a Vitally sandbox with a demo customer base.</p>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                setCredentials({ apiUrl: sandbox.apiUrl, auth: sandbox.key });
                check.reset();
              }}
            >
              Use the sandbox
            </Button>
          </div>
        ) : null}
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        <VitallyCredentialFields value={credentials} onChange={setCredentials} fields={check.fields} idPrefix="connect-vitally" />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" disabled={check.pending}>
            {check.pending ? "Checking…" : "Continue"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
