import { describe, expect, it } from "vitest";
import { parseMessageRef, parseRequestRef } from "./request-ref";

describe("request and message refs", () => {
  it.each([
    ["0b6f7a52-9c1e-4a8e-9d55-2f7e0d1c3b4a", { by: "id", id: "0b6f7a52-9c1e-4a8e-9d55-2f7e0d1c3b4a" }],
    ["0B6F7A52-9C1E-4A8E-9D55-2F7E0D1C3B4A", { by: "id", id: "0b6f7a52-9c1e-4a8e-9d55-2f7e0d1c3b4a" }],
    ["135", { by: "number", number: 135 }],
    ["2147483647", { by: "number", number: 2147483647 }],
    ["ext:T-4821", { by: "externalId", externalId: "T-4821" }],
    ["ext:a/b c", { by: "externalId", externalId: "a/b c" }],
  ])("parses request ref %s", (ref, expected) => {
    expect(parseRequestRef(ref)).toEqual(expected);
  });

  it.each(["", "0", "012", "2147483648", "-1", "1.5", "ext:", `ext:${"x".repeat(201)}`, "T-4821", "not-a-uuid"])(
    "names nothing for %j",
    (ref) => {
      expect(parseRequestRef(ref)).toBeNull();
    },
  );

  it("parses message refs by id or external id only", () => {
    expect(parseMessageRef("ext:m-1")).toEqual({ by: "externalId", externalId: "m-1" });
    expect(parseMessageRef("0b6f7a52-9c1e-4a8e-9d55-2f7e0d1c3b4a")).toEqual({ by: "id", id: "0b6f7a52-9c1e-4a8e-9d55-2f7e0d1c3b4a" });
    expect(parseMessageRef("12")).toBeNull();
  });
});
