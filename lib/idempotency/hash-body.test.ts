import { describe, expect, it } from "vitest";
import { canonicalJson, hashBody } from "./hash-body";

describe("hashBody", () => {
  it("ignores key order and whitespace but not values", () => {
    const a = { title: "Export fails", requestor: { name: "Ann", email: "ann@acme.io" }, aiTags: ["bug", "export"] };
    const b = JSON.parse('{ "aiTags": ["bug","export"], "requestor": {"email":"ann@acme.io","name":"Ann"}, "title":"Export fails" }');
    expect(hashBody(a)).toBe(hashBody(b));
    expect(hashBody(a)).not.toBe(hashBody({ ...a, title: "Export fails!" }));
    expect(hashBody(a)).not.toBe(hashBody({ ...a, aiTags: ["export", "bug"] }));
  });

  it("writes canonical JSON", () => {
    expect(canonicalJson({ b: 1, a: [true, null, "x"], c: { z: 1, y: 2 } })).toBe('{"a":[true,null,"x"],"b":1,"c":{"y":2,"z":1}}');
    expect(hashBody({})).toMatch(/^[0-9a-f]{64}$/);
  });
});
