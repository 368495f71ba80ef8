import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_MATCH_CASES } from "./seed-demo";
import { RestClient, startSandbox, type TestSandbox } from "./test-helpers";

// Reference §3.2 (SOQL query, the queries the connector needs, escaping, paging), §6 #11.

const byEmail = (email: string) => `SELECT Id, AccountId, Email, Account.Name FROM Contact WHERE Email = '${email}' ORDER BY CreatedDate LIMIT 1`;
const byDomain = (domain: string) => `SELECT Id, Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email LIKE '%@${domain}') ORDER BY Name`;
const byName = (name: string) => `SELECT Id, Name FROM Account WHERE Name = '${name}' ORDER BY CreatedDate`;

describe("SOQL", () => {
  let t: TestSandbox;
  let api: RestClient;
  beforeAll(async () => {
    t = await startSandbox();
    api = await t.adminClient();
  });
  afterAll(() => t.close());

  it("contact by email: = is case-insensitive; the parent comes back nested with attributes", async () => {
    const res = await api.query(byEmail(DEMO_MATCH_CASES.contactByEmail.email?.toUpperCase() ?? ""));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalSize: 1, done: true });
    const [record] = res.body.records;
    expect(record.attributes).toEqual({ type: "Contact", url: `/services/data/v62.0/sobjects/Contact/${record.Id}` });
    expect(record.Email).toBe("jane.doe@acme-corp.example");
    expect(record.Account).toEqual({ attributes: { type: "Account", url: `/services/data/v62.0/sobjects/Account/${record.AccountId}` }, Name: "Acme Corp" });
    expect(res.body).not.toHaveProperty("nextRecordsUrl");
  });

  it("a contact without an account has AccountId null and Account null", async () => {
    const res = await api.query(byEmail(DEMO_MATCH_CASES.contactWithoutAccount.email ?? ""));
    expect(res.body.records[0]).toMatchObject({ AccountId: null, Account: null });
  });

  it("accounts by contact email domain: semi-join with LIKE; one, several, none", async () => {
    const one = await api.query(byDomain("acme-corp.example"));
    expect(one.body.records.map((r: { Name: string }) => r.Name)).toEqual(["Acme Corp"]);
    const several = await api.query(byDomain("globex.example"));
    expect(several.body.records.map((r: { Name: string }) => r.Name)).toEqual(["Globex Cloud", "Globex Labs"]);
    expect((await api.query(byDomain("unmatched.example"))).body.totalSize).toBe(0);
    // `_` is a one-character wildcard; `\_` matches it literally.
    expect((await api.query("SELECT Id FROM Contact WHERE Email LIKE 'jane_doe@%'")).body.totalSize).toBe(1);
    expect((await api.query("SELECT Id FROM Contact WHERE Email LIKE 'jane\\_doe@%'")).body.totalSize).toBe(0);
  });

  it("account by name: exact (case-insensitive) match; several; none", async () => {
    expect((await api.query(byName("initech"))).body.records.map((r: { Name: string }) => r.Name)).toEqual(["Initech"]);
    expect((await api.query(byName("Umbrella"))).body.totalSize).toBe(2);
    expect((await api.query(byName("Hooli"))).body.totalSize).toBe(0);
    expect((await api.query(byName("Init"))).body.totalSize).toBe(0);
  });

  it("escapes: \\' inside a literal; IN lists, NOT IN, != null, OR with parentheses, COUNT()", async () => {
    const created = await api.post("/sobjects/Account", { Name: "O'Brien & Sons" });
    expect(created.status).toBe(201);
    expect((await api.query("SELECT Id FROM Account WHERE Name = 'O\\'Brien & Sons'")).body.totalSize).toBe(1);
    expect((await api.query("SELECT Id FROM Account WHERE Name IN ('Initech', 'Hooli', 'Acme Corp')")).body.totalSize).toBe(2);
    const count = await api.query("SELECT COUNT() FROM Contact WHERE AccountId != null AND (Email LIKE '%@globex.example' OR Email LIKE '%@acme-corp.example')");
    expect(count.body).toEqual({ totalSize: 4, done: true, records: [] });
    const notIn = await api.query("SELECT Id FROM Account WHERE Name NOT IN ('Umbrella') AND Name LIKE 'Umb%'");
    expect(notIn.body.totalSize).toBe(0);
  });

  it("ORDER BY DESC and LIMIT/OFFSET", async () => {
    const res = await api.query("SELECT Name FROM Account WHERE Name LIKE 'Globex%' ORDER BY Name DESC LIMIT 1");
    expect(res.body.records.map((r: { Name: string }) => r.Name)).toEqual(["Globex Labs"]);
    const offset = await api.query("SELECT Name FROM Account WHERE Name LIKE 'Globex%' ORDER BY Name LIMIT 1 OFFSET 1");
    expect(offset.body.records[0].Name).toBe("Globex Labs");
  });

  it("errors: MALFORMED_QUERY, INVALID_FIELD with the No such column text, INVALID_TYPE (§3.2)", async () => {
    const malformed = await api.query("SELECT Id FROM Contact WHERE");
    expect(malformed.status).toBe(400);
    expect(malformed.body[0].errorCode).toBe("MALFORMED_QUERY");
    const field = await api.query("SELECT Id, Nope__c FROM Contact");
    expect(field.body[0]).toMatchObject({ errorCode: "INVALID_FIELD" });
    expect(field.body[0].message).toMatch(/^No such column 'Nope__c' on entity 'Contact'/);
    const type = await api.query("SELECT Id FROM Request__c");
    expect(type.body[0].errorCode).toBe("INVALID_TYPE");
    const empty = await api.get("/query");
    expect(empty.body[0].errorCode).toBe("MALFORMED_QUERY");
  });
});

describe("SOQL paging (§3.2 nextRecordsUrl)", () => {
  let t: TestSandbox;
  let api: RestClient;
  beforeAll(async () => {
    t = await startSandbox({ queryBatchSize: 3 });
    api = await t.adminClient();
  });
  afterAll(() => t.close());

  it("follows nextRecordsUrl until done, without repeats", async () => {
    const first = await api.query("SELECT Id FROM Contact ORDER BY Email");
    expect(first.body.done).toBe(false);
    expect(first.body.records).toHaveLength(3);
    expect(first.body.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[0-9a-f]+-3$/);
    const ids = first.body.records.map((r: { Id: string }) => r.Id);
    let next: string | undefined = first.body.nextRecordsUrl;
    while (next) {
      const page = await api.get(next);
      expect(page.status).toBe(200);
      expect(page.body.totalSize).toBe(first.body.totalSize);
      ids.push(...page.body.records.map((r: { Id: string }) => r.Id));
      next = page.body.nextRecordsUrl;
    }
    expect(ids).toHaveLength(first.body.totalSize);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await api.get("/query/01gbogus-3")).body[0].errorCode).toBe("INVALID_QUERY_LOCATOR");
  });
});
