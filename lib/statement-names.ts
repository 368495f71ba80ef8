import { createHash } from "node:crypto";

/**
 * Names for PostgreSQL prepared statements, so that each connection parses and plans a statement
 * once instead of on every call (Prisma's adapter-pg sends unnamed statements otherwise). On the
 * request-create statement that halves PostgreSQL's work per ingest.
 *
 * Every named statement stays prepared on each connection for the connection's life, so names are
 * handed out only to statements seen at least twice (the hot ones), to at most `maxNamed` distinct
 * texts per process; anything beyond runs unnamed as before. A statement's name is a hash of its
 * text, so the same text gets the same name in every process.
 */
export function statementNamer(opts: { maxNamed?: number; maxTracked?: number } = {}) {
  const maxNamed = opts.maxNamed ?? 500;
  const maxTracked = opts.maxTracked ?? 5_000;
  const seen = new Map<string, number>();
  const named = new Map<string, string>();
  const name = (sql: string): string | undefined => {
    const known = named.get(sql);
    if (known) return known;
    if (named.size >= maxNamed) return undefined;
    const count = (seen.get(sql) ?? 0) + 1;
    if (count < 2) {
      if (seen.size >= maxTracked) seen.clear();
      seen.set(sql, count);
      return undefined;
    }
    seen.delete(sql);
    const id = `ferry_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
    named.set(sql, id);
    return id;
  };
  return { name, namedCount: () => named.size };
}
