import type { z } from "zod";
import { invalidInput } from "@/lib/errors";

export type Issue = { path: ReadonlyArray<PropertyKey>; message: string };

type ZodIssueLike = {
  code?: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: readonly string[];
  issues?: ReadonlyArray<{ message: string }>;
};

/**
 * zod reports unknown keys once, on the parent object; the API names each unknown field instead,
 * so a client sees `{ "requestor.emial": ["Unknown field."] }`.
 */
export function toFieldIssues(issues: ReadonlyArray<ZodIssueLike>): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys" && issue.keys?.length) {
      for (const key of issue.keys) out.push({ path: [...issue.path, key], message: "Unknown field." });
    } else if (issue.code === "invalid_key" && issue.issues?.length) {
      out.push({ path: issue.path, message: `Invalid key: ${issue.issues[0].message}` });
    } else {
      out.push({ path: issue.path, message: issue.message });
    }
  }
  return out;
}

/** Missing fields say "Required." rather than zod's "expected string, received undefined". */
const errorMap = (iss: { code: string; input?: unknown }) => (iss.code === "invalid_type" && iss.input === undefined ? "Required." : undefined);

export type ParseResult<T> = { ok: true; data: T; issues: [] } | { ok: false; data: undefined; issues: Issue[] };

export function safeParseInput<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { error: errorMap });
  if (result.success) return { ok: true, data: result.data, issues: [] };
  return { ok: false, data: undefined, issues: toFieldIssues(result.error.issues as ZodIssueLike[]) };
}

/**
 * Parses a use case's input, throwing `invalid_input` naming every field at fault (plus any
 * `extraIssues` found by checks zod cannot make, such as custom-field definitions).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, extraIssues: Issue[] = []): z.output<S> {
  const result = safeParseInput(schema, input);
  const issues = [...result.issues, ...extraIssues];
  if (issues.length) throw invalidInput(issues);
  return result.data as z.output<S>;
}
