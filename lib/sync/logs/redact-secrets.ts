/**
 * Defence in depth for what Ferry stores in sync logs: destination clients never put credentials
 * in paths or messages, but if one ever does (a query-string key, an echoed header, an error body
 * quoting a token), it is masked before it reaches the database.
 */
export const REDACTED = "[redacted]";

/** Names whose values are secrets: authorization, apiKey/api_key/x-api-key, *token*, password, *secret*, cookies, signatures. */
const SECRET_NAME = /(authori[sz]ation|api[-_]?key|token|passw(or)?d|pwd|secret|cookie|session[-_]?id|signature|credential)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const NAME_CHARS = "[A-Za-z0-9_.-]*";
const SECRET_WORD = `${NAME_CHARS}(?:authori[sz]ation|api[-_]?key|token|passw(?:or)?d|pwd|secret|cookie|session[-_]?id|signature|credential)${NAME_CHARS}`;

const TEXT_RULES: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // URL userinfo: https://user:pass@host → https://[redacted]@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
  // key=value / "key": "value" / key: value, where the key names a secret (values may be "Basic abc…").
  [
    new RegExp(
      `(["']?)(${SECRET_WORD})\\1(\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"|'[^']*'|(?:Basic|Bearer|Token|Digest)\\s+[^\\s&,;"'}\\]]+|[^\\s&,;"'}\\]]+)`,
      "gi",
    ),
    (whole, q, key, sep, value) => {
      if (value.replace(/^["']/, "").startsWith(REDACTED.slice(0, -1))) return whole;
      const quote = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : "";
      return `${q}${key}${q}${sep}${quote}${REDACTED}${quote}`;
    },
  ],
  // Authorization schemes anywhere in text.
  [/\b(Basic|Bearer|Digest)\s+[A-Za-z0-9._~+/=:-]{6,}/g, `$1 ${REDACTED}`],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // Vendor key shapes: Vitally-style sk_live_/sk_test_ keys, Salesforce session ids (00D…!…).
  [/\b(sk|pk|rk)_(live|test)_[A-Za-z0-9]{6,}/g, `$1_$2_${REDACTED}`],
  [/\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{10,}/g, REDACTED],
];

/** Masks secrets in free text (messages, error bodies, paths). */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) {
    out = out.replace(pattern, replacement as never);
  }
  return out;
}

/** Masks secret-named query parameters (`?apiKey=…&token=…`), then anything `redactText` catches. */
export function redactPath(path: string): string {
  const masked = path.replace(/([?&;])([^=&#;]*)=([^&#;]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, " "));
    } catch {
      /* keep the raw name */
    }
    return isSecretName(decoded) ? `${sep}${name}=${REDACTED}` : whole;
  });
  return redactText(masked);
}

/** Limits for stored JSON (the linking decision and its evidence). */
export type JsonLimits = { maxDepth: number; maxArray: number; maxString: number; maxKeys: number };
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 8, maxArray: 50, maxString: 1000, maxKeys: 100 };

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A JSON-safe copy of `value` with secret-named keys masked, secrets in strings masked, and
 * strings, arrays, objects and depth capped. Non-JSON values (functions, undefined) are dropped
 * the way JSON.stringify drops them; Dates become ISO strings.
 */
export function redactJson(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  let plain: unknown;
  try {
    const text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    plain = text === undefined ? null : JSON.parse(text);
  } catch {
    return { unserializable: true };
  }
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === "string") return truncate(redactText(v), limits.maxString);
    if (v === null || typeof v !== "object") return v;
    if (depth >= limits.maxDepth) return "[truncated]";
    if (Array.isArray(v)) {
      const items = v.slice(0, limits.maxArray).map((x) => walk(x, depth + 1));
      if (v.length > limits.maxArray) items.push(`[${v.length - limits.maxArray} more not stored]`);
      return items;
    }
    const out: Record<string, unknown> = {};
    const entries = Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries.slice(0, limits.maxKeys)) {
      out[k] = isSecretName(k) && x !== null && typeof x !== "boolean" ? REDACTED : walk(x, depth + 1);
    }
    if (entries.length > limits.maxKeys) out["…"] = `${entries.length - limits.maxKeys} more keys not stored`;
    return out;
  };
  return walk(plain, 0);
}
