import { describe, expect, it } from "vitest";
import { statementNamer } from "@/lib/statement-names";

describe("statementNamer", () => {
  it("names a statement from its second use on, with the same name every time and in every process", () => {
    const a = statementNamer();
    const b = statementNamer();
    const sql = 'SELECT "id" FROM "Request" WHERE "id" = $1';
    expect(a.name(sql)).toBeUndefined();
    const first = a.name(sql);
    expect(first).toMatch(/^ferry_[0-9a-f]{20}$/);
    expect(a.name(sql)).toBe(first);
    b.name(sql);
    expect(b.name(sql)).toBe(first);
    expect(a.name('SELECT "id" FROM "Request" WHERE "id" = $2')).toBeUndefined();
  });

  it("gives different texts different names", () => {
    const n = statementNamer();
    const names = ["SELECT 1", "SELECT 2"].map((s) => (n.name(s), n.name(s)));
    expect(new Set(names).size).toBe(2);
  });

  it("stops naming new texts at maxNamed (they run unnamed) while the named ones keep their names", () => {
    const n = statementNamer({ maxNamed: 2 });
    const named = ["SELECT 1", "SELECT 2"].map((s) => (n.name(s), n.name(s)));
    expect(n.name("SELECT 3")).toBeUndefined();
    expect(n.name("SELECT 3")).toBeUndefined();
    expect(n.namedCount()).toBe(2);
    expect(n.name("SELECT 1")).toBe(named[0]);
  });

  it("forgets one-off texts once it tracks maxTracked of them, so one-offs cannot grow it without bound", () => {
    const n = statementNamer({ maxTracked: 3 });
    for (let i = 0; i < 10; i++) n.name(`SELECT ${i} /* one-off */`);
    expect(n.name("SELECT 0 /* one-off */")).toBeUndefined(); // counted afresh after the clear
    expect(n.name("SELECT 0 /* one-off */")).toMatch(/^ferry_/);
  });
});
