import type pg from "pg";

/**
 * Watches one database's statements while a benchmark runs: every `intervalMs` it lists the
 * client backends whose current statement has run longer than `thresholdMs`, and what each waits
 * on (pg_stat_activity). A latency tail with an idle event loop in the server is usually the
 * database: here, a WAL fsync (IO/WALSync) the virtual disk holds up under load, or a lock wait.
 */
export function watchPostgresWaits(pool: pg.Pool, database: string, opts: { intervalMs?: number; thresholdMs?: number } = {}) {
  const intervalMs = opts.intervalMs ?? 50;
  const thresholdMs = opts.thresholdMs ?? 50;
  /** Per statement (backend pid + start time): the longest it was seen running, and its waits. */
  const statements = new Map<string, { ms: number; waits: Set<string> }>();
  let stopped = false;
  let failed: string | null = null;

  const loop = (async () => {
    while (!stopped) {
      try {
        const r = await pool.query<{ pid: number; started: string; ms: number; wait: string | null }>(
          `SELECT pid, query_start::text AS started,
                  extract(epoch FROM clock_timestamp() - query_start) * 1000 AS ms,
                  wait_event_type || '/' || wait_event AS wait
             FROM pg_stat_activity
            WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()
              AND clock_timestamp() - query_start > make_interval(secs => $2::float8 / 1000)`,
          [database, thresholdMs],
        );
        for (const row of r.rows) {
          const key = `${row.pid} ${row.started}`;
          const s = statements.get(key) ?? { ms: 0, waits: new Set<string>() };
          s.ms = Math.max(s.ms, Number(row.ms));
          if (row.wait) s.waits.add(row.wait);
          statements.set(key, s);
        }
      } catch (err) {
        failed = err instanceof Error ? err.message : String(err);
        return;
      }
      await new Promise((res) => setTimeout(res, intervalMs));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      const waits = new Map<string, number>();
      let maxMs = 0;
      for (const s of statements.values()) {
        maxMs = Math.max(maxMs, s.ms);
        for (const w of s.waits) waits.set(w, (waits.get(w) ?? 0) + 1);
      }
      return { thresholdMs, slowStatements: statements.size, maxMs: Math.round(maxMs), waits: [...waits].sort((a, b) => b[1] - a[1]), failed };
    },
  };
}
