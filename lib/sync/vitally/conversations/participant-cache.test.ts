import { describe, expect, it } from "vitest";
import { ParticipantCache } from "./participant-cache";

describe("ParticipantCache", () => {
  it("remembers per integration until the TTL passes", () => {
    let now = 0;
    const cache = new ParticipantCache(1_000, 10, () => now);
    cache.set("i1", "user:a@x.example", { id: "u1" });
    expect(cache.get("i1", "user:a@x.example")).toEqual({ id: "u1" });
    expect(cache.get("i2", "user:a@x.example")).toBeUndefined();
    now = 999;
    expect(cache.get("i1", "user:a@x.example")).toEqual({ id: "u1" });
    now = 1_000;
    expect(cache.get("i1", "user:a@x.example")).toBeUndefined();
  });

  it("stays bounded, dropping the oldest entries first", () => {
    const cache = new ParticipantCache(60_000, 2, () => 0);
    cache.set("i", "a", 1);
    cache.set("i", "b", 2);
    cache.set("i", "c", 3);
    expect([cache.get("i", "a"), cache.get("i", "b"), cache.get("i", "c")]).toEqual([undefined, 2, 3]);
  });

  it("forgets one integration without touching the others", () => {
    const cache = new ParticipantCache(60_000, 10, () => 0);
    cache.set("i1", "a", 1);
    cache.set("i10", "a", 2);
    cache.forget("i1");
    expect([cache.get("i1", "a"), cache.get("i10", "a")]).toEqual([undefined, 2]);
  });
});
