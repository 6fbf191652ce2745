import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { providerMetadata } from './provider-metadata.js';
import type { Publisher } from './publishable-case.js';

const publisher = JSON.parse(readFileSync(new URL('./fixtures/publisher.json', import.meta.url), 'utf8')) as Publisher;

describe('providerMetadata', () => {
  const input = {
    publisher,
    canonicalUrl: 'https://clearinghouse.example/.well-known/csaf/provider-metadata.json',
    feedUrl: 'https://clearinghouse.example/.well-known/csaf/feed-tlp-white.json',
    lastUpdated: '2026-03-09T10:30:00Z',
  };

  it('describes one ROLIE feed of TLP:WHITE advisories, as a csaf_provider', () => {
    const metadata = providerMetadata(input);
    assert.ok(metadata.ok);
    assert.deepEqual(metadata.value, {
      canonical_url: input.canonicalUrl,
      distributions: [{ rolie: { feeds: [{ summary: 'All TLP:WHITE advisories of AI Cybersecurity Clearinghouse.', tlp_label: 'WHITE', url: input.feedUrl }] } }],
      last_updated: input.lastUpdated,
      list_on_CSAF_aggregators: true,
      metadata_version: '2.0',
      mirror_on_CSAF_aggregators: true,
      publisher: { category: 'coordinator', name: publisher.name, namespace: publisher.namespace, contact_details: publisher.contactDetails },
      role: 'csaf_provider',
    });
  });

  it('has the fields of the OASIS example, less the OpenPGP keys a trusted provider publishes', () => {
    const example = readJson<Record<string, unknown>>(sharedDataPath('csaf', 'examples', 'provider-metadata', 'example-01-provider-metadata.json'));
    const metadata = providerMetadata(input);
    assert.ok(metadata.ok);
    assert.deepEqual(Object.keys(metadata.value).sort(), Object.keys(example).filter((k) => k !== 'public_openpgp_keys').sort());
  });

  it('refuses URLs the provider schema refuses and a bad date', () => {
    const result = providerMetadata({ ...input, canonicalUrl: 'https://clearinghouse.example/.well-known/csaf/metadata.json', feedUrl: 'http://clearinghouse.example/feed.json', lastUpdated: '2026-03-09' });
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((e) => e.path), ['/canonicalUrl', '/feedUrl', '/lastUpdated']);
  });
});
