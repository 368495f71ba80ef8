import type { Metadata } from "next";
import { can } from "@/lib/auth/roles";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Integrations" };

const DESTINATIONS = [
  {
    name: "Vitally",
    monogram: "V",
    color: "bg-emerald-600",
    what: "Each request becomes a conversation on the customer's account, with its status, urgency and your custom tags and categories as traits.",
  },
  {
    name: "Salesforce",
    monogram: "S",
    color: "bg-sky-600",
    what: "Each request becomes a Case on the requestor's Account (matched by email domain, or by their company name), kept up to date as it changes.",
  },
];

export default async function IntegrationsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const access = await requirePageMember(params, "integrations.read");
  if (!access.allowed) return <RoleRequired title="Integrations" capability={access.capability} role={access.role} />;
  const canManage = can(access.member.role, "integrations.manage");

  return (
    <>
      <PageHeader
        title="Integrations"
        description="Vitally and Salesforce connections appear here. Ferry sends every request and its threads to each connected destination."
      />
      <Card>
        <CardHeader
          title="No integration is connected"
          description={
            canManage
              ? "As an owner or admin you connect them; each destination needs its API credentials."
              : "An owner or admin connects them; ask one of them when your team is ready."
          }
        />
        <ul className="divide-y divide-zinc-100">
          {DESTINATIONS.map((d) => (
            <li key={d.name} className="flex items-start gap-4 px-5 py-4">
              <span aria-hidden className={`flex size-9 shrink-0 items-center justify-center rounded-lg text-sm font-bold text-white ${d.color}`}>
                {d.monogram}
              </span>
              <div className="min-w-0 flex-1">
                <div className="flex items-center gap-2">
                  <h3 className="text-sm font-semibold text-zinc-900">{d.name}</h3>
                  <Badge tone="gray">Not connected</Badge>
                </div>
                <p className="mt-1 text-sm text-zinc-600">{d.what}</p>
              </div>
            </li>
          ))}
        </ul>
        <p className="border-t border-zinc-100 px-5 py-3 text-xs text-zinc-500">
          Until a destination is connected, requests are kept in Ferry and nothing leaves it.
        </p>
      </Card>
    </>
  );
}
