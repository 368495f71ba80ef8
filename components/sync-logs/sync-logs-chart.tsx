"use client";

import { useId } from "react";
import type { SyncLogStats } from "@/lib/sync/logs/sync-log-stats";
import { Table, TD, TH, THead, TR } from "@/components/ui/table";
import { OUTCOME } from "@/components/sync-logs/labels";

const W = 720;
const H = 190;
const PAD = { top: 10, right: 8, bottom: 24, left: 34 };
const SERIES = [
  { key: "synced", outcome: "SYNCED" },
  { key: "skipped", outcome: "SKIPPED" },
  { key: "failed", outcome: "FAILED" },
] as const;

function niceMax(value: number): number {
  if (value <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value / 4)! * magnitude;
  return Math.ceil(value / step) * step;
}

function bucketLabel(start: string, stats: SyncLogStats, long: boolean): string {
  const date = new Date(start);
  const options: Intl.DateTimeFormatOptions =
    stats.bucket === "hour"
      ? long
        ? { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }
        : { hour: "2-digit", minute: "2-digit" }
      : { day: "numeric", month: "short" };
  return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: stats.timeZone }).format(date);
}

/**
 * Synced / skipped / failed per hour or day as stacked bars, in plain SVG. The SVG has a title and
 * a description with the totals; the exact numbers are in a table under it for screen readers and
 * for anyone who wants them.
 */
export function SyncLogsChart({ stats }: { stats: SyncLogStats }) {
  const titleId = useId();
  const descId = useId();
  const n = Math.max(stats.buckets.length, 1);
  const max = niceMax(Math.max(0, ...stats.buckets.map((b) => b.synced + b.skipped + b.failed)));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / n;
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const labelEvery = Math.ceil(n / 8);
  const unit = stats.bucket === "hour" ? "hour" : "day";
  const range = `${bucketLabel(stats.from, stats, true)} to ${bucketLabel(stats.to, stats, true)} (${stats.timeZone})`;

  return (
    <figure className="space-y-3">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby={titleId} aria-describedby={descId}>
        <title id={titleId}>{`Sync attempts per ${unit}, by outcome`}</title>
        <desc id={descId}>
          {`${range}: ${stats.totals.synced} synced, ${stats.totals.skipped} skipped, ${stats.totals.failed} failed. The table below lists each ${unit}.`}
        </desc>
        {[0, max / 2, max].map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#e4e4e7" strokeDasharray={tick === 0 ? undefined : "3 3"} />
            <text x={PAD.left - 6} y={y(tick) + 3.5} textAnchor="end" fontSize={10} fill="#71717a">
              {Number.isInteger(tick) ? tick : tick.toFixed(1)}
            </text>
          </g>
        ))}
        {stats.buckets.map((b, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={b.start}>
              <title>{`${bucketLabel(b.start, stats, true)}: ${b.synced} synced, ${b.skipped} skipped, ${b.failed} failed`}</title>
              {SERIES.map((s) => {
                const value = b[s.key];
                if (value === 0) return null;
                const top = y(base + value);
                const height = y(base) - top;
                base += value;
                return <rect key={s.key} x={x} y={top} width={barW} height={Math.max(height, 0.5)} fill={OUTCOME[s.outcome].color} rx={1} />;
              })}
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={H - 8} textAnchor="middle" fontSize={10} fill="#71717a">
                  {bucketLabel(b.start, stats, false)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-600">
        {SERIES.map((s) => (
          <span key={s.key} className="inline-flex items-center gap-1.5">
            <span aria-hidden className="size-2.5 rounded-sm" style={{ background: OUTCOME[s.outcome].color }} />
            {OUTCOME[s.outcome].label} <span className="font-semibold text-zinc-900">{stats.totals[s.key]}</span>
          </span>
        ))}
        <span className="text-zinc-400">·</span>
        <span>
          Per {unit}, {range}
        </span>
      </figcaption>
      <details className="text-sm">
        <summary className="cursor-pointer text-xs font-medium text-indigo-600 select-none hover:text-indigo-500">Show the numbers as a table</summary>
        <div className="mt-2 max-h-72 overflow-y-auto rounded-lg border border-zinc-200">
          <Table aria-label={`Sync attempts per ${unit}`}>
            <THead>
              <tr>
                <TH>{unit === "hour" ? "Hour" : "Day"}</TH>
                <TH className="text-right">Synced</TH>
                <TH className="text-right">Skipped</TH>
                <TH className="text-right">Failed</TH>
              </tr>
            </THead>
            <tbody>
              {stats.buckets.map((b) => (
                <TR key={b.start}>
                  <TD className="py-1.5">{bucketLabel(b.start, stats, true)}</TD>
                  <TD className="py-1.5 text-right tabular-nums">{b.synced}</TD>
                  <TD className="py-1.5 text-right tabular-nums">{b.skipped}</TD>
                  <TD className="py-1.5 text-right tabular-nums">{b.failed}</TD>
                </TR>
              ))}
            </tbody>
          </Table>
        </div>
      </details>
    </figure>
  );
}
