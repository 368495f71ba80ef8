import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getRequestDetail } from "@/lib/dashboard/get-request-detail";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { ChevronLeftIcon, ExternalIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { RoleRequired } from "@/components/shell/role-required";
import { CHANNEL } from "@/components/requests/labels";
import { SentimentBadge, StatusBadge, UrgencyBadge } from "@/components/requests/request-badges";
import { RequestThread } from "@/components/requests/request-thread";
import { SafeLink } from "@/components/requests/safe-link";
import { SyncStatusSection } from "@/components/diagnostics/sync-status-section";
import { requirePageMember } from "@/app/_lib/page";

type Props = { params: Promise<{ workspace: string; number: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Request #${(await params).number}` };
}

export default async function RequestPage({ params }: Props) {
  const access = await requirePageMember(params, "requests.read");
  if (!access.allowed) return <RoleRequired title="Request" capability={access.capability} role={access.role} />;
  const { member } = access;
  const raw = (await params).number;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const request = await getRequestDetail({ workspaceId: member.workspace.id, number: Number(raw) });
  if (!request) notFound();
  const base = `/w/${member.workspace.slug}`;

  return (
    <div className="space-y-6">
      <div>
        <Link href={`${base}/requests`} className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-900">
          <ChevronLeftIcon /> Requests
        </Link>
        <div className="mt-3 flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <p className="font-mono text-xs text-zinc-500">Request #{request.number}</p>
            <h1 className="mt-1 text-xl font-semibold tracking-tight text-zinc-900">{request.title}</h1>
          </div>
          <div className="flex flex-wrap items-center gap-2" aria-label="Status, urgency and sentiment">
            <StatusBadge status={request.status} />
            <UrgencyBadge urgency={request.urgency} />
            <SentimentBadge sentiment={request.sentiment} />
          </div>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <Card>
            <CardHeader title="Summary" />
            <div className="space-y-4 px-5 py-4">
              <p className="text-sm leading-relaxed text-zinc-800">{request.summary ?? <span className="text-zinc-500">No summary yet.</span>}</p>
              <div>
                <h3 className="text-xs font-medium text-zinc-500">Message that opened the request</h3>
                <blockquote className="mt-1.5 border-l-2 border-zinc-200 pl-3 text-sm leading-relaxed whitespace-pre-wrap text-zinc-700">
                  {request.messageText}
                </blockquote>
              </div>
              {request.aiTags.length > 0 ? (
                <div>
                  <h3 className="text-xs font-medium text-zinc-500">AI tags</h3>
                  <ul className="mt-1.5 flex flex-wrap gap-1.5">
                    {request.aiTags.map((t) => (
                      <li key={t}>
                        <Badge tone="violet">{t}</Badge>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          </Card>
          <SyncStatusSection workspaceId={member.workspace.id} workspaceSlug={member.workspace.slug} requestId={request.id} role={member.role} />
          <RequestThread
            id="customer-thread"
            title="Customer thread"
            description="The conversation with the requestor, as on the channel."
            messages={request.threads.CUSTOMER}
            empty="No replies in the customer thread yet."
          />
          <RequestThread
            id="internal-thread"
            title="Internal thread"
            description="Your team's notes on the request; the customer does not see these."
            messages={request.threads.INTERNAL}
            empty="No internal notes yet."
          />
        </div>

        <div className="space-y-6">
          <Card>
            <CardHeader title="Details" />
            <dl className="divide-y divide-zinc-100 text-sm">
              <Row label="Requestor">
                <div className="font-medium text-zinc-900">{request.requestorName}</div>
                {request.requestorEmail ? <div className="text-zinc-600">{request.requestorEmail}</div> : null}
                {request.requestorCompany ? <div className="text-zinc-600">{request.requestorCompany}</div> : null}
                {request.requestorPlatformId ? <div className="font-mono text-xs text-zinc-500">Platform id {request.requestorPlatformId}</div> : null}
              </Row>
              <Row label="Assignee">
                {request.assigneeName ? (
                  <>
                    <div className="text-zinc-900">{request.assigneeName}</div>
                    {request.assigneeEmail ? <div className="text-zinc-600">{request.assigneeEmail}</div> : null}
                  </>
                ) : (
                  <span className="text-zinc-500">Unassigned</span>
                )}
              </Row>
              <Row label="Channel">{CHANNEL[request.channel]}</Row>
              <Row label="CSAT">
                {request.csatRating !== null ? (
                  <>
                    <div className="text-zinc-900">{request.csatRating} / 5</div>
                    {request.csatComment ? <div className="text-zinc-600">&ldquo;{request.csatComment}&rdquo;</div> : null}
                  </>
                ) : (
                  <span className="text-zinc-500">Not rated</span>
                )}
              </Row>
              <Row label="Created">
                <LocalTime value={request.createdAt} />
              </Row>
              <Row label="Updated">
                <LocalTime value={request.updatedAt} />
              </Row>
              <Row label="Closed">
                {request.closedAt ? (
                  <>
                    <LocalTime value={request.closedAt} />
                    {request.closedByName ? <div className="text-zinc-600">by {request.closedByName}</div> : null}
                  </>
                ) : (
                  <span className="text-zinc-500">Not closed</span>
                )}
              </Row>
              {request.externalId ? <Row label="Platform id"><span className="font-mono text-xs">{request.externalId}</span></Row> : null}
            </dl>
          </Card>

          <Card>
            <CardHeader title="Links" />
            <ul className="space-y-2 px-5 py-4 text-sm">
              <LinkRow label="Message permalink" href={request.permalink} />
              <LinkRow label="Internal notification" href={request.internalNotificationLink} />
              <LinkRow label="Web link" href={request.webLink} />
            </ul>
          </Card>

          <Card>
            <CardHeader title="Tags and categories" />
            {request.customValues.length === 0 ? (
              <p className="px-5 py-4 text-sm text-zinc-500">No custom tags or categories on this request.</p>
            ) : (
              <dl className="divide-y divide-zinc-100 text-sm">
                {request.customValues.map((v) => (
                  <Row key={v.key} label={v.archived ? `${v.name} (archived)` : v.name}>
                    <ul className="flex flex-wrap gap-1.5">
                      {v.values.map((value) => (
                        <li key={value}>
                          <Badge tone={v.kind === "TAG" ? "indigo" : "gray"}>{value}</Badge>
                        </li>
                      ))}
                    </ul>
                  </Row>
                ))}
              </dl>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[6.5rem_minmax(0,1fr)] gap-3 px-5 py-3">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-800">{children}</dd>
    </div>
  );
}

function LinkRow({ label, href }: { label: string; href: string | null }) {
  return (
    <li className="flex items-center justify-between gap-3">
      <span className="text-zinc-500">{label}</span>
      {href ? (
        <SafeLink href={href} className="inline-flex min-w-0 items-center gap-1 truncate font-medium text-indigo-600 hover:text-indigo-500">
          Open <ExternalIcon />
        </SafeLink>
      ) : (
        <span className="text-zinc-400">None</span>
      )}
    </li>
  );
}
