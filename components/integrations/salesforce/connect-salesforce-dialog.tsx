"use client";

import { useId, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/settings/use-action";
import { startSalesforceConnectAction } from "@/app/(dashboard)/w/[workspace]/integrations/salesforce-actions";

export type SalesforceConnectOptions = {
  /** The operator configured an External Client App (SALESFORCE_CLIENT_ID / SECRET). */
  appConfigured: boolean;
  /** The emulator beside Ferry, when it runs. */
  emulatorUrl: string | null;
  /** The callback URL the External Client App must list. */
  callbackUrl: string;
};

type Environment = "production" | "sandbox";
type Target = "salesforce" | "emulator";

const ENVIRONMENTS: { value: Environment; label: string; host: string; text: string }[] = [
  { value: "production", label: "Production", host: "login.salesforce.com", text: "Your live org, or a Developer Edition org." },
  { value: "sandbox", label: "Sandbox", host: "test.salesforce.com", text: "A Salesforce sandbox of your org (full, partial or developer)." },
];

/**
 * "Add integration" (and "Reconnect") for Salesforce: which kind of org, at Salesforce or at the
 * emulator, then the browser goes to the login host's "Allow access?" page. Ferry never sees the
 * password; the tokens stay on the server.
 */
export function ConnectSalesforceDialog({
  open,
  onClose,
  workspaceSlug,
  options,
  initial,
  reconnect,
}: {
  open: boolean;
  onClose: () => void;
  workspaceSlug: string;
  options: SalesforceConnectOptions;
  initial?: { environment?: Environment; emulator?: boolean };
  /** Reconnecting the org already connected: the username Ferry signed in as. */
  reconnect?: { username: string } | null;
}) {
  const start = useAction(startSalesforceConnectAction, workspaceSlug);
  const defaultTarget: Target = initial?.emulator || (!options.appConfigured && options.emulatorUrl) ? "emulator" : "salesforce";
  const [environment, setEnvironment] = useState<Environment>(initial?.environment ?? "production");
  const [target, setTarget] = useState<Target>(defaultTarget);
  const [leaving, setLeaving] = useState(false);
  const name = useId();
  const targetName = useId();
  const blocked = target === "salesforce" && !options.appConfigured;

  function close() {
    start.reset();
    setLeaving(false);
    onClose();
  }

  async function go() {
    const result = await start.run({ environment, emulator: target === "emulator" });
    if (!result.ok) return;
    setLeaving(true);
    window.location.assign(result.data.authorizeUrl);
  }

  const host = target === "emulator" ? `${options.emulatorUrl}/${environment === "production" ? "login" : "test"}` : ENVIRONMENTS.find((e) => e.value === environment)!.host;

  return (
    <Dialog
      open={open}
      onClose={close}
      title={reconnect ? "Reconnect Salesforce" : "Connect Salesforce"}
      description={
        reconnect
          ? `Sign in to the same org again (Ferry was connected as ${reconnect.username}). The new sign-in replaces the old one, and pushes held back go out.`
          : "You sign in at Salesforce and allow Ferry access. Ferry then creates the Request object and its fields in your org by itself."
      }
      className="w-[min(36rem,calc(100vw-2rem))]"
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={leaving}>
            Cancel
          </Button>
          <Button onClick={go} disabled={start.pending || leaving || blocked} data-autofocus>
            {leaving ? "Opening Salesforce…" : start.pending ? "Preparing…" : "Continue to Salesforce"}
          </Button>
        </>
      }
    >
      <div className="space-y-5">
        {start.error ? <Alert tone="error">{start.error}</Alert> : null}
        {options.emulatorUrl ? (
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-zinc-900">Where</legend>
            <div className="grid gap-2 sm:grid-cols-2">
              <Choice name={targetName} checked={target === "salesforce"} onChange={() => setTarget("salesforce")} label="Salesforce">
                A real org at salesforce.com.
              </Choice>
              <Choice name={targetName} checked={target === "emulator"} onChange={() => setTarget("emulator")} label="Ferry’s Salesforce emulator">
                A local emulator with a demo org at <span className="font-mono">{options.emulatorUrl}</span>.
              </Choice>
            </div>
          </fieldset>
        ) : null}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-900">Kind of org</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {ENVIRONMENTS.map((e) => (
              <Choice key={e.value} name={name} checked={environment === e.value} onChange={() => setEnvironment(e.value)} label={e.label}>
                {e.text}
              </Choice>
            ))}
          </div>
        </fieldset>
        {blocked ? (
          <Alert tone="warning" title="This Ferry has no Salesforce app yet">
            Its operator creates an External Client App in Salesforce and sets SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (README →
            Salesforce). The app’s callback URL is <span className="font-mono break-all">{options.callbackUrl}</span>.
          </Alert>
        ) : (
          <p className="text-sm text-zinc-600">
            Ferry opens <span className="font-mono break-all">{host}</span> in this tab. Sign in as a Salesforce admin (Ferry creates a custom object
            and grants its fields to System Administrator) and choose <span className="font-medium">Allow</span>. The link works once, for 10 minutes.
          </p>
        )}
      </div>
    </Dialog>
  );
}

function Choice({ name, checked, onChange, label, children }: { name: string; checked: boolean; onChange: () => void; label: string; children: React.ReactNode }) {
  const id = useId();
  return (
    <label
      htmlFor={id}
      className={cn(
        "flex cursor-pointer gap-3 rounded-lg border px-3 py-2.5 text-sm has-focus-visible:outline-2 has-focus-visible:outline-indigo-500",
        checked ? "border-indigo-500 bg-indigo-50/60 ring-1 ring-indigo-500" : "border-zinc-200 hover:bg-zinc-50",
      )}
    >
      <input id={id} type="radio" name={name} checked={checked} onChange={onChange} className="mt-0.5 accent-indigo-600" />
      <span className="min-w-0">
        <span className="block font-medium text-zinc-900">{label}</span>
        <span className="block text-zinc-600">{children}</span>
      </span>
    </label>
  );
}
