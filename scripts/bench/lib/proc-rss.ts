import { readdirSync, readFileSync } from "node:fs";

/**
 * Samples the resident memory of a process tree from /proc (Linux) every `intervalMs`, keeping the
 * peak of the tree's sum and of its largest process. `next start` runs the server in a child
 * (`next-server`), so the root pid alone would miss most of it.
 */
const PAGE = 4096;

const CLOCK_TICKS_PER_S = 100; // USER_HZ on Linux

type ProcEntry = { ppid: number; rssBytes: number; name: string; cpuMs: number };

function readProc(pid: number): ProcEntry | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm may contain spaces and parentheses: the fields after the last ')' are fixed.
    const close = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, close);
    const fields = stat.slice(close + 2).split(" ");
    const ppid = Number(fields[1]);
    const rssPages = Number(fields[21]);
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S; // utime + stime
    return { ppid, rssBytes: rssPages * PAGE, name, cpuMs };
  } catch {
    return null; // exited
  }
}

function processTable(): Map<number, ProcEntry> {
  const table = new Map<number, ProcEntry>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const p = readProc(Number(entry));
    if (p) table.set(Number(entry), p);
  }
  return table;
}

function tree(rootPid: number): (ProcEntry & { pid: number })[] {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const out: (ProcEntry & { pid: number })[] = [];
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    const p = table.get(pid);
    if (p) out.push({ ...p, pid });
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** CPU time (user + system, ms) used so far by a process tree. */
export function treeCpuMs(rootPid: number): number {
  return tree(rootPid).reduce((sum, p) => sum + p.cpuMs, 0);
}

/**
 * Samples the tree every `intervalMs`. Reading all of /proc each time cost the load generator ~2.5%
 * of a core, so a tick reads only the tree's known processes; the tree itself is re-listed once a
 * second (and at once if one of them exited), which is how a new child is picked up.
 */
export function sampleRss(rootPid: number, intervalMs = 100) {
  let peakTotal = 0;
  let peakLargest = { pid: rootPid, name: "", rssBytes: 0 };
  let samples = 0;
  let pids: number[] = [];
  let listedAt = 0;
  const tick = () => {
    let entries = pids.map((pid) => ({ pid, p: readProc(pid) }));
    if (Date.now() - listedAt >= 1000 || entries.some((e) => !e.p)) {
      const members = tree(rootPid);
      pids = members.map((m) => m.pid);
      listedAt = Date.now();
      entries = members.map((m) => ({ pid: m.pid, p: m }));
    }
    let total = 0;
    let largest = { pid: rootPid, name: "", rssBytes: 0 };
    for (const { pid, p } of entries) {
      if (!p) continue;
      total += p.rssBytes;
      if (p.rssBytes > largest.rssBytes) largest = { pid, name: p.name, rssBytes: p.rssBytes };
    }
    samples++;
    if (total > peakTotal) peakTotal = total;
    if (largest.rssBytes > peakLargest.rssBytes) peakLargest = largest;
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    reset() {
      peakTotal = 0;
      peakLargest = { pid: rootPid, name: "", rssBytes: 0 };
      samples = 0;
    },
    stop() {
      clearInterval(timer);
      return { peakTotalBytes: peakTotal, peakLargest, samples };
    },
  };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/**
 * CPU of the whole machine split by who used it, between `start()` and `stop()`: the given process
 * tree, PostgreSQL's processes, this process (the load generator) and everything else, in CPU
 * seconds, plus idle. On a 2-core machine it shows whether the server or the machine ran out.
 */
export function machineCpuSplit(serverPid: number) {
  const machine = () => {
    const [, ...f] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { busyMs: ((total - idle) * 1000) / CLOCK_TICKS_PER_S, idleMs: (idle * 1000) / CLOCK_TICKS_PER_S };
  };
  const postgresByPid = () => new Map([...processTable()].filter(([, p]) => p.name === "postgres").map(([pid, p]) => [pid, p.cpuMs]));
  const selfMs = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const m0 = machine();
  const s0 = treeCpuMs(serverPid);
  const p0 = postgresByPid();
  const g0 = selfMs();
  return {
    stop() {
      const m1 = machine();
      const server = treeCpuMs(serverPid) - s0;
      // Per backend alive at the end; what backends that exited meanwhile used lands in "other".
      const postgres = [...postgresByPid()].reduce((sum, [pid, ms]) => sum + ms - (p0.get(pid) ?? 0), 0);
      const generator = selfMs() - g0;
      const busy = m1.busyMs - m0.busyMs;
      return { serverMs: server, postgresMs: postgres, generatorMs: generator, otherMs: Math.max(0, busy - server - postgres - generator), idleMs: m1.idleMs - m0.idleMs };
    },
  };
}
