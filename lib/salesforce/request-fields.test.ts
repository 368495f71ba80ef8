import { describe, expect, it } from "vitest";
import { allRequestFields, customFieldApiName, fieldMetadata, REQUEST_FIELDS } from "./request-fields";

const VALID_API_NAME = /^[A-Za-z][A-Za-z0-9_]*__c$/;
const valid = (name: string) => {
  const base = name.slice(0, -3);
  return VALID_API_NAME.test(name) && base.length <= 40 && !base.includes("__") && !base.endsWith("_");
};

describe("request fields", () => {
  it("the seed's 21 fields with valid, unique API names; RequestId__c is the unique external id", () => {
    expect(REQUEST_FIELDS).toHaveLength(21);
    expect(REQUEST_FIELDS.every((f) => valid(f.apiName) && f.label.length <= 40)).toBe(true);
    expect(new Set(REQUEST_FIELDS.map((f) => f.apiName.toLowerCase())).size).toBe(21);
    expect(fieldMetadata(REQUEST_FIELDS.find((f) => f.apiName === "RequestId__c")!)).toMatchObject({ type: "Text", externalId: true, unique: true, length: 255 });
    expect(fieldMetadata(REQUEST_FIELDS.find((f) => f.apiName === "Summary__c")!)).toMatchObject({ type: "Html", visibleLines: 10 });
    expect(fieldMetadata(REQUEST_FIELDS.find((f) => f.apiName === "Requestor__c")!)).toMatchObject({ type: "Lookup", referenceTo: "Contact", deleteConstraint: "SetNull" });
  });

  it("custom field API names: from the key, valid, one-to-one, stable across renames", () => {
    expect(customFieldApiName("product")).toBe("Ferry_product__c");
    expect(customFieldApiName("product-area")).toBe("Ferry_product_area__c");
    const keys = ["product_area", "product-area", "product--area", "9lives", "a".repeat(63), `${"a".repeat(62)}b`, "x-", "x_"];
    const names = keys.map(customFieldApiName);
    expect(names.every(valid)).toBe(true);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(keys.length);
    const renamed = allRequestFields([{ key: "product", name: "Product line", archivedAt: null }]);
    expect(renamed.at(-1)).toMatchObject({ apiName: "Ferry_product__c", label: "Product line", type: "Text", customFieldKey: "product" });
    expect(allRequestFields([{ key: "old", name: "Old", archivedAt: new Date() }])).toHaveLength(21);
  });
});
