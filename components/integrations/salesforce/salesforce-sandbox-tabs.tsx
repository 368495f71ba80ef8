"use client";

import { CountTabs, type CountTab } from "@/components/ui/count-tabs";
import type { SalesforceSandboxView } from "@/lib/integrations/salesforce/sandbox-view";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { InboxIcon, UsersIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";

export type SalesforceSandboxTab = "requests" | "accounts" | "contacts";

/** Requests / Accounts / Contacts of an emulator org, as tabs (arrow keys, Home and End move between them). */
export function SalesforceSandboxTabs({ view, initialTab = "requests" }: { view: SalesforceSandboxView; initialTab?: SalesforceSandboxTab }) {
  const tabs: CountTab<SalesforceSandboxTab>[] = [
    { key: "requests", label: "Requests (Request__c)", count: view.requests.length },
    { key: "accounts", label: "Accounts", count: view.accounts.length },
    { key: "contacts", label: "Contacts", count: view.contacts.length },
  ];
  return (
    <CountTabs
      label="Emulator records"
      tabs={tabs}
      initial={initialTab}
      panel={(key) => (key === "requests" ? <Requests view={view} /> : key === "accounts" ? <Accounts items={view.accounts} /> : <Contacts items={view.contacts} />)}
    />
  );
}

function Requests({ view }: { view: SalesforceSandboxView }) {
  if (view.requests.length === 0) {
    return (
      <EmptyState icon={<InboxIcon />} title="No Request__c records in this org yet">
        {view.requestObject
          ? "Each request Ferry pushes appears here as a Request record, linked to its Account and Contact. Requests created since the connection are pushed when Ferry’s background worker runs; their sync logs say what happened."
          : "Ferry has not created the Request object here yet. It does so right after connecting; the set-up panel on the Integrations page shows how far it got."}
      </EmptyState>
    );
  }
  return (
    <ul aria-label="Request records" className="divide-y divide-zinc-100">
      {view.requests.map((r) => (
        <li key={r.id} className="px-5 py-3">
          <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
            <div className="min-w-0">
              <p className="font-medium text-zinc-900">
                {r.name} {r.status ? <Badge tone="blue">{r.status}</Badge> : null}
              </p>
              <p className="text-xs text-zinc-500">
                {r.account ? <>Account: {r.account}</> : "No Account"} · {r.contact ? <>Contact: {r.contact}</> : "No Contact"} ·{" "}
                <span className="font-mono">{r.id}</span>
              </p>
            </div>
            {r.updatedAt ? (
              <p className="text-xs text-zinc-500">
                Modified <LocalTime value={r.updatedAt} />
              </p>
            ) : null}
          </div>
          <details className="mt-2">
            <summary className="cursor-pointer text-xs font-medium text-indigo-600 select-none hover:text-indigo-500">
              {r.fields.length} field{r.fields.length === 1 ? "" : "s"} with a value
            </summary>
            <dl className="mt-2 grid gap-x-6 gap-y-1.5 text-xs sm:grid-cols-[14rem_minmax(0,1fr)]">
              {r.fields.map((f) => (
                <div key={f.apiName} className="contents">
                  <dt className="text-zinc-500">
                    {f.label} <span className="font-mono text-zinc-400">{f.apiName}</span>
                  </dt>
                  <dd className="break-words whitespace-pre-wrap text-zinc-800">{f.value}</dd>
                </div>
              ))}
            </dl>
          </details>
        </li>
      ))}
    </ul>
  );
}

function Accounts({ items }: { items: SalesforceSandboxView["accounts"] }) {
  if (items.length === 0) {
    return (
      <EmptyState icon={<UsersIcon />} title="No Accounts in this org">
        Matching links a request to an Account through its Contact, an email domain or the requestor’s company name. Seed the demo org to try it.
      </EmptyState>
    );
  }
  return (
    <Table aria-label="Accounts">
      <THead>
        <tr>
          <TH>Account</TH>
          <TH>Contacts</TH>
          <TH>Requests</TH>
          <TH>Id</TH>
        </tr>
      </THead>
      <tbody>
        {items.map((a) => (
          <TR key={a.id}>
            <TD className="font-medium text-zinc-900">{a.name}</TD>
            <TD>{a.contacts}</TD>
            <TD>{a.requests}</TD>
            <TD className="font-mono text-xs">{a.id}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}

function Contacts({ items }: { items: SalesforceSandboxView["contacts"] }) {
  if (items.length === 0) {
    return <EmptyState icon={<UsersIcon />} title="No Contacts in this org" />;
  }
  return (
    <Table aria-label="Contacts">
      <THead>
        <tr>
          <TH>Contact</TH>
          <TH>Email</TH>
          <TH>Account</TH>
          <TH>Requests</TH>
        </tr>
      </THead>
      <tbody>
        {items.map((c) => (
          <TR key={c.id}>
            <TD className="font-medium text-zinc-900">{c.name}</TD>
            <TD>{c.email ?? <span className="text-zinc-400">no email</span>}</TD>
            <TD>{c.account ?? <span className="text-zinc-400">no Account</span>}</TD>
            <TD>{c.requests}</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}
