import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csafLocations } from './csaf-locations.js';

describe('csafLocations', () => {
  it('puts everything under /.well-known/csaf/ of the origin', () => {
    const locations = csafLocations('https://clearinghouse.example');
    assert.ok(locations.ok);
    assert.equal(locations.value.providerMetadata, 'https://clearinghouse.example/.well-known/csaf/provider-metadata.json');
    assert.equal(locations.value.feed, 'https://clearinghouse.example/.well-known/csaf/feed-tlp-white.json');
    assert.equal(locations.value.advisory('CH-2026-0042', '2026-03-02T15:00:00Z'), 'https://clearinghouse.example/.well-known/csaf/white/2026/ch-2026-0042.json');
  });

  it('wants an https origin without path', () => {
    for (const origin of ['http://clearinghouse.example', 'https://clearinghouse.example/', 'https://clearinghouse.example/csaf', 'clearinghouse.example']) {
      const locations = csafLocations(origin);
      assert.ok(!locations.ok, origin);
      assert.deepEqual(locations.errors.map((e) => e.path), ['/origin']);
    }
  });
});
