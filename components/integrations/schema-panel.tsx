"use client";

import { useState } from "react";
import type { IntegrationCard } from "@/lib/integrations/list-integrations";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { useAction } from "@/components/settings/use-action";
import { ensureVitallySchemaAction } from "@/app/(dashboard)/w/[workspace]/integrations/actions";

const STATUS = {
  ok: { label: "In Vitally", tone: "green" },
  missing: { label: "Missing", tone: "amber" },
  type_mismatch: { label: "Wrong type", tone: "red" },
} as const;

/**
 * The "Ferry Requests" object in Vitally: every trait Ferry writes and whether it exists there with
 * the right type; "Check schema now" / "Repair" adds what is missing (safe to press twice).
 */
export function SchemaPanel({
  workspaceSlug,
  integrationId,
  schema,
  canManage,
}: {
  workspaceSlug: string;
  integrationId: string;
  schema: IntegrationCard["schema"];
  canManage: boolean;
}) {
  const ensure = useAction(ensureVitallySchemaAction, workspaceSlug);
  const [outcome, setOutcome] = useState<string | null>(null);
  const checked = schema.checkedAt !== null;
  const mismatched = schema.traits.filter((t) => t.status === "type_mismatch");

  async function run() {
    setOutcome(null);
    const result = await ensure.run({ integrationId });
    if (!result.ok) return;
    const { created, added, traits, problems } = result.data;
    setOutcome(
      created
        ? `Created “Ferry Requests” in Vitally with ${traits} traits.`
        : added.length
          ? `Added ${added.length} trait${added.length === 1 ? "" : "s"}: ${added.join(", ")}.`
          : problems.length
            ? `Nothing could be added; ${problems.length} trait${problems.length === 1 ? " needs" : "s need"} a change in Vitally.`
            : `Nothing to add: all ${traits} traits are in Vitally.`,
    );
  }

  const button = canManage ? (
    <Button variant={schema.problems > 0 ? "primary" : "secondary"} size="sm" onClick={run} disabled={ensure.pending}>
      {ensure.pending ? "Checking…" : schema.problems > 0 ? "Repair" : checked ? "Check again" : "Check schema now"}
    </Button>
  ) : null;

  let summary: React.ReactNode;
  if (!checked) {
    summary = (
      <Alert tone="info" title="Setting up… the schema has not been checked yet" action={button}>
        Ferry creates the “Ferry Requests” object and its traits in Vitally from its background worker after connecting.{" "}
        {canManage ? "If that worker is not running, check the schema now: it does the same." : "An owner or admin can check it now."}
      </Alert>
    );
  } else if (schema.error) {
    summary = (
      <Alert tone="error" title="The last schema check failed" action={button}>
        {schema.error} (<LocalTime value={schema.checkedAt!} />)
      </Alert>
    );
  } else if (schema.problems > 0) {
    summary = (
      <Alert tone="warning" title={`${schema.problems} of ${schema.traits.length} traits need attention`} action={button}>
        Values of these traits are not sent until they exist in Vitally with the right type.{" "}
        {canManage ? "Repair adds the missing ones." : "An owner or admin can repair them."}
        {mismatched.length ? " A trait with the wrong type must be changed or deleted in Vitally first." : ""}
      </Alert>
    );
  } else {
    summary = (
      <div className="flex items-center justify-between gap-3 text-sm">
        <p className="text-zinc-700">
          All {schema.traits.length} traits are in Vitally with the right type. Checked <LocalTime value={schema.checkedAt!} />.
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
      {schema.traits.length > 0 ? (
        <details className="group rounded-lg border border-zinc-200" open={schema.problems > 0}>
          <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-zinc-700 select-none hover:bg-zinc-50">
            Traits Ferry writes ({schema.traits.length})
          </summary>
          <Table aria-label="Traits Ferry writes" className="border-t border-zinc-100">
            <THead>
              <tr>
                <TH>Trait</TH>
                <TH>Type</TH>
                <TH>In Vitally</TH>
              </tr>
            </THead>
            <tbody>
              {schema.traits.map((t) => (
                <TR key={t.key}>
                  <TD className="py-2 font-medium text-zinc-900">{t.label}</TD>
                  <TD className="py-2 font-mono text-xs">{t.type}</TD>
                  <TD className="py-2">
                    <Badge tone={STATUS[t.status].tone}>{STATUS[t.status].label}</Badge>
                    {t.status === "type_mismatch" ? <span className="ml-2 text-xs text-zinc-500">Vitally has it as {t.remoteType}</span> : null}
                  </TD>
                </TR>
              ))}
            </tbody>
          </Table>
        </details>
      ) : null}
    </div>
  );
}
