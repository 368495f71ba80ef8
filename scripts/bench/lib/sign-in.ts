import type pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { percentile } from "./stats";

/**
 * A dashboard session for benchmarks against `next start`: a password user who is a member of the
 * bench workspace, signed in through next-auth's credentials callback as the login form does, and
 * sequential timed GETs of the session-authenticated JSON routes (/api/w/<workspace>/…) with its cookie.
 */
export type BenchUser = { email: string; password: string };
export const BENCH_OWNER: BenchUser = { email: "bench-owner@ferry.dev", password: "bench-password-1234" };

/** Adds `user` (password set) as an OWNER of the workspace; running it again on the same database is a no-op. */
export async function addBenchOwner(db: pg.ClientBase | pg.Pool, workspaceId: string, user: BenchUser = BENCH_OWNER) {
  const { rows: [row] } = await db.query<{ id: string }>(
    `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, 'Bench Owner', $2, now())
     ON CONFLICT (email) DO UPDATE SET "passwordHash" = EXCLUDED."passwordHash" RETURNING id`,
    [user.email, await hashPassword(user.password)],
  );
  await db.query(
    `INSERT INTO "Membership" (id, "workspaceId", "userId", role, "updatedAt") VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'OWNER', now())
     ON CONFLICT ("workspaceId", "userId") DO NOTHING`,
    [workspaceId, row!.id],
  );
}

/** Signs in like the login form does (next-auth credentials callback) and returns the cookie header. */
export async function signIn(baseUrl: string, user: BenchUser = BENCH_OWNER): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = (pair ?? "").indexOf("=");
      if (eq > 0) jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  keep(csrfRes);
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email: user.email, password: user.password, json: "true", callbackUrl: baseUrl }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("next-auth.session-token"))) {
    throw new Error(`sign-in failed (HTTP ${res.status}): no session cookie`);
  }
  return cookie();
}

/**
 * Times `samples` sequential GETs of a JSON route (after `warmup` untimed ones: JIT, pools, plan
 * cache), each from sending the request to the parsed body. Any answer other than a 200 whose body
 * `accept`s throws, so a figure never stands for an error page.
 */
export async function timeJsonGet<T>(
  url: string,
  cookie: string,
  opts: { samples: number; warmup?: number; accept: (body: T) => boolean },
): Promise<{ p50: number; p95: number; max: number; last: T }> {
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    const body = (await res.json()) as T;
    const ms = performance.now() - t0;
    if (res.status !== 200 || !opts.accept(body)) {
      throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
    }
    return { ms, body };
  };
  for (let i = 0; i < (opts.warmup ?? 10); i++) await once();
  const samples: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < opts.samples; i++) {
    const r = await once();
    samples.push(r.ms);
    last = r.body;
  }
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), last: last as T };
}
