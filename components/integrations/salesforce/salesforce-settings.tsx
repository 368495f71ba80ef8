"use client";

import { useState } from "react";
import type { SalesforceSettings } from "@/lib/integrations/salesforce/settings";
import { useAction } from "@/components/settings/use-action";
import { Switch } from "@/components/integrations/switch";
import { updateSalesforceSettingsAction } from "@/app/(dashboard)/w/[workspace]/integrations/salesforce-actions";

const SWITCHES: { key: keyof SalesforceSettings; label: string; on: string; off: string }[] = [
  {
    key: "pushNew",
    label: "Push new requests to Salesforce",
    on: "Requests created since the connection become Request records on the requestor’s Account and Contact.",
    off: "New requests stay in Ferry; their sync logs say that this switch is off.",
  },
  {
    key: "updateExisting",
    label: "Update existing requests on Salesforce",
    on: "Changes to requests already in Salesforce (fields and threads) are sent as they happen; the latest state wins.",
    off: "Request records keep the state they were last sent with.",
  },
];

/** The two switches of a Salesforce integration, saved as they are flipped (owners and admins). */
export function SalesforceSettingsSwitches({
  workspaceSlug,
  integrationId,
  settings,
  canManage,
}: {
  workspaceSlug: string;
  integrationId: string;
  settings: SalesforceSettings;
  canManage: boolean;
}) {
  const update = useAction(updateSalesforceSettingsAction, workspaceSlug);
  // What the person last chose, shown at once; the server's answer replaces it.
  const [shown, setShown] = useState(settings);
  const [saved, setSaved] = useState(settings);
  if (saved.pushNew !== settings.pushNew || saved.updateExisting !== settings.updateExisting) {
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
            setShown(result.ok ? result.data : saved);
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
