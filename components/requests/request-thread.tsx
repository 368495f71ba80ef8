import type { ThreadMessage } from "@/lib/dashboard/get-request-detail";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PaperclipIcon } from "@/components/ui/icons";
import { LocalTime } from "@/components/ui/local-time";
import { formatBytes } from "@/components/requests/labels";
import { SafeLink } from "@/components/requests/safe-link";

/** One of a request's two threads, oldest message first. */
export function RequestThread({ id, title, description, messages, empty }: { id: string; title: string; description: string; messages: ThreadMessage[]; empty: string }) {
  return (
    <Card>
      <CardHeader id={id} title={`${title} (${messages.length})`} description={description} />
      {messages.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500">{empty}</p>
      ) : (
        <ol aria-labelledby={id} className="divide-y divide-zinc-100">
          {messages.map((m) => (
            <li key={m.id} className="flex gap-3 px-5 py-4">
              <span
                aria-hidden
                className={
                  m.authorType === "CUSTOMER"
                    ? "flex size-8 shrink-0 items-center justify-center rounded-full bg-sky-100 text-xs font-semibold text-sky-700"
                    : "flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700"
                }
              >
                {m.authorName.trim().charAt(0).toUpperCase() || "?"}
              </span>
              <div className="min-w-0 flex-1">
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-medium text-zinc-900">{m.authorName}</span>
                  {m.authorEmail ? <span className="text-xs text-zinc-500">{m.authorEmail}</span> : null}
                  <Badge tone={m.authorType === "CUSTOMER" ? "blue" : "violet"}>{m.authorType === "CUSTOMER" ? "Customer" : "Team"}</Badge>
                  <span className="text-xs text-zinc-500">
                    <LocalTime value={m.sentAt} />
                  </span>
                  {m.editedAt ? (
                    <span className="text-xs text-zinc-500">
                      · edited <LocalTime value={m.editedAt} />
                    </span>
                  ) : null}
                  {m.deletedAt ? <Badge tone="red">Deleted</Badge> : null}
                </div>
                {m.deletedAt ? (
                  <p className="mt-1.5 text-sm text-zinc-500 italic">
                    Deleted on the support platform <LocalTime value={m.deletedAt} />. The original text:{" "}
                    <span className="line-through">{m.text}</span>
                  </p>
                ) : (
                  <p className="mt-1.5 text-sm leading-relaxed whitespace-pre-wrap text-zinc-800">{m.text}</p>
                )}
                {m.attachments.length > 0 ? (
                  <ul aria-label="Attachments" className="mt-2.5 flex flex-wrap gap-2">
                    {m.attachments.map((a, i) => (
                      <li key={`${a.url}-${i}`}>
                        <SafeLink
                          href={a.url}
                          className="inline-flex items-center gap-1.5 rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1 text-xs text-zinc-700 hover:border-zinc-300 hover:bg-white"
                        >
                          <PaperclipIcon className="text-zinc-400" />
                          <span className="font-medium">{a.name}</span>
                          <span className="text-zinc-500">{formatBytes(a.size)}</span>
                        </SafeLink>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
