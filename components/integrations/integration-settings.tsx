"use client";

import { useState } from "react";
import type { VitallySettings } from "@/lib/integrations/vitally/settings";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/settings/use-action";
import { Switch } from "@/components/integrations/switch";
import {
  ConversationSettingsFields,
  conversationFormError,
  conversationSettingsInput,
  type ConversationSettings,
} from "@/components/integrations/conversation-settings-fields";
import { updateVitallySettingsAction } from "@/app/(dashboard)/w/[workspace]/integrations/actions";

type Settings = Pick<VitallySettings, "pushNewRequests" | "updateExistingRequests">;

const SWITCHES: { key: keyof Settings; label: string; on: string; off: string }[] = [
  {
    key: "pushNewRequests",
    label: "Push new requests to Vitally",
    on: "Requests created since the connection are sent to Vitally.",
    off: "New requests stay in Ferry; their sync logs say that this switch is off.",
  },
  {
    key: "updateExistingRequests",
    label: "Update existing requests on Vitally",
    on: "Changes to requests already in Vitally (fields and threads) are sent as they happen.",
    off: "Requests already in Vitally keep the state they were last sent with.",
  },
];

/**
 * The switches of a Vitally integration: the two request switches save as they are flipped; the
 * conversation switch and the default admin are saved together (Vitally checks them first).
 * Owners and admins change them, others see them.
 */
export function IntegrationSettings({
  workspaceSlug,
  integrationId,
  settings,
  canManage,
}: {
  workspaceSlug: string;
  integrationId: string;
  settings: VitallySettings;
  canManage: boolean;
}) {
  return (
    <div className="space-y-6">
      <RequestSwitches workspaceSlug={workspaceSlug} integrationId={integrationId} settings={settings} canManage={canManage} />
      <ConversationSettingsForm workspaceSlug={workspaceSlug} integrationId={integrationId} settings={settings} canManage={canManage} />
      {!canManage ? <p className="text-xs text-zinc-500">Owners and admins change these settings.</p> : null}
    </div>
  );
}

function RequestSwitches({
  workspaceSlug,
  integrationId,
  settings: stored,
  canManage,
}: {
  workspaceSlug: string;
  integrationId: string;
  settings: VitallySettings;
  canManage: boolean;
}) {
  const settings: Settings = { pushNewRequests: stored.pushNewRequests, updateExistingRequests: stored.updateExistingRequests };
  const update = useAction(updateVitallySettingsAction, workspaceSlug);
  // What the person last chose, shown at once; the server's answer replaces it.
  const [shown, setShown] = useState(settings);
  const [saved, setSaved] = useState(settings);
  if (saved.pushNewRequests !== settings.pushNewRequests || saved.updateExistingRequests !== settings.updateExistingRequests) {
    setSaved(settings);
    setShown(settings);
  }

  return (
    <div className="space-y-4">
      {SWITCHES.map((s) => (
        <Switch
          key={s.key}
          checked={shown[s.key]}
          disabled={!canManage || update.pending}
          busy={update.pending}
          label={s.label}
          description={shown[s.key] ? s.on : s.off}
          onChange={async (next) => {
            setShown((current) => ({ ...current, [s.key]: next }));
            const result = await update.run({ integrationId, [s.key]: next });
            setShown(result.ok ? { pushNewRequests: result.data.pushNewRequests, updateExistingRequests: result.data.updateExistingRequests } : saved);
          }}
        />
      ))}
      {update.error ? (
        <p role="alert" className="text-xs font-medium text-red-600">
          The setting was not saved: {update.error}
        </p>
      ) : null}
    </div>
  );
}

const fromStored = (s: VitallySettings): ConversationSettings => ({ syncConversations: s.syncConversations, defaultAdminEmail: s.defaultAdminEmail ?? "" });

function ConversationSettingsForm({
  workspaceSlug,
  integrationId,
  settings,
  canManage,
}: {
  workspaceSlug: string;
  integrationId: string;
  settings: VitallySettings;
  canManage: boolean;
}) {
  const update = useAction(updateVitallySettingsAction, workspaceSlug);
  const stored = fromStored(settings);
  const [value, setValue] = useState(stored);
  const [saved, setSaved] = useState(stored);
  const [notice, setNotice] = useState<string | null>(null);
  if (saved.syncConversations !== stored.syncConversations || saved.defaultAdminEmail !== stored.defaultAdminEmail) {
    setSaved(stored);
    setValue(stored);
  }
  const dirty = value.syncConversations !== saved.syncConversations || value.defaultAdminEmail.trim().toLowerCase() !== saved.defaultAdminEmail;
  const problem = conversationFormError(update.error, update.fields);

  return (
    <form
      noValidate
      aria-label="Vitally conversations"
      className="space-y-3 border-t border-zinc-100 pt-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setNotice(null);
        const result = await update.run({ integrationId, ...conversationSettingsInput(value) });
        if (result.ok) {
          const next = fromStored(result.data);
          setSaved(next);
          setValue(next);
          const admin = result.data.defaultAdminEmail ? `${result.data.defaultAdminName ?? result.data.defaultAdminEmail} (${result.data.defaultAdminEmail})` : null;
          setNotice(
            result.data.syncConversations
              ? `Saved. Customer threads of new requests go to Vitally as conversations; ${admin} stands in when no teammate is a Vitally admin.`
              : admin
                ? `Saved. Conversations are off; ${admin} is the default admin when they are turned on.`
                : "Saved. Conversations are off.",
          );
        }
      }}
    >
      <ConversationSettingsFields
        value={value}
        onChange={(next) => {
          setValue(next);
          setNotice(null);
        }}
        fields={update.fields}
        idPrefix={`integration-${integrationId}`}
        disabled={!canManage || update.pending}
      />
      {problem ? <Alert tone="error">The conversation settings were not saved: {problem}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      {canManage ? (
        <div className="flex justify-end gap-2">
          {dirty ? (
            <Button
              variant="secondary"
              size="sm"
              onClick={() => {
                setValue(saved);
                update.reset();
              }}
              disabled={update.pending}
            >
              Undo changes
            </Button>
          ) : null}
          <Button type="submit" size="sm" disabled={!dirty || update.pending}>
            {update.pending ? "Checking with Vitally…" : "Save conversation settings"}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
