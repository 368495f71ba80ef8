import { SalesforceError, invalidType, malformedQuery, noSuchColumn } from "./errors";
import type { FieldDef, ObjectDef } from "./schema";
import { visibleField } from "./security";
import type { Org, SfRecord } from "./store";

/**
 * The SOQL subset of reference §3.2 / §6 #11: SELECT fields (parent paths like `Account.Name`) or
 * COUNT(); FROM one object; WHERE with = != <> < > <= >= LIKE, [NOT] IN (list | semi-join
 * subquery), = null, AND/OR/NOT and parentheses; ORDER BY … ASC|DESC NULLS FIRST|LAST; LIMIT;
 * OFFSET. `=`, IN and LIKE on text are case-insensitive; string escapes `\' \\ \n \t`; LIKE
 * wildcards `%` `_` and their escapes `\%` `\_`. Fields the caller cannot see (FLS) are unknown.
 */

type Token = { kind: "word" | "string" | "number" | "op" | "punct"; text: string; value?: string };

type Literal = string | number | boolean | null;
type Condition =
  | { kind: "and"; left: Condition; right: Condition }
  | { kind: "or"; left: Condition; right: Condition }
  | { kind: "not"; inner: Condition }
  | { kind: "compare"; path: string; op: string; value: Literal }
  | { kind: "like"; path: string; pattern: string; negate: boolean }
  | { kind: "in"; path: string; values: Literal[] | ParsedQuery; negate: boolean };

export interface ParsedQuery {
  count: boolean;
  fields: string[];
  from: string;
  where: Condition | null;
  orderBy: Array<{ path: string; desc: boolean; nullsLast: boolean }>;
  limit: number | null;
  offset: number;
}

const KEYWORDS = new Set(["select", "from", "where", "and", "or", "not", "in", "like", "order", "by", "asc", "desc", "nulls", "first", "last", "limit", "offset", "null", "true", "false"]);

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql.charAt(i);
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === "'") {
      let value = "";
      let raw = "'";
      i += 1;
      let closed = false;
      while (i < soql.length) {
        const ch = soql.charAt(i);
        if (ch === "\\") {
          const next = soql.charAt(i + 1);
          const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" };
          // \% and \_ stay escaped: they only mean something inside LIKE patterns.
          if (next === "%" || next === "_") value += `\\${next}`;
          else if (next in map) value += map[next];
          else throw malformedQuery(`Invalid string literal '${soql.slice(i, i + 2)}'. Illegal character sequence '\\${next}' in string literal.`);
          raw += ch + next;
          i += 2;
          continue;
        }
        raw += ch;
        i += 1;
        if (ch === "'") {
          closed = true;
          break;
        }
        value += ch;
      }
      if (!closed) throw malformedQuery(`unexpected token: ${raw}`);
      tokens.push({ kind: "string", text: raw, value });
      continue;
    }
    const op = /^(!=|<>|<=|>=|=|<|>)/.exec(soql.slice(i));
    if (op) {
      tokens.push({ kind: "op", text: op[1] as string });
      i += (op[1] as string).length;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: "punct", text: c });
      i += 1;
      continue;
    }
    const dt = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2}))?/.exec(soql.slice(i));
    if (dt) {
      tokens.push({ kind: "string", text: dt[0], value: dt[0] });
      i += dt[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(soql.slice(i));
    if (num) {
      tokens.push({ kind: "number", text: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(soql.slice(i));
    if (word) {
      tokens.push({ kind: "word", text: word[0] });
      i += word[0].length;
      continue;
    }
    throw malformedQuery(`unexpected token: '${c}'`);
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isWord(word: string, offset = 0): boolean {
    const t = this.tokens[this.pos + offset];
    return t?.kind === "word" && t.text.toLowerCase() === word;
  }
  private fail(): never {
    const t = this.peek();
    throw malformedQuery(`unexpected token: ${t ? `'${t.text}'` : "<EOF>"}`);
  }
  private expectWord(word: string): void {
    if (!this.isWord(word)) this.fail();
    this.pos += 1;
  }
  private expectPunct(p: string): void {
    const t = this.peek();
    if (t?.kind !== "punct" || t.text !== p) this.fail();
    this.pos += 1;
  }
  private identifier(): string {
    const t = this.peek();
    if (t?.kind !== "word" || KEYWORDS.has(t.text.toLowerCase())) this.fail();
    this.pos += 1;
    return t.text;
  }
  private integer(): number {
    const t = this.peek();
    if (t?.kind !== "number" || !/^\d+$/.test(t.text)) this.fail();
    this.pos += 1;
    return Number(t.text);
  }

  query(nested = false): ParsedQuery {
    this.expectWord("select");
    let count = false;
    const fields: string[] = [];
    if (this.isWord("count") && this.tokens[this.pos + 1]?.text === "(") {
      this.pos += 2;
      this.expectPunct(")");
      count = true;
    } else {
      fields.push(this.identifier());
      while (this.peek()?.text === ",") {
        this.pos += 1;
        fields.push(this.identifier());
      }
    }
    this.expectWord("from");
    const from = this.identifier();
    let where: Condition | null = null;
    if (this.isWord("where")) {
      this.pos += 1;
      where = this.orCondition();
    }
    const orderBy: ParsedQuery["orderBy"] = [];
    if (this.isWord("order")) {
      this.pos += 1;
      this.expectWord("by");
      do {
        if (orderBy.length > 0) this.pos += 1;
        const path = this.identifier();
        let desc = false;
        if (this.isWord("asc")) this.pos += 1;
        else if (this.isWord("desc")) {
          this.pos += 1;
          desc = true;
        }
        let nullsLast = desc;
        if (this.isWord("nulls")) {
          this.pos += 1;
          if (this.isWord("first")) nullsLast = false;
          else if (this.isWord("last")) nullsLast = true;
          else this.fail();
          this.pos += 1;
        }
        orderBy.push({ path, desc, nullsLast });
      } while (this.peek()?.text === ",");
    }
    let limit: number | null = null;
    if (this.isWord("limit")) {
      this.pos += 1;
      limit = this.integer();
    }
    let offset = 0;
    if (this.isWord("offset")) {
      this.pos += 1;
      offset = this.integer();
    }
    if (!nested && this.peek()) this.fail();
    return { count, fields, from, where, orderBy, limit, offset };
  }

  private orCondition(): Condition {
    let left = this.andCondition();
    while (this.isWord("or")) {
      this.pos += 1;
      left = { kind: "or", left, right: this.andCondition() };
    }
    return left;
  }
  private andCondition(): Condition {
    let left = this.notCondition();
    while (this.isWord("and")) {
      this.pos += 1;
      left = { kind: "and", left, right: this.notCondition() };
    }
    return left;
  }
  private notCondition(): Condition {
    if (this.isWord("not")) {
      this.pos += 1;
      return { kind: "not", inner: this.notCondition() };
    }
    if (this.peek()?.text === "(") {
      this.pos += 1;
      const inner = this.orCondition();
      this.expectPunct(")");
      return inner;
    }
    return this.simple();
  }
  private literal(): Literal {
    const t = this.peek();
    if (!t) this.fail();
    if (t.kind === "string") {
      this.pos += 1;
      return t.value ?? "";
    }
    if (t.kind === "number") {
      this.pos += 1;
      return Number(t.text);
    }
    if (t.kind === "word" && ["true", "false", "null"].includes(t.text.toLowerCase())) {
      this.pos += 1;
      const w = t.text.toLowerCase();
      return w === "null" ? null : w === "true";
    }
    return this.fail();
  }
  private simple(): Condition {
    const path = this.identifier();
    let negate = false;
    if (this.isWord("not") && (this.isWord("in", 1) || this.isWord("like", 1))) {
      negate = true;
      this.pos += 1;
    }
    if (this.isWord("like")) {
      this.pos += 1;
      const t = this.peek();
      if (t?.kind !== "string") this.fail();
      this.pos += 1;
      return { kind: "like", path, pattern: t.value ?? "", negate };
    }
    if (this.isWord("in")) {
      this.pos += 1;
      this.expectPunct("(");
      if (this.isWord("select")) {
        const sub = this.query(true);
        this.expectPunct(")");
        return { kind: "in", path, values: sub, negate };
      }
      const values = [this.literal()];
      while (this.peek()?.text === ",") {
        this.pos += 1;
        values.push(this.literal());
      }
      this.expectPunct(")");
      return { kind: "in", path, values, negate };
    }
    const op = this.peek();
    if (op?.kind !== "op") this.fail();
    this.pos += 1;
    return { kind: "compare", path, op: op.text === "<>" ? "!=" : op.text, value: this.literal() };
  }
}

export function parseSoql(soql: string): ParsedQuery {
  return new Parser(tokenize(soql)).query();
}

/** A field path resolved against the schema: relationship hops, then the field. */
interface ResolvedPath {
  hops: Array<{ field: FieldDef; target: ObjectDef }>;
  field: FieldDef;
  /** Canonical names, e.g. ["Account", "Name"]. */
  names: string[];
}

function resolvePath(org: Org, userId: string, def: ObjectDef, path: string): ResolvedPath {
  const parts = path.split(".");
  const hops: ResolvedPath["hops"] = [];
  const names: string[] = [];
  let current = def;
  for (const [index, part] of parts.entries()) {
    if (index === parts.length - 1) {
      const f = visibleField(org, userId, current, part);
      if (!f) throw noSuchColumn(part, current.name);
      names.push(f.name);
      return { hops, field: f, names };
    }
    const ref = [...current.fields.values()].find(
      (f) => f.type === "reference" && f.relationshipName?.toLowerCase() === part.toLowerCase() && visibleField(org, userId, current, f.name),
    );
    const target = ref?.referenceTo?.[0] ? org.object(ref.referenceTo[0]) : undefined;
    if (!ref || !target) {
      throw new SalesforceError(
        400,
        "INVALID_FIELD",
        `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    hops.push({ field: ref, target });
    names.push(ref.relationshipName as string);
    current = target;
  }
  throw malformedQuery(`unexpected token: '${path}'`);
}

function valueAt(org: Org, record: SfRecord, path: ResolvedPath): unknown {
  let current: SfRecord | undefined = record;
  for (const hop of path.hops) {
    const id: unknown = current?.[hop.field.name];
    current = typeof id === "string" ? org.table(hop.target).get(id) : undefined;
    if (!current) return null;
  }
  return current?.[path.field.name] ?? null;
}

function likeRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern.charAt(i);
    if (c === "\\" && (pattern.charAt(i + 1) === "%" || pattern.charAt(i + 1) === "_")) {
      source += pattern.charAt(i + 1);
      i += 1;
    } else if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "i");
}

function equal(a: unknown, b: Literal): boolean {
  if (a === null || a === undefined) return b === null;
  if (b === null) return false;
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return a === b;
}

function order(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

type Predicate = (record: SfRecord) => boolean;

function compile(org: Org, userId: string, def: ObjectDef, cond: Condition): Predicate {
  if (cond.kind === "and") {
    const l = compile(org, userId, def, cond.left);
    const r = compile(org, userId, def, cond.right);
    return (rec) => l(rec) && r(rec);
  }
  if (cond.kind === "or") {
    const l = compile(org, userId, def, cond.left);
    const r = compile(org, userId, def, cond.right);
    return (rec) => l(rec) || r(rec);
  }
  if (cond.kind === "not") {
    const inner = compile(org, userId, def, cond.inner);
    return (rec) => !inner(rec);
  }
  const path = resolvePath(org, userId, def, cond.path);
  if (!path.field.filterable) {
    throw new SalesforceError(400, "INVALID_FIELD", `field '${path.field.name}' can not be filtered in a query call`);
  }
  if (cond.kind === "like") {
    const re = likeRegex(cond.pattern);
    return (rec) => {
      const v = valueAt(org, rec, path);
      const hit = typeof v === "string" && re.test(v);
      return cond.negate ? !hit : hit;
    };
  }
  if (cond.kind === "in") {
    let values: Literal[];
    if (Array.isArray(cond.values)) values = cond.values;
    else {
      const sub = cond.values;
      if (sub.count || sub.fields.length !== 1) throw malformedQuery("semi join sub-selects can only select one field");
      values = runQuery(org, userId, sub).records.map((r) => r.value as Literal);
    }
    return (rec) => {
      const v = valueAt(org, rec, path);
      const hit = v !== null && values.some((x) => equal(v, x));
      return cond.negate ? !hit : hit;
    };
  }
  return (rec) => {
    const v = valueAt(org, rec, path);
    switch (cond.op) {
      case "=":
        return equal(v, cond.value);
      case "!=":
        return !equal(v, cond.value);
      default: {
        if (v === null || cond.value === null) return false;
        const c = order(v, cond.value);
        return cond.op === "<" ? c < 0 : cond.op === ">" ? c > 0 : cond.op === "<=" ? c <= 0 : c >= 0;
      }
    }
  };
}

export interface QueryRow {
  record: SfRecord;
  /** The single selected value (semi-join sub-selects). */
  value: unknown;
}

export interface QueryResult {
  def: ObjectDef;
  count: boolean;
  paths: ResolvedPath[];
  records: QueryRow[];
  totalSize: number;
}

export function runQuery(org: Org, userId: string, q: ParsedQuery): QueryResult {
  const def = org.object(q.from);
  if (!def) throw invalidType(q.from);
  const paths = q.fields.map((f) => resolvePath(org, userId, def, f));
  const keep = q.where ? compile(org, userId, def, q.where) : () => true;
  let rows = org.all(def.name).filter((r) => r.IsDeleted !== true && keep(r));
  if (q.orderBy.length > 0) {
    const keys = q.orderBy.map((o) => ({ ...o, path: resolvePath(org, userId, def, o.path) }));
    rows = [...rows].sort((a, b) => {
      for (const k of keys) {
        const va = valueAt(org, a, k.path);
        const vb = valueAt(org, b, k.path);
        if (va === null || vb === null) {
          if (va === vb) continue;
          return (va === null) === k.nullsLast ? 1 : -1;
        }
        const c = order(va, vb);
        if (c !== 0) return k.desc ? -c : c;
      }
      return 0;
    });
  }
  if (q.offset > 0) rows = rows.slice(q.offset);
  if (q.limit !== null) rows = rows.slice(0, q.limit);
  const first = paths[0];
  return {
    def,
    count: q.count,
    paths,
    records: q.count ? [] : rows.map((record) => ({ record, value: first ? valueAt(org, record, first) : null })),
    totalSize: rows.length,
  };
}

/** A query row as the REST API shows it: attributes, then selected fields, parents nested. */
export function presentRow(org: Org, result: QueryResult, record: SfRecord, version: string): Record<string, unknown> {
  const attributes = (def: ObjectDef, id: string) => ({ type: def.name, url: `/services/data/v${version}/sobjects/${def.name}/${id}` });
  const out: Record<string, unknown> = { attributes: attributes(result.def, record.Id) };
  for (const path of result.paths) {
    let target = out;
    let current: SfRecord | undefined = record;
    let broken = false;
    for (const hop of path.hops) {
      const name = hop.field.relationshipName as string;
      const id: unknown = current?.[hop.field.name];
      current = typeof id === "string" ? org.table(hop.target).get(id) : undefined;
      if (!current) {
        target[name] = null;
        broken = true;
        break;
      }
      const existing = target[name] as Record<string, unknown> | undefined;
      const nested: Record<string, unknown> = existing ?? { attributes: attributes(hop.target, current.Id) };
      target[name] = nested;
      target = nested;
    }
    if (!broken) target[path.field.name] = current?.[path.field.name] ?? null;
  }
  return out;
}
