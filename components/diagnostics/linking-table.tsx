import { LINKING_TABLE, type Presence } from "@/lib/vitally/linking";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";

const PRESENCE: Record<Presence, string> = { none: "None", one: "One", several: "Several" };

/**
 * The linking table of the Vitally sync, row for row, with the row that applied to this request
 * highlighted (and announced as the current row).
 */
export function LinkingTable({ appliedRow, caption }: { appliedRow: number | null; caption: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200">
      <table className="w-full border-collapse text-left text-sm">
        <caption className="border-b border-zinc-100 bg-zinc-50/80 px-3 py-2 text-left text-xs font-medium text-zinc-600">{caption}</caption>
        <thead className="border-b border-zinc-200">
          <tr>
            <th scope="col" className="px-3 py-2 text-xs font-medium text-zinc-500">
              Row
            </th>
            <th scope="col" className="px-3 py-2 text-xs font-medium text-zinc-500">
              User’s organizations
            </th>
            <th scope="col" className="px-3 py-2 text-xs font-medium text-zinc-500">
              User’s accounts
            </th>
            <th scope="col" className="px-3 py-2 text-xs font-medium text-zinc-500">
              Synced with
            </th>
          </tr>
        </thead>
        <tbody>
          {LINKING_TABLE.map((r) => {
            const applied = r.row === appliedRow;
            return (
              <tr
                key={r.row}
                aria-current={applied ? "true" : undefined}
                data-applied={applied || undefined}
                className={cn("border-b border-zinc-100 last:border-0", applied && (r.syncs ? "bg-emerald-50" : "bg-amber-50"))}
              >
                <td className={cn("px-3 py-1.5 font-mono text-xs text-zinc-500", applied && "border-l-4 border-l-indigo-500 pl-2")}>{r.row}</td>
                <td className="px-3 py-1.5 text-zinc-700">{PRESENCE[r.organizations]}</td>
                <td className="px-3 py-1.5 text-zinc-700">{PRESENCE[r.accounts]}</td>
                <td className={cn("px-3 py-1.5", r.syncs ? "text-zinc-800" : "text-zinc-500", applied && "font-medium")}>
                  <span className="inline-flex flex-wrap items-center gap-2">
                    {r.outcome}
                    {applied ? <Badge tone={r.syncs ? "green" : "amber"}>Applies to this request</Badge> : null}
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
