import { describe, expect, it } from "vitest";
import { customValueKeys, validateCustomValues, type CustomFieldDefinition } from "./validate-custom-values";

const defs: CustomFieldDefinition[] = [
  { key: "product", name: "Product", type: "SELECT", allowedValues: ["Exports", "Billing"], archivedAt: null },
  { key: "labels", name: "Labels", type: "MULTI_SELECT", allowedValues: ["vip", "beta"], archivedAt: null },
  { key: "seats", name: "Seats", type: "NUMBER", allowedValues: [], archivedAt: null },
  { key: "notes", name: "Notes", type: "TEXT", allowedValues: [], archivedAt: null },
  { key: "legacy", name: "Legacy", type: "TEXT", allowedValues: [], archivedAt: new Date() },
];

describe("validateCustomValues", () => {
  it("accepts values that fit their definitions and normalises multi-select", () => {
    const r = validateCustomValues(defs, { product: "Billing", labels: ["vip", "beta", "vip"], seats: 12.5, notes: "", legacy: null });
    expect(r.issues).toEqual([]);
    expect(r.values).toEqual({ product: "Billing", labels: ["vip", "beta"], seats: 12.5, notes: "", legacy: null });
  });

  it.each([
    [{ product: "Sales" }, "customFields.product", /"Sales" is not allowed/],
    [{ product: ["Exports"] }, "customFields.product", /takes one value/],
    [{ labels: "vip" }, "customFields.labels", /list of values/],
    [{ labels: ["vip", "gold"] }, "customFields.labels", /Not allowed: "gold"/],
    [{ seats: "12" }, "customFields.seats", /number field/],
    [{ notes: 5 }, "customFields.notes", /text field/],
    [{ legacy: "x" }, "customFields.legacy", /archived/],
    [{ region: "EU" }, "customFields.region", /Unknown custom field "region"/],
  ])("refuses %j", (values, path, message) => {
    const r = validateCustomValues(defs, values);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].path.join(".")).toBe(path);
    expect(r.issues[0].message).toMatch(message);
  });

  it("names every bad value at once and leaves shapes zod rejects to zod", () => {
    const r = validateCustomValues(defs, { product: "Sales", seats: "x", "Bad Key": "x", notes: { nested: true }, region: "EU" });
    expect(r.issues.map((i) => i.path.join(".")).sort()).toEqual(["customFields.product", "customFields.region", "customFields.seats"]);
  });

  it("ignores non-objects and lists only loadable keys", () => {
    expect(validateCustomValues(defs, "x")).toEqual({ issues: [], values: {} });
    expect(customValueKeys({ product: "x", gone: null, "Bad Key": 1 })).toEqual(["product"]);
    expect(customValueKeys(undefined)).toEqual([]);
  });
});
