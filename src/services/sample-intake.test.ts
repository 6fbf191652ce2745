import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createTestStore } from '../testing/test-stores.js';
import { openClearinghouse } from './clearinghouse.js';
import { loadSampleIntake } from './sample-intake.js';

describe('sample coordination data (serve --sample)', () => {
  const disposers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const dispose of disposers.reverse()) await dispose();
  });

  it('gives the analyst one cluster of the two sample reports and its case, with the vendor offered; once only', async () => {
    const store = await createTestStore('sqlite');
    disposers.push(() => store.dispose());
    const ch = await openClearinghouse({ db: store.location, loadIndex: false });
    disposers.push(() => ch.close());
    assert.deepEqual(await loadSampleIntake(ch, 'sample password'), ['analyst@sample.invalid', 'lab@sample.invalid', 'vendor@sample.invalid']);
    const { principal: analyst } = await ch.accounts.signIn('analyst@sample.invalid', 'sample password');
    const queue = await ch.clusters.list(analyst, { offset: 0, limit: 10, sort: 'updated' });
    assert.deepEqual(queue.items.map((c) => [c.title, c.findings]), [['Heap buffer over-read in the PCX decoder', 2]]);
    const cluster = await ch.clusters.get(analyst, queue.items[0]!.id);
    assert.equal(cluster.findings[1]!.link?.rule, 'crash-signature');
    const cases = await ch.coordination.cases.list(analyst, { offset: 0, limit: 10, sort: 'updated' });
    assert.equal(cases.items.length, 1);
    const opened = await ch.coordination.cases.get(analyst, cases.items[0]!.id);
    assert.equal(opened.state, 'triage');
    assert.deepEqual(opened.offers.map((o) => o.orgName), ['Sample Imaging Maintainers']);
    assert.deepEqual(await loadSampleIntake(ch, 'sample password'), []);
  });
});
