import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../testing/shared-data.js';
import { createTestStore, testDialects, type TestStore } from '../testing/test-stores.js';
import { openClearinghouse, type Clearinghouse } from './clearinghouse.js';

// Several API processes share one store: each keeps its own index and catches up from
// the store's change log. Two systems opened on one store stand in for two processes.
for (const dialect of testDialects) {
  describe(`knowledge base shared by two processes on ${dialect}`, () => {
    let test: TestStore;
    let writer: Clearinghouse;
    let reader: Clearinghouse;
    before(async () => {
      test = await createTestStore(dialect);
      writer = await openClearinghouse({ db: test.location, loadIndex: true });
      reader = await openClearinghouse({ db: test.location, loadIndex: true });
    });
    after(async () => {
      await reader.close();
      await writer.close();
      await test.dispose();
    });

    it("sees the other process's writes after a refresh, and only then", async () => {
      const query = { ecosystem: 'Go', name: 'github.com/coreos/ignition/v2', version: '2.13.0' };
      await writer.importer.importPaths([join(repoRoot, 'src/services/import/fixtures/osv-export.zip')]);
      assert.deepEqual(writer.knowledgeBase.match(query), { ok: true, ids: ['GO-2022-0451'] });
      assert.deepEqual(reader.knowledgeBase.match(query), { ok: true, ids: [] });
      assert.equal(await reader.knowledgeBase.refresh(), 3);
      assert.deepEqual(reader.knowledgeBase.match(query), { ok: true, ids: ['GO-2022-0451'] });
    });

    it('builds the same index from the store at start as the writer holds', async () => {
      const fresh = await openClearinghouse({ db: test.location, loadIndex: true });
      try {
        assert.equal(fresh.knowledgeBase.index.size, writer.knowledgeBase.index.size);
        assert.equal(fresh.knowledgeBase.modifiedOf('GO-2022-0451'), writer.knowledgeBase.modifiedOf('GO-2022-0451'));
      } finally {
        await fresh.close();
      }
    });
  });
}
