"use client";

import type { ReactNode } from "react";
import { CountTabs, type CountTab } from "@/components/ui/count-tabs";
import type { getSandboxView } from "@/lib/integrations/vitally/sandbox-view";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon, UsersIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";

export type SandboxView = Awaited<ReturnType<typeof getSandboxView>>;
export type SandboxTabKey = "instances" | "conversations" | "accounts" | "organizations";
type TabKey = SandboxTabKey;

/** Instances / Conversations / Accounts / Organizations of a sandbox workspace, as tabs (arrow keys move between them). */
export function SandboxTabs({ view, initialTab = "instances" }: { view: SandboxView; initialTab?: TabKey }) {
  const tabs: CountTab<TabKey>[] = [
    { key: "instances", label: "Ferry Requests", count: view.instances.length },
    { key: "conversations", label: "Conversations", count: view.conversations.length },
    { key: "accounts", label: "Accounts", count: view.accounts.length },
    { key: "organizations", label: "Organizations", count: view.organizations.length },
  ];
  return (
    <CountTabs
      label="Sandbox records"
      tabs={tabs}
      initial={initialTab}
      panel={(key) =>
        key === "instances" ? (
          <Instances items={view.instances} />
        ) : key === "conversations" ? (
          <Conversations items={view.conversations} />
        ) : key === "accounts" ? (
          <Accounts items={view.accounts} />
        ) : (
          <Organizations items={view.organizations} />
        )
      }
    />
  );
}

function Instances({ items }: { items: SandboxView["instances"] }) {
  if (items.length === 0) {
    return (
      <EmptyState icon={<InboxIcon />} title="No Ferry Requests in this sandbox yet">
        Each request Ferry pushes appears here as a “Ferry Requests” record with its traits. Requests created since the connection are pushed
        when Ferry’s background worker runs; their sync logs say what happened.
      </EmptyState>
    );
  }
  return (
    <ul aria-label="Ferry Requests" className="divide-y divide-zinc-100">
      {items.map((i) => (
        <li key={i.id} className="px-5 py-3">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <div className="min-w-0">
              <p className="font-medium text-zinc-900">
                {i.name ?? "(no name)"} {i.archived ? <Badge tone="gray">Archived</Badge> : null}
              </p>
              <p className="text-xs text-zinc-500">
                {i.account ? <>Account: {i.account}</> : "No account"} · {i.organization ? <>Organization: {i.organization}</> : "No organization"}
              </p>
            </div>
            <p className="text-xs text-zinc-500">
              Updated <LocalTime value={i.updatedAt} />
            </p>
          </div>
          <details className="mt-2">
            <summary className="cursor-pointer text-xs font-medium text-indigo-600 select-none hover:text-indigo-500">
              {i.traits.length} trait{i.traits.length === 1 ? "" : "s"}
            </summary>
            <dl className="mt-2 grid gap-x-6 gap-y-1.5 text-xs sm:grid-cols-[12rem_minmax(0,1fr)]">
              {i.traits.map((t) => (
                <TraitRow key={t.label} label={t.label}>
                  {formatTrait(t.value)}
                </TraitRow>
              ))}
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}

function Conversations({ items }: { items: SandboxView["conversations"] }) {
  if (items.length === 0) {
    return (
      <EmptyState icon={<InboxIcon />} title="No conversations in this sandbox yet">
        With “Sync threads as Vitally conversations” on, each request created since the connection gets a conversation here, with its
        customer-thread messages in the order they were sent.
      </EmptyState>
    );
  }
  return (
    <ul aria-label="Conversations" className="divide-y divide-zinc-100">
      {items.map((c) => (
        <li key={c.id} id={`conversation-${c.id}`} className="px-5 py-3 target:bg-indigo-50/60">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <div className="min-w-0">
              <p className="font-medium text-zinc-900">
                {c.subject ?? "(no subject)"} {c.status === "closed" ? <Badge tone="gray">Closed</Badge> : null}
              </p>
              <p className="font-mono text-xs text-zinc-500">
                {c.id}
                {c.externalId ? <> · external id {c.externalId}</> : null}
              </p>
            </div>
            <p className="text-xs text-zinc-500">
              Updated <LocalTime value={c.updatedAt} />
            </p>
          </div>
          <details className="mt-2" open={items.length <= 3}>
            <summary className="cursor-pointer text-xs font-medium text-indigo-600 select-none hover:text-indigo-500">
              {c.messages.length} message{c.messages.length === 1 ? "" : "s"}
            </summary>
            {c.messages.length === 0 ? (
              <p className="mt-2 text-xs text-zinc-500">No messages in this conversation.</p>
            ) : (
              <ol aria-label={`Messages of ${c.subject ?? c.id}`} className="mt-2 space-y-2">
                {c.messages.map((m) => (
                  <li key={m.id} className={cn("rounded-lg border px-3 py-2 text-sm", m.type === "inbound" ? "border-zinc-200 bg-white" : "border-indigo-100 bg-indigo-50/50")}>
                    <p className="flex flex-wrap items-baseline justify-between gap-x-3 text-xs text-zinc-500">
                      <span>
                        <span className="font-medium text-zinc-800">{m.from}</span> to {m.to.join(", ") || "nobody"}
                      </span>
                      <LocalTime value={m.timestamp} />
                    </p>
                    <p className="mt-1 break-words whitespace-pre-wrap text-zinc-800">{m.text}</p>
                  </li>
                ))}
              </ol>
            )}
          </details>
        </li>
      ))}
    </ul>
  );
}

function TraitRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-zinc-600">{label}</dt>
      <dd className="line-clamp-4 min-w-0 break-words whitespace-pre-wrap text-zinc-800">{children}</dd>
    </>
  );
}

function formatTrait(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

function Accounts({ items }: { items: SandboxView["accounts"] }) {
  if (items.length === 0) return <EmptyState icon={<UsersIcon />} title="No accounts in this sandbox workspace" />;
  return (
    <Table aria-label="Accounts">
      <THead>
        <tr>
          <TH>Account</TH>
          <TH>Organization</TH>
          <TH>External id</TH>
        </tr>
      </THead>
      <tbody>
        {items.map((a) => (
          <TR key={a.id}>
            <TD className="font-medium text-zinc-900">{a.name ?? "(no name)"}</TD>
            <TD>{a.organization ?? <span className="text-zinc-400">None</span>}</TD>
            <TD className="font-mono text-xs text-zinc-500">{a.externalId ?? "—"}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

function Organizations({ items }: { items: SandboxView["organizations"] }) {
  if (items.length === 0) return <EmptyState icon={<UsersIcon />} title="No organizations in this sandbox workspace" />;
  return (
    <Table aria-label="Organizations">
      <THead>
        <tr>
          <TH>Organization</TH>
          <TH>Accounts</TH>
          <TH>External id</TH>
        </tr>
      </THead>
      <tbody>
        {items.map((o) => (
          <TR key={o.id}>
            <TD className="font-medium text-zinc-900">{o.name ?? "(no name)"}</TD>
            <TD>{o.accounts}</TD>
            <TD className="font-mono text-xs text-zinc-500">{o.externalId ?? "—"}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}
