import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";

export type CallRow = { method: string; path: string; status: number | null; durationMs: number };

/** The calls an attempt made to the destination: method, path, status and duration (never credentials). */
export function CallList({ calls, label, destination = "Vitally" }: { calls: CallRow[]; label: string; destination?: string }) {
  if (calls.length === 0) return <p className="text-xs text-zinc-500">No call to {destination} was needed.</p>;
  return (
    <Table aria-label={label} className="text-xs">
      <THead>
        <tr>
          <TH>Method</TH>
          <TH>Path</TH>
          <TH className="text-right">Status</TH>
          <TH className="text-right">Duration</TH>
        </tr>
      </THead>
      <tbody>
        {calls.map((c, i) => (
          <TR key={i}>
            <TD className="py-1.5 font-mono">{c.method}</TD>
            <TD className="py-1.5 font-mono break-all text-zinc-600">{c.path}</TD>
            <TD
              className={cn(
                "py-1.5 text-right font-mono",
                c.status === null || c.status === 0 ? "text-zinc-400" : c.status >= 400 ? "text-red-600" : "text-emerald-700",
              )}
            >
              {c.status === null || c.status === 0 ? "no answer" : c.status}
            </TD>
            <TD className="py-1.5 text-right tabular-nums">{c.durationMs} ms</TD>
          </TR>
        ))}
      </tbody>
    </Table>
  );
}
