import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { rolieFeed, type RolieFeedInput } from './rolie-feed.js';

const input: RolieFeedInput = {
  feedUrl: 'https://clearinghouse.example/.well-known/csaf/feed-tlp-white.json',
  title: 'AI Cybersecurity Clearinghouse CSAF feed (TLP:WHITE)',
  updated: '2026-03-09T10:30:00Z',
  entries: [
    {
      trackingId: 'CH-2026-0042',
      title: 'Cross-site scripting in markdown-render link titles',
      url: 'https://clearinghouse.example/.well-known/csaf/white/2026/ch-2026-0042.json',
      published: '2026-03-02T15:00:00Z',
      updated: '2026-03-09T10:30:00Z',
      summary: 'Cross-site scripting fixed in markdown-render 4.2.1 and 5.0.3 and markdown-render-py 1.4.2.',
    },
  ],
};

/** Every key path of a JSON value, arrays read through their first item. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [] : keyPaths(value[0], `${prefix}[]`);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [`${prefix}/${key}`, ...keyPaths(child, `${prefix}/${key}`)]);
}

describe('rolieFeed', () => {
  it('lists each advisory with its link, dates, summary, content and CSAF format', () => {
    const feed = rolieFeed(input);
    assert.ok(feed.ok);
    assert.deepEqual(feed.value, {
      feed: {
        id: input.feedUrl,
        title: input.title,
        link: [{ rel: 'self', href: input.feedUrl }],
        category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
        updated: input.updated,
        entry: [
          {
            id: 'CH-2026-0042',
            title: 'Cross-site scripting in markdown-render link titles',
            link: [{ rel: 'self', href: input.entries[0]!.url }],
            published: '2026-03-02T15:00:00Z',
            updated: '2026-03-09T10:30:00Z',
            summary: { content: input.entries[0]!.summary },
            content: { type: 'application/json', src: input.entries[0]!.url },
            format: { schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json', version: '2.0' },
          },
        ],
      },
    });
  });

  it('has the shape of the OASIS example feed', () => {
    const example = readJson(sharedDataPath('csaf', 'examples', 'rolie', 'example-01-feed-tlp-white.json'));
    const feed = rolieFeed(input);
    assert.ok(feed.ok);
    assert.deepEqual(keyPaths(feed.value).sort(), keyPaths(example).sort());
  });

  it('may be empty, and refuses bad URLs, dates and empty names', () => {
    assert.ok(rolieFeed({ ...input, entries: [] }).ok);
    const result = rolieFeed({ ...input, title: ' ', entries: [{ ...input.entries[0]!, trackingId: '', url: 'https://clearinghouse.example/a.html', published: 'March' }] });
    assert.ok(!result.ok);
    assert.deepEqual(result.errors.map((e) => e.path), ['/title', '/entries/0/trackingId', '/entries/0/url', '/entries/0/published']);
  });
});
