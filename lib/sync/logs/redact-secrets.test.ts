import { describe, expect, it } from "vitest";
import { REDACTED, redactJson, redactPath, redactText } from "@/lib/sync/logs/redact-secrets";

describe("redactPath", () => {
  it.each([
    ["/resources/users?apiKey=sk_live_abcdef123456&email=jane%40acme.com", "/resources/users?apiKey=[redacted]&email=jane%40acme.com"],
    ["/x?api_key=abc&token=def&Password=ghi&client_secret=jkl", "/x?api_key=[redacted]&token=[redacted]&Password=[redacted]&client_secret=[redacted]"],
    ["/x?access_token=abc#frag", "/x?access_token=[redacted]#frag"],
    ["/x?authorization=Basic%20c2tfbGl2ZQ", "/x?authorization=[redacted]"],
    ["/services/oauth2/token", "/services/oauth2/token"],
    ["/resources/users/search?email=jane@acme.com&limit=1", "/resources/users/search?email=jane@acme.com&limit=1"],
    ["https://user:hunter2@acme.rest.vitally.io/resources", `https://${REDACTED}@acme.rest.vitally.io/resources`],
  ])("%s", (input, expected) => {
    expect(redactPath(input)).toBe(expected);
  });
});

describe("redactText", () => {
  it("masks Basic and Bearer credentials, with or without a header name", () => {
    expect(redactText("sent Authorization: Basic c2tfbGl2ZV9hYmNkZWY6 to Vitally")).toBe(`sent Authorization: ${REDACTED} to Vitally`);
    expect(redactText("header was Bearer eyJhbGciOi.abc.def")).not.toContain("eyJhbGciOi");
    expect(redactText("Basic c2tfbGl2ZV9hYmNkZWY6")).toBe(`Basic ${REDACTED}`);
  });

  it("masks secret-named keys in JSON-ish and key=value text", () => {
    expect(redactText('{"apiKey":"sk_live_123456789","email":"a@b.co"}')).toBe(`{"apiKey":"${REDACTED}","email":"a@b.co"}`);
    expect(redactText("password=hunter2; user=jane")).toBe(`password=${REDACTED}; user=jane`);
    expect(redactText("x-api-key: abc123def")).toBe(`x-api-key: ${REDACTED}`);
  });

  it("masks vendor key shapes and JWTs found anywhere", () => {
    expect(redactText("key sk_live_9f8e7d6c5b4a was rejected")).toBe(`key sk_live_${REDACTED} was rejected`);
    expect(redactText("session 00D5e000000abcd!AQ4AQLh7x3s_q9.zzzzzzzz expired")).toBe(`session ${REDACTED} expired`);
    expect(redactText("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature-1 end")).toBe(`jwt ${REDACTED} end`);
  });

  it("leaves ordinary text alone", () => {
    const text = "Jane (jane@acme.com) belongs to 2 organizations and no account; add her to one account in Vitally.";
    expect(redactText(text)).toBe(text);
  });
});

describe("redactJson", () => {
  it("masks secret-named keys at any depth and secrets inside strings", () => {
    const out = redactJson({
      user: { id: "u1", email: "jane@acme.com", token: "abc" },
      headers: [{ Authorization: "Basic xyz123456" }],
      note: "retry with Bearer abcdef123456",
      hasApiKey: true,
    }) as Record<string, unknown>;
    expect(out).toEqual({
      user: { id: "u1", email: "jane@acme.com", token: REDACTED },
      headers: [{ Authorization: REDACTED }],
      note: `retry with Bearer ${REDACTED}`,
      hasApiKey: true,
    });
  });

  it("caps arrays, strings and depth, and turns dates and bigints into strings", () => {
    const out = redactJson(
      { list: Array.from({ length: 5 }, (_, i) => i), long: "x".repeat(40), deep: { a: { b: { c: 1 } } }, at: new Date(0), n: 12n },
      { maxArray: 3, maxString: 30, maxDepth: 3, maxKeys: 100 },
    );
    expect(out).toEqual({
      list: [0, 1, 2, "[2 more not stored]"],
      long: `${"x".repeat(29)}…`,
      deep: { a: { b: "[truncated]" } },
      at: "1970-01-01T00:00:00.000Z",
      n: "12",
    });
  });
});
