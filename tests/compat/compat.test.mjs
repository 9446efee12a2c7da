// The official ArangoDB JavaScript driver (arangojs, pinned in package.json) against a real
// tandem-node. Run by tst_arangojs_compat (CTest), or by hand:
//
//   TANDEM_URL=http://127.0.0.1:8529 node --test tests/compat/compat.test.mjs
//
// Every test works in its own collections of one database created for this run, so a run leaves
// nothing behind but can share a node with other work. tst_arangojs_compat asserts the number
// of passing tests: keep kExpectedPassed there in step when adding or removing a test.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";

import { Database } from "arangojs";
import { CollectionType } from "arangojs/collections";
import { isArangoError } from "arangojs/errors";

const url = process.env.TANDEM_URL;
if (!url) {
  throw new Error("set TANDEM_URL to the node's base URL, e.g. http://127.0.0.1:8529");
}

const kTimeout = { timeout: 20_000 };
const runId = `${process.pid}_${Date.now()}`;
const system = new Database({ url, databaseName: "_system" });
let db; // the database of this run

// Awaits `promise`, which must reject with an ArangoError carrying these numbers; checks the
// error the way applications do (isArangoError, errorNum, code, message) and returns it.
async function expectArangoError(promise, { errorNum, code, message }) {
  let error;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  assert.ok(error !== undefined, `expected errorNum ${errorNum}, but the call succeeded`);
  assert.ok(isArangoError(error), `expected an ArangoError, got ${error}`);
  assert.equal(error.errorNum, errorNum, `errorNum of: ${error.message}`);
  assert.equal(error.code, code, `code of: ${error.message}`);
  assert.equal(error.response?.status, code, "HTTP status");
  assert.equal(typeof error.message, "string");
  assert.match(error.message, message);
  return error;
}

async function freshCollection(name, options) {
  return db.createCollection(`${name}_${runId}`, options);
}

before(async () => {
  db = await system.createDatabase(`compat_${runId}`);
});

after(async () => {
  if (db) await system.dropDatabase(db.name).catch(() => {});
  system.close();
});

describe("server and databases", () => {
  test("version() reports an ArangoDB-compatible server", kTimeout, async () => {
    const version = await system.version();
    assert.equal(version.server, "arango");
    assert.match(version.version, /^\d+\.\d+/);
    assert.equal(typeof version.license, "string");
  });

  test("listDatabases() includes _system and this run's database", kTimeout, async () => {
    const names = await system.listDatabases();
    assert.ok(Array.isArray(names));
    assert.ok(names.includes("_system"), `_system missing from ${names}`);
    assert.ok(names.includes(db.name), `${db.name} missing from ${names}`);
  });

  test("createDatabase(), database(), dropDatabase()", kTimeout, async () => {
    const name = `compat_extra_${runId}`;
    const created = await system.createDatabase(name);
    assert.equal(created.name, name);
    const same = system.database(name);
    assert.equal(await same.exists(), true);
    assert.ok((await system.listDatabases()).includes(name));
    assert.deepEqual(await same.listCollections(), []);
    assert.equal(await system.dropDatabase(name), true);
    assert.equal(await same.exists(), false);
    assert.ok(!(await system.listDatabases()).includes(name));
  });
});

describe("collections", () => {
  test("createCollection() makes document and edge collections", kTimeout, async () => {
    const docs = await freshCollection("docs");
    const edges = await freshCollection("edges", { type: CollectionType.EDGE_COLLECTION });
    const docInfo = await docs.get();
    assert.equal(docInfo.name, docs.name);
    assert.equal(docInfo.type, CollectionType.DOCUMENT_COLLECTION);
    assert.equal(docInfo.isSystem, false);
    assert.equal(typeof docInfo.id, "string");
    assert.equal((await edges.get()).type, CollectionType.EDGE_COLLECTION);
    const listed = await db.listCollections();
    const names = listed.map((c) => c.name);
    assert.ok(names.includes(docs.name) && names.includes(edges.name), `${names}`);
    assert.ok(listed.every((c) => !c.isSystem && !c.name.startsWith("_")));
  });

  test("exists() is true for a collection and false for a missing one", kTimeout, async () => {
    const coll = await freshCollection("exists");
    assert.equal(await coll.exists(), true);
    assert.equal(await db.collection(`missing_${runId}`).exists(), false);
  });

  test("properties() and count() describe the collection", kTimeout, async () => {
    const coll = await freshCollection("props");
    const properties = await coll.properties();
    assert.equal(properties.name, coll.name);
    assert.equal(properties.type, CollectionType.DOCUMENT_COLLECTION);
    assert.equal(typeof properties.waitForSync, "boolean");
    assert.equal(typeof properties.keyOptions, "object");
    assert.equal((await coll.count()).count, 0);
    await coll.saveAll([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const counted = await coll.count();
    assert.equal(counted.count, 3);
    assert.equal(counted.name, coll.name);
  });

  test("truncate() empties and drop() removes a collection", kTimeout, async () => {
    const coll = await freshCollection("truncate");
    await coll.saveAll([{ _key: "a" }, { _key: "b" }]);
    await coll.truncate();
    assert.equal((await coll.count()).count, 0);
    assert.equal(await coll.document("a", { graceful: true }), null);
    await coll.drop();
    assert.equal(await coll.exists(), false);
    const names = (await db.listCollections()).map((c) => c.name);
    assert.ok(!names.includes(coll.name));
  });
});

describe("documents", () => {
  let coll;
  before(async () => {
    coll = await freshCollection("documents");
  });

  test("save() returns the document handle", kTimeout, async () => {
    const meta = await coll.save({ _key: "plain", colour: "red" });
    assert.equal(meta._key, "plain");
    assert.equal(meta._id, `${coll.name}/plain`);
    assert.equal(typeof meta._rev, "string");
    assert.ok(meta._rev.length > 0);
    assert.equal(meta.new, undefined);
    const generated = await coll.save({ colour: "blue" });
    assert.equal(typeof generated._key, "string");
    assert.ok(generated._key.length > 0);
    assert.equal(generated._id, `${coll.name}/${generated._key}`);
  });

  test("save() with returnNew returns the stored document", kTimeout, async () => {
    const meta = await coll.save({ _key: "withnew", size: 3, tags: ["x"] }, { returnNew: true });
    assert.equal(meta._key, "withnew");
    assert.deepEqual(meta.new, {
      _key: "withnew",
      _id: `${coll.name}/withnew`,
      _rev: meta._rev,
      size: 3,
      tags: ["x"],
    });
  });

  test("saveAll() reports an illegal key inline and stores the rest", kTimeout, async () => {
    const own = await freshCollection("saveall");
    const results = await own.saveAll([
      { _key: "first", n: 1 },
      { _key: "bad key/with spaces", n: 2 },
      { _key: "third", n: 3 },
    ]);
    assert.equal(results.length, 3);
    assert.equal(results[0]._key, "first");
    assert.equal(results[2]._key, "third");
    assert.equal(results[1].error, true);
    assert.equal(results[1].errorNum, 1221);
    assert.match(results[1].errorMessage, /illegal document key/i);
    assert.equal((await own.count()).count, 2);
  });

  test("document() reads by key and by _id", kTimeout, async () => {
    const meta = await coll.save({ _key: "readme", value: 42, nested: { a: [1, 2] } });
    const byKey = await coll.document("readme");
    assert.deepEqual(byKey, {
      _key: "readme",
      _id: meta._id,
      _rev: meta._rev,
      value: 42,
      nested: { a: [1, 2] },
    });
    assert.deepEqual(await coll.document(meta._id), byKey);
  });

  test("document() with graceful returns null for a missing key", kTimeout, async () => {
    assert.equal(await coll.document("no-such-key", { graceful: true }), null);
  });

  test("documentExists() is true for a document, false for a missing one", kTimeout, async () => {
    await coll.save({ _key: "present" });
    assert.equal(await coll.documentExists("present"), true);
    assert.equal(await coll.documentExists("absent"), false);
  });

  test("update() merges, keepNull:false drops nulls, mergeObjects:false replaces", kTimeout,
    async () => {
      const created = await coll.save({ _key: "upd", a: 1, keep: "k", nested: { x: 1, y: 2 } });
      const first = await coll.update("upd", { a: null, nested: { y: 3, z: 4 } },
        { keepNull: false, returnNew: true });
      assert.equal(first._oldRev, created._rev);
      assert.notEqual(first._rev, created._rev);
      assert.deepEqual(first.new, {
        _key: "upd", _id: created._id, _rev: first._rev, keep: "k", nested: { x: 1, y: 3, z: 4 },
      });
      await coll.update("upd", { nested: { w: 1 }, kept: null }, { mergeObjects: false });
      const stored = await coll.document("upd");
      assert.deepEqual(stored.nested, { w: 1 });
      assert.ok("kept" in stored && stored.kept === null, "keepNull defaults to true");
      assert.equal(stored.keep, "k");
    });

  test("replace() swaps the whole body and keeps the key", kTimeout, async () => {
    const created = await coll.save({ _key: "rep", old: true, count: 1 });
    const replaced = await coll.replace("rep", { fresh: "yes" }, { returnOld: true });
    assert.equal(replaced._key, "rep");
    assert.equal(replaced._oldRev, created._rev);
    assert.equal(replaced.old.old, true);
    const stored = await coll.document("rep");
    assert.deepEqual(stored, { _key: "rep", _id: created._id, _rev: replaced._rev, fresh: "yes" });
  });

  test("remove() deletes; removing again is 1202", kTimeout, async () => {
    const created = await coll.save({ _key: "gone" });
    const removed = await coll.remove("gone");
    assert.equal(removed._key, "gone");
    assert.equal(removed._rev, created._rev);
    assert.equal(await coll.document("gone", { graceful: true }), null);
    await expectArangoError(coll.remove("gone"),
      { errorNum: 1202, code: 404, message: /document not found/i });
  });

  test("ifMatch with a stale _rev rejects with 1200/412", kTimeout, async () => {
    const v1 = await coll.save({ _key: "guarded", v: 1 });
    const v2 = await coll.update("guarded", { v: 2 }, { ifMatch: v1._rev });
    const stale = { errorNum: 1200, code: 412, message: /conflict|precondition/i };
    await expectArangoError(coll.update("guarded", { v: 3 }, { ifMatch: v1._rev }), stale);
    await expectArangoError(coll.replace("guarded", { v: 3 }, { ifMatch: v1._rev }), stale);
    await expectArangoError(coll.remove("guarded", { ifMatch: v1._rev }), stale);
    await expectArangoError(coll.document("guarded", { ifMatch: v1._rev }), stale);
    assert.equal((await coll.document("guarded", { ifMatch: v2._rev })).v, 2);
    await coll.remove("guarded", { ifMatch: v2._rev });
    assert.equal(await coll.documentExists("guarded"), false);
  });

  test("documents([keys]) fetches several documents in one request", kTimeout, async () => {
    await coll.saveAll([{ _key: "m1", i: 1 }, { _key: "m2", i: 2 }]);
    const found = await coll.documents(["m1", "m2", "m-missing"]);
    assert.equal(found.length, 3);
    assert.equal(found[0]._key, "m1");
    assert.equal(found[0].i, 1);
    assert.equal(found[1]._key, "m2");
    assert.equal(found[2].error, true);
    assert.equal(found[2].errorNum, 1202);
  });
});

describe("errors", () => {
  test("a duplicate key is 1210/409", kTimeout, async () => {
    const coll = await freshCollection("dup");
    await coll.save({ _key: "twice" });
    await expectArangoError(coll.save({ _key: "twice" }),
      { errorNum: 1210, code: 409, message: /unique constraint violated/i });
  });

  test("an unknown collection is 1203/404", kTimeout, async () => {
    const missing = db.collection(`nowhere_${runId}`);
    const notFound = { errorNum: 1203, code: 404, message: /not found/i };
    await expectArangoError(missing.get(), notFound);
    await expectArangoError(missing.save({ a: 1 }), notFound);
    await expectArangoError(missing.document("k"), notFound);
  });

  test("an unknown document is 1202/404", kTimeout, async () => {
    const coll = await freshCollection("nodoc");
    const notFound = { errorNum: 1202, code: 404, message: /document not found/i };
    await expectArangoError(coll.document("nothing"), notFound);
    await expectArangoError(coll.update("nothing", { a: 1 }), notFound);
    await expectArangoError(coll.replace("nothing", { a: 1 }), notFound);
  });

  test("an unknown database is 1228/404", kTimeout, async () => {
    const missing = system.database(`nodb_${runId}`);
    assert.equal(await missing.exists(), false);
    await expectArangoError(missing.listCollections(),
      { errorNum: 1228, code: 404, message: /database not found/i });
    await expectArangoError(system.dropDatabase(`nodb_${runId}`),
      { errorNum: 1228, code: 404, message: /database not found/i });
  });

  test("an illegal collection name is 1208/400", kTimeout, async () => {
    await expectArangoError(db.createCollection("1 illegal name!"),
      { errorNum: 1208, code: 400, message: /illegal name/i });
  });
});
