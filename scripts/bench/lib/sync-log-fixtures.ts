import type pg from "pg";

/**
 * Bulk SyncLog fixtures for benchmarks: one INSERT … SELECT generate_series per workspace, with
 * realistic shapes. Outcomes ~80/15/5; 14 skip and 6 failure reason codes (skewed, as real ones
 * are); attempts spread evenly over `days` and clustered around their request's creation; one
 * requestor email per request (50k distinct by default); 1–3 calls per attempt; a small decision.
 * The rows are counted in SyncLogHourly by the same statement, as recordSyncAttempt counts them.
 * Deterministic for a given seed.
 */
export const SKIP_REASONS = [
  "vitally_user_not_found",
  "no_organization_or_account",
  "pre_integration_request",
  "no_requestor_email",
  "several_organizations_no_account",
  "domain_no_match",
  "several_organizations_several_accounts",
  "none_organization_several_accounts",
  "domain_ambiguous",
  "push_new_disabled",
  "update_existing_disabled",
  "unchanged_payload",
  "older_snapshot",
  "integration_disconnected",
] as const;
export const FAILURE_REASONS = [
  "vitally_unavailable",
  "rate_limited",
  "timeout",
  "credentials_rejected",
  "invalid_response",
  "trait_type_mismatch",
] as const;
export const REASON_CODES = [...SKIP_REASONS, ...FAILURE_REASONS];

const FIRST = ["emma", "liam", "olivia", "noah", "ava", "elijah", "sophia", "james", "mia", "lucas", "amelia", "mason", "harper", "ethan", "evelyn", "logan", "abigail", "jacob", "emily", "jane", "oliver", "ella", "aiden", "chloe", "jackson", "grace", "sebastian", "zoe", "henry", "nora", "leo", "lily", "owen", "hannah", "wyatt", "aria", "jack", "layla", "luke", "riley"];
const LAST = ["smith", "johnson", "williams", "brown", "jones", "garcia", "miller", "davis", "rodriguez", "martinez", "hernandez", "lopez", "gonzalez", "wilson", "anderson", "thomas", "taylor", "moore", "jackson", "martin", "lee", "perez", "thompson", "white", "harris", "sanchez", "clark", "ramirez", "lewis", "robinson", "walker", "young", "allen", "king", "wright", "scott", "torres", "nguyen", "hill", "flores", "green", "adams", "nelson", "baker", "hall", "rivera", "campbell", "mitchell", "carter", "roberts"];
const COMPANY = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "wonka", "tyrell", "cyberdyne", "soylent", "massive", "aperture", "blackmesa", "oscorp", "gringotts", "monarch", "dunder", "pied-piper", "vehement", "sirius", "kramerica", "prestige", "nakatomi", "zorg", "virtucon", "bluth", "sterling", "duff"];

const sqlArray = (items: readonly string[]) => `ARRAY[${items.map((s) => `'${s.replace(/'/g, "''")}'`).join(",")}]::text[]`;

export type FixtureIntegration = { id: string; provider: "VITALLY" | "SALESFORCE"; share: number };

export type FillOptions = {
  workspaceId: string;
  integrations: FixtureIntegration[];
  rows: number;
  /** The newest attempt's time; attempts spread over the `days` before it. */
  end: Date;
  days?: number;
  distinctRequests?: number;
  seed?: number;
};

/** The email of the requestor of request `n` (1-based), as the fixtures write it. */
export function fixtureEmail(n: number, distinctRequests = 50_000): string {
  const e = (n * 7919) % distinctRequests;
  return `${FIRST[e % 40]}.${LAST[Math.floor(e / 40) % 50]}${Math.floor(e / 2000)}@${COMPANY[(e * 31) % 30]}.com`;
}

export async function fillSyncLogs(client: pg.ClientBase, o: FillOptions): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const days = o.days ?? 30;
  const requests = o.distinctRequests ?? 50_000;
  const total = o.integrations.reduce((s, i) => s + i.share, 0);
  let acc = 0;
  // integration picked by cumulative share
  const integrationCase = o.integrations
    .map((i, k) => {
      acc += i.share / total;
      const bound = k === o.integrations.length - 1 ? 1.01 : acc;
      return `WHEN r_int < ${bound} THEN '${i.id}|${i.provider}'`;
    })
    .join(" ");
  await client.query(`SELECT setseed($1)`, [o.seed ?? 0.42]);
  await client.query(
    `
    WITH base AS (
      SELECT g, random() AS r_int, random() AS r_out, random() AS r_reason, random() AS r_kind, random() AS r_req,
             random() AS r_dur, random() AS r_trig, random() AS r_jit
      FROM generate_series(1, $2::int) AS g
    ), shaped AS (
      SELECT g, r_dur, r_trig,
        (CASE ${integrationCase} END) AS integ,
        CASE WHEN r_out < 0.80 THEN 'SYNCED' WHEN r_out < 0.95 THEN 'SKIPPED' ELSE 'FAILED' END AS outcome,
        CASE WHEN r_kind < 0.70 THEN 'REQUEST' WHEN r_kind < 0.85 THEN 'CONVERSATION' WHEN r_kind < 0.97 THEN 'MESSAGE' ELSE 'SCHEMA' END AS kind,
        r_reason,
        greatest(1, least($4::int, floor($4::int * (g::float8 / $2::int)) + floor((r_req - 0.5) * 4000)))::int AS n,
        $3::timestamptz - make_interval(secs => ($5::float8 * 86400) * (1 - g::float8 / $2::int) + r_jit * 5) AS at
      FROM base
    ), reasoned AS (
      SELECT *,
        CASE outcome
          WHEN 'SKIPPED' THEN (${sqlArray(SKIP_REASONS)})[1 + floor(${SKIP_REASONS.length} * r_reason * r_reason)::int]
          WHEN 'FAILED' THEN (${sqlArray(FAILURE_REASONS)})[1 + floor(${FAILURE_REASONS.length} * power(r_reason, 1.5))::int]
        END AS reason
      FROM shaped
    ), final AS (
      SELECT *,
        CASE WHEN kind = 'SCHEMA' THEN NULL ELSE md5($1::text || ':' || n)::uuid END AS request_id,
        ((n * 7919) % $4::int) AS e
      FROM reasoned
    ), logged AS (
    INSERT INTO "SyncLog" ("workspaceId", "integrationId", "provider", "kind", "requestId", "requestNumber", "requestorEmail",
      "trigger", "outcome", "reasonCode", "message", "decision", "calls", "remoteId", "durationMs", "createdAt")
    SELECT $1::uuid, split_part(integ, '|', 1)::uuid, split_part(integ, '|', 2)::"IntegrationProvider", kind::"SyncKind",
      request_id,
      CASE WHEN kind = 'SCHEMA' THEN NULL ELSE n END,
      CASE WHEN kind = 'SCHEMA' OR reason = 'no_requestor_email' THEN NULL
           ELSE (${sqlArray(FIRST)})[1 + e % 40] || '.' || (${sqlArray(LAST)})[1 + (e / 40) % 50] || (e / 2000)::text
                || '@' || (${sqlArray(COMPANY)})[1 + (e * 31) % 30] || '.com' END,
      CASE WHEN kind = 'SCHEMA' THEN 'schema.ensure'
           WHEN r_trig < 0.25 THEN 'ferry/request.created' WHEN r_trig < 0.80 THEN 'ferry/request.updated'
           WHEN r_trig < 0.95 THEN 'ferry/request.message-added' ELSE 'retry' END,
      outcome::"SyncOutcome",
      reason,
      CASE outcome
        WHEN 'SYNCED' THEN NULL
        WHEN 'SKIPPED' THEN 'Not synced: ' || replace(reason, '_', ' ') || ' (request #' || n || ').'
        ELSE 'Vitally call failed: ' || replace(reason, '_', ' ') || '; will retry.' END,
      CASE WHEN kind = 'SCHEMA' THEN NULL
           ELSE jsonb_build_object('rule', CASE outcome WHEN 'SYNCED' THEN 'one-one' ELSE 'none-several' END,
                                   'organizations', (e % 3), 'accounts', (e % 4), 'userId', 'usr_' || substr(md5(e::text), 1, 12)) END,
      CASE outcome
        WHEN 'SYNCED' THEN jsonb_build_array(
          jsonb_build_object('method', 'GET', 'path', '/resources/users/search?email=redacted', 'status', 200, 'durationMs', 40 + (r_dur * 200)::int, 'kind', 'users.find'),
          jsonb_build_object('method', 'PUT', 'path', '/resources/customObjects/co_ferry/instances', 'status', 200, 'durationMs', 60 + (r_dur * 400)::int, 'kind', 'instances.upsert'))
        WHEN 'SKIPPED' THEN jsonb_build_array(
          jsonb_build_object('method', 'GET', 'path', '/resources/users/search?email=redacted', 'status', 200, 'durationMs', 40 + (r_dur * 200)::int, 'kind', 'users.find'))
        ELSE jsonb_build_array(
          jsonb_build_object('method', 'PUT', 'path', '/resources/customObjects/co_ferry/instances', 'status',
            CASE reason WHEN 'rate_limited' THEN 429 WHEN 'credentials_rejected' THEN 401 WHEN 'timeout' THEN 0 ELSE 503 END,
            'durationMs', 100 + (r_dur * 3000)::int, 'kind', 'instances.upsert')) END,
      CASE WHEN outcome = 'SYNCED' AND kind <> 'SCHEMA' THEN 'inst_' || substr(md5(n::text || $1::text), 1, 20) END,
      (80 + 900 * r_dur * r_dur * r_dur)::int,
      date_trunc('milliseconds', at)
    FROM final
    RETURNING "workspaceId", "createdAt", "provider", "kind", "outcome"
    )
    INSERT INTO "SyncLogHourly" AS h ("workspaceId", "hour", "provider", "kind", "outcome", "count")
    SELECT "workspaceId", date_trunc('hour', "createdAt", 'UTC'), "provider", "kind", "outcome", count(*)::int
    FROM logged
    GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT ("workspaceId", "hour", "provider", "kind", "outcome") DO UPDATE SET "count" = h."count" + EXCLUDED."count"`,
    [o.workspaceId, o.rows, o.end.toISOString(), requests, days],
  );
  return { rows: o.rows, ms: performance.now() - started };
}
