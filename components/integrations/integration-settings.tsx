"use client";

import { useState } from "react";
import { useAction } from "@/components/settings/use-action";
import { Switch } from "@/components/integrations/switch";
import { updateVitallySettingsAction } from "@/app/(dashboard)/w/[workspace]/integrations/actions";

type Settings = { pushNewRequests: boolean; updateExistingRequests: boolean };

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

/** The two switches of a Vitally integration; owners and admins change them, others see them. */
export function IntegrationSettings({
  workspaceSlug,
  integrationId,
  settings,
  canManage,
}: {
  workspaceSlug: string;
  integrationId: string;
  settings: Settings;
  canManage: boolean;
}) {
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
      {!canManage ? <p className="text-xs text-zinc-500">Owners and admins change these settings.</p> : null}
    </div>
  );
}
