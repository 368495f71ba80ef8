import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LogIcon } from "@/components/ui/icons";
import { PageHeader } from "@/components/ui/page-header";
import { RoleRequired } from "@/components/shell/role-required";
import { requirePageMember } from "@/app/_lib/page";

export const metadata: Metadata = { title: "Sync logs" };

const ROW_PARTS = [
  ["When", "the time Ferry tried to send the request"],
  ["Request", "its number and title, linking to the request"],
  ["Destination", "Vitally or Salesforce"],
  ["Outcome", "synced, skipped or failed, with the reason in plain words"],
  ["Details", "what was created or updated there, and the error to fix if it failed"],
];

export default async function SyncLogsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const access = await requirePageMember(params, "logs.read");
  if (!access.allowed) return <RoleRequired title="Sync logs" capability={access.capability} role={access.role} />;
  const base = `/w/${access.member.workspace.slug}`;

  return (
    <>
      <PageHeader title="Sync logs" description="A line for every attempt to send a request to Vitally or Salesforce." />
      <Card>
        <EmptyState icon={<LogIcon />} title="Nothing has synced yet">
          <p>
            No integration is connected, so no request has been sent anywhere. Once one is connected in{" "}
            <Link href={`${base}/integrations`} className="font-medium text-indigo-600 hover:text-indigo-500">
              Integrations
            </Link>
            , each sync attempt appears here with:
          </p>
          <dl className="mx-auto mt-4 max-w-md space-y-1.5 text-left">
            {ROW_PARTS.map(([term, text]) => (
              <div key={term} className="grid grid-cols-[6.5rem_1fr] gap-2">
                <dt className="font-medium text-zinc-800">{term}</dt>
                <dd className="text-zinc-600">{text}</dd>
              </div>
            ))}
          </dl>
        </EmptyState>
      </Card>
    </>
  );
}
