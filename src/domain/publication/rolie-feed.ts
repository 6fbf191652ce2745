import { isHttpsUrl, isUtcTimestamp } from './case-checks.js';
import { resultOf, type PublicationError, type PublicationResult } from './publication-error.js';

/** A ROLIE feed (RFC 8322) in the JSON form CSAF 2.0 uses (requirement 15). */
export interface RolieFeed {
  feed: {
    id: string;
    title: string;
    link: RolieLink[];
    category: { scheme: string; term: string }[];
    updated: string;
    entry: RolieEntry[];
  };
}

export interface RolieLink {
  rel: string;
  href: string;
}

export interface RolieEntry {
  id: string;
  title: string;
  link: RolieLink[];
  published: string;
  updated: string;
  summary: { content: string };
  content: { type: 'application/json'; src: string };
  format: { schema: string; version: '2.0' };
}

export interface RolieFeedInput {
  /** Where the feed is served; also its id. */
  readonly feedUrl: string;
  readonly title: string;
  readonly updated: string;
  readonly entries: readonly {
    readonly trackingId: string;
    readonly title: string;
    /** Where the advisory is served. */
    readonly url: string;
    readonly published: string;
    readonly updated: string;
    readonly summary: string;
  }[];
}

const CSAF_SCHEMA = 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json';

/**
 * A feed of CSAF advisories, one entry each, in the order given. Entries link to the advisory
 * only: the `hash` and `signature` links of the CSAF examples belong to a trusted provider's
 * .sha512 and .asc files, which are not made here.
 */
export function rolieFeed(input: RolieFeedInput): PublicationResult<RolieFeed> {
  const errors: PublicationError[] = [];
  if (!isHttpsUrl(input.feedUrl) || !input.feedUrl.endsWith('.json')) errors.push({ path: '/feedUrl', message: `${JSON.stringify(input.feedUrl)} is not an https URL ending in .json` });
  if (input.title.trim() === '') errors.push({ path: '/title', message: 'the feed title is empty' });
  if (!isUtcTimestamp(input.updated)) errors.push({ path: '/updated', message: `${JSON.stringify(input.updated)} is not an RFC 3339 UTC date-time` });
  input.entries.forEach((entry, i) => {
    const at = `/entries/${i}`;
    if (entry.trackingId.trim() === '') errors.push({ path: `${at}/trackingId`, message: 'the tracking id is empty' });
    if (entry.title.trim() === '') errors.push({ path: `${at}/title`, message: 'the title is empty' });
    if (!isHttpsUrl(entry.url) || !entry.url.endsWith('.json')) errors.push({ path: `${at}/url`, message: `${JSON.stringify(entry.url)} is not an https URL ending in .json` });
    for (const field of ['published', 'updated'] as const) {
      if (!isUtcTimestamp(entry[field])) errors.push({ path: `${at}/${field}`, message: `${JSON.stringify(entry[field])} is not an RFC 3339 UTC date-time` });
    }
  });
  return resultOf(errors, () => ({
    feed: {
      id: input.feedUrl,
      title: input.title,
      link: [{ rel: 'self', href: input.feedUrl }],
      category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
      updated: input.updated,
      entry: input.entries.map((entry) => ({
        id: entry.trackingId,
        title: entry.title,
        link: [{ rel: 'self', href: entry.url }],
        published: entry.published,
        updated: entry.updated,
        summary: { content: entry.summary },
        content: { type: 'application/json', src: entry.url },
        format: { schema: CSAF_SCHEMA, version: '2.0' },
      })),
    },
  }));
}
