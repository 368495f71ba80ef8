import { readdirSync, readFileSync } from "node:fs";

/**
 * Samples the resident memory of a process tree from /proc (Linux) every `intervalMs`, keeping the
 * peak of the tree's sum and of its largest process. `next start` runs the server in a child
 * (`next-server`), so the root pid alone would miss most of it.
 */
const PAGE = 4096;

function processTable(): Map<number, { ppid: number; rssBytes: number; name: string }> {
  const table = new Map<number, { ppid: number; rssBytes: number; name: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // comm may contain spaces and parentheses: the fields after the last ')' are fixed.
      const close = stat.lastIndexOf(")");
      const name = stat.slice(stat.indexOf("(") + 1, close);
      const fields = stat.slice(close + 2).split(" ");
      const ppid = Number(fields[1]);
      const rssPages = Number(fields[21]);
      table.set(Number(entry), { ppid, rssBytes: rssPages * PAGE, name });
    } catch {
      // exited between readdir and read
    }
  }
  return table;
}

export function treeRss(rootPid: number) {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, p] of table) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let total = 0;
  let largest = { pid: rootPid, name: "", rssBytes: 0 };
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    const p = table.get(pid);
    if (p) {
      total += p.rssBytes;
      if (p.rssBytes > largest.rssBytes) largest = { pid, name: p.name, rssBytes: p.rssBytes };
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return { total, largest };
}

export function sampleRss(rootPid: number, intervalMs = 100) {
  let peakTotal = 0;
  let peakLargest = { pid: rootPid, name: "", rssBytes: 0 };
  let samples = 0;
  const tick = () => {
    const { total, largest } = treeRss(rootPid);
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
