"use client";

import { useState } from "react";
import type { SalesforceIntegrationCard } from "@/lib/integrations/salesforce/get-salesforce-integration";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ExternalIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useAction } from "@/components/settings/use-action";
import { ensureSalesforceSchemaAction } from "@/app/(dashboard)/w/[workspace]/integrations/salesforce-actions";

type Setup = SalesforceIntegrationCard["setup"];
type Field = Setup["fields"][number];

const LAYOUT_WORDS = {
  ok: { label: "Done", tone: "green" },
  updated: { label: "Done by Ferry", tone: "green" },
  manual: { label: "By hand", tone: "amber" },
  missing: { label: "No such layout", tone: "amber" },
  failed: { label: "Failed", tone: "red" },
} as const;

function fieldState(f: Field): { label: string; tone: "green" | "amber" | "red" } {
  if (!f.exists) return { label: f.error ? "Not created" : "Missing", tone: f.error ? "red" : "amber" };
  if (!f.typeOk) return { label: "Other type", tone: "red" };
  if (!f.fls) return { label: "No access", tone: "amber" };
  return { label: "Ready", tone: "green" };
}

/**
 * Ferry's set-up in the org (object, fields, field-level security, page layouts) from the last
 * check, with the fields as a table, progress, "Repair" (safe to press twice) and the short
 * checklist of what only an admin can do, with links into Setup.
 */
export function SalesforceSetupPanel({
  workspaceSlug,
  integrationId,
  setup,
  canManage,
}: {
  workspaceSlug: string;
  integrationId: string;
  setup: Setup;
  canManage: boolean;
}) {
  const ensure = useAction(ensureSalesforceSchemaAction, workspaceSlug);
  const [outcome, setOutcome] = useState<string | null>(null);
  const checked = setup.checkedAt !== null;
  const ready = setup.fields.filter((f) => fieldState(f).label === "Ready").length;
  const total = setup.fields.length;

  async function run() {
    setOutcome(null);
    const result = await ensure.run({ integrationId });
    if (!result.ok) return;
    const { objectCreated, created, granted, fields, problems } = result.data;
    const did = [
      objectCreated ? "created the Request object" : null,
      created.length ? `created ${created.length} field${created.length === 1 ? "" : "s"}` : null,
      granted.length ? `granted access to ${granted.length} field${granted.length === 1 ? "" : "s"}` : null,
    ].filter(Boolean);
    setOutcome(
      did.length
        ? `Ferry ${did.join(", ")}.${problems.length ? ` ${problems.length} still need${problems.length === 1 ? "s" : ""} attention.` : ""}`
        : problems.length
          ? `Nothing could be added; ${problems.length} field${problems.length === 1 ? " needs" : "s need"} a change in Salesforce (see the checklist).`
          : `Nothing to do: Request__c and all ${fields} fields are ready.`,
    );
  }

  const button = canManage ? (
    <Button variant={setup.problems > 0 || setup.error ? "primary" : "secondary"} size="sm" onClick={run} disabled={ensure.pending}>
      {ensure.pending ? "Checking…" : setup.problems > 0 || setup.error ? "Repair" : checked ? "Check again" : "Set up now"}
    </Button>
  ) : null;

  let summary: React.ReactNode;
  if (!checked) {
    summary = (
      <Alert tone="info" title="Setting up… Ferry is creating the Request object and its fields" action={button}>
        Ferry’s background worker creates Request__c, its fields and their access for System Administrator right after connecting.{" "}
        {canManage ? "If that worker is not running, set up now: it does the same." : "An owner or admin can run it now."}
      </Alert>
    );
  } else if (setup.error) {
    summary = (
      <Alert tone="error" title="The last set-up run failed" action={button}>
        {setup.error} (<LocalTime value={setup.checkedAt!} />)
      </Alert>
    );
  } else if (setup.problems > 0) {
    summary = (
      <Alert tone="warning" title={`${setup.problems} of ${total + 1} set-up items need attention`} action={button}>
        Values of fields that are missing or not accessible are not sent until they are ready.{" "}
        {canManage ? "Repair creates what is missing and grants access." : "An owner or admin can repair them."}
      </Alert>
    );
  } else {
    summary = (
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="text-zinc-700">
          Request__c and all {total} fields exist, visible and writable for System Administrator. Checked <LocalTime value={setup.checkedAt!} />.
        </p>
        {button}
      </div>
    );
  }

  return (
    <div className="space-y-3">
      {summary}
      {ensure.error ? <Alert tone="error">{ensure.error}</Alert> : null}
      {outcome ? (
        <p role="status" className="text-sm text-emerald-700">
          {outcome}
        </p>
      ) : null}
      {checked && total > 0 ? (
        <div>
          <div className="flex justify-between text-xs text-zinc-500">
            <span id={`setup-progress-${integrationId}`}>Set-up progress</span>
            <span>
              {ready} of {total} fields ready
            </span>
          </div>
          <span
            role="progressbar"
            aria-labelledby={`setup-progress-${integrationId}`}
            aria-valuemin={0}
            aria-valuemax={total}
            aria-valuenow={ready}
            className="mt-1 block h-1.5 overflow-hidden rounded-full bg-zinc-100"
          >
            <span className={`block h-full rounded-full ${ready === total ? "bg-emerald-500" : "bg-amber-500"}`} style={{ width: `${(ready / total) * 100}%` }} />
          </span>
        </div>
      ) : null}
      {setup.manualSteps.length > 0 ? (
        <section aria-labelledby={`checklist-${integrationId}`} className="rounded-lg border border-amber-200 bg-amber-50/50 px-4 py-3">
          <h4 id={`checklist-${integrationId}`} className="text-sm font-medium text-zinc-900">
            Left for a Salesforce admin ({setup.manualSteps.length})
          </h4>
          <ol className="mt-2 list-decimal space-y-1.5 pl-5 text-sm text-zinc-700">
            {setup.manualSteps.map((step) => (
              <li key={step.title}>
                {step.url ? (
                  <a href={step.url} target="_blank" rel="noreferrer noopener" className="inline-flex items-center gap-1 font-medium text-indigo-700 hover:underline">
                    {step.title} <ExternalIcon width={12} height={12} />
                  </a>
                ) : (
                  <span className="font-medium">{step.title}</span>
                )}
                {step.detail ? <span className="block text-zinc-600">{step.detail}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {checked && (setup.layouts.request || setup.layouts.account) ? (
        <ul aria-label="Page layouts" className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-zinc-700">
          {(
            [
              ["Request page layout", setup.layouts.request],
              ["Requests on the Account page layout", setup.layouts.account],
            ] as const
          ).map(([label, layout]) =>
            layout ? (
              <li key={label} className="flex items-center gap-2">
                {label} <Badge tone={LAYOUT_WORDS[layout.status].tone}>{LAYOUT_WORDS[layout.status].label}</Badge>
              </li>
            ) : null,
          )}
        </ul>
      ) : null}
      {total > 0 ? (
        <details className="rounded-lg border border-zinc-200" open={setup.problems > 0}>
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-zinc-700 select-none hover:bg-zinc-50">Fields Ferry writes ({total})</summary>
          <Table aria-label="Fields Ferry writes" className="border-t border-zinc-100">
            <THead>
              <tr>
                <TH>Field</TH>
                <TH>API name</TH>
                <TH>Type</TH>
                <TH>In Salesforce</TH>
              </tr>
            </THead>
            <tbody>
              {setup.fields.map((f) => {
                const state = fieldState(f);
                return (
                  <TR key={f.apiName}>
                    <TD className="py-2 font-medium text-zinc-900">{f.label}</TD>
                    <TD className="py-2 font-mono text-xs">{f.apiName}</TD>
                    <TD className="py-2 text-xs">{f.type}</TD>
                    <TD className="py-2">
                      <Badge tone={state.tone}>{state.label}</Badge>
                      {f.error ? <span className="ml-2 text-xs text-zinc-500">{f.error}</span> : null}
                    </TD>
                  </TR>
                );
              })}
            </tbody>
          </Table>
        </details>
      ) : null}
    </div>
  );
}
