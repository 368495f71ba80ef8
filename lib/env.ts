import { z } from "zod";

/**
 * The only reader of process.env. Every variable has a safe default so a fresh checkout runs with
 * no .env at all; production refuses the development secrets.
 */
const DEV_SECRET = "ferry-development-secret-do-not-use-in-production";
const DEV_ENCRYPTION_KEY = "ZmVycnktZGV2LWVuY3J5cHRpb24ta2V5LTMyLWJ5dGU="; // base64 of 32 bytes, dev only

const ZEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/ferry"),
    /** Pool size of each app process's PostgreSQL connection pool. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
    /** Named (per-connection cached) prepared statements for hot queries; set 0 behind PgBouncer < 1.21 in transaction mode. */
    DATABASE_PREPARED_STATEMENTS: z
      .enum(["0", "1", "true", "false"])
      .default("1")
      .transform((v) => v === "1" || v === "true"),
    NEXTAUTH_SECRET: z.string().min(16).default(DEV_SECRET),
    NEXTAUTH_URL: z.string().url().default("http://localhost:3000"),
    /** Public origin of Ferry, used in links Ferry writes elsewhere (request web links). */
    FERRY_APP_URL: z.string().url().optional(),
    /** base64 32-byte keys, comma-separated, newest first: the first encrypts, all decrypt (rotation). */
    FERRY_ENCRYPTION_KEYS: z.string().default(DEV_ENCRYPTION_KEY),
    /** How often (ms) the in-process relay retries undelivered outbox events while the app runs; 0 = off. */
    OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(0).default(15_000),
    /** The Vitally sandbox started by `npm run dev` (empty = none). */
    VITALLY_SANDBOX_URL: z.string().url().optional(),
    /** Extra Vitally-compatible base URLs an operator allows (comma-separated), e.g. a staging proxy. */
    VITALLY_ALLOWED_BASE_URLS: z.string().default(""),
    /** Vitally calls per sliding minute Ferry allows itself per API key (Vitally's limit is 1000). */
    VITALLY_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(990),
    /** The External Client App's consumer key and secret (Setup → External Client App Manager); unset = no real org can be connected. */
    SALESFORCE_CLIENT_ID: z.string().trim().min(1).max(256).optional(),
    SALESFORCE_CLIENT_SECRET: z.string().trim().min(1).max(256).optional(),
    /** The Salesforce emulator started by `npm run dev` (empty = none); it is connected with its demo app. */
    SALESFORCE_SANDBOX_URL: z.string().url().optional(),
    /** Extra Salesforce login/instance base URLs an operator allows (comma-separated), e.g. a proxy. */
    SALESFORCE_ALLOWED_BASE_URLS: z.string().default(""),
    /** Share of an org's daily API allocation Ferry leaves to other tools: pushes pause at (1 − reserve) × max. */
    SALESFORCE_API_RESERVE: z.coerce.number().min(0).max(0.9).default(0.1),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production" || process.env.FERRY_ALLOW_DEV_SECRETS === "1") return;
    if (env.NEXTAUTH_SECRET === DEV_SECRET) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "set a real secret in production" });
    }
    if (env.FERRY_ENCRYPTION_KEYS === DEV_ENCRYPTION_KEY) {
      ctx.addIssue({ code: "custom", path: ["FERRY_ENCRYPTION_KEYS"], message: "set a real key in production" });
    }
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.SALESFORCE_CLIENT_ID) !== Boolean(env.SALESFORCE_CLIENT_SECRET)) {
      const missing = env.SALESFORCE_CLIENT_ID ? "SALESFORCE_CLIENT_SECRET" : "SALESFORCE_CLIENT_ID";
      ctx.addIssue({ code: "custom", path: [missing], message: "set both SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET, or neither" });
    }
  });

export type Env = z.infer<typeof ZEnv>;

function blankToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(source)) out[k] = v === "" ? undefined : v;
  return out;
}

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = ZEnv.safeParse(blankToUndefined(source));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

let cached: Env | undefined;
/** Parsed lazily so that `next build` can import modules without a runtime environment. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** For tests that change process.env. */
export function resetEnvCache() {
  cached = undefined;
}

export function appUrl(): string {
  const e = env();
  return (e.FERRY_APP_URL ?? e.NEXTAUTH_URL).replace(/\/$/, "");
}
