import { createHash } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

/** A KEV entry as the feed carries it: CISA's own field names, plus the catalog version it came from. */
export const FeedKevEntrySchema = Type.Object(
  {
    cveID: Type.String(),
    vendorProject: Type.String(),
    product: Type.String(),
    vulnerabilityName: Type.String(),
    dateAdded: Type.String(),
    shortDescription: Type.String(),
    requiredAction: Type.String(),
    dueDate: Type.String(),
    knownRansomwareCampaignUse: Type.Optional(Type.String()),
    notes: Type.Optional(Type.String()),
    cwes: Type.Array(Type.String()),
    catalogVersion: Type.String(),
  },
  { additionalProperties: false },
);
export type FeedKevEntry = Static<typeof FeedKevEntrySchema>;

/** An EPSS score as the feed carries it: the columns and header keys of FIRST's daily file. */
export const FeedEpssScoreSchema = Type.Object(
  {
    cve: Type.String(),
    epss: Type.Number(),
    percentile: Type.Number(),
    model_version: Type.Union([Type.String(), Type.Null()]),
    score_date: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);
export type FeedEpssScore = Static<typeof FeedEpssScoreSchema>;

/** The name of the header that repeats the page's SHA-256 in hex, for people checking with sha256sum. */
export const pageSha256Header = 'page-sha256';

/** One page of GET /v1/feed. */
export const FeedPageSchema = Type.Object(
  {
    next: Type.String({ description: 'The cursor to pass as `since` for the next page (opaque; store it once this page is written)' }),
    more: Type.Boolean({ description: 'True when more is ready now: ask again at once with `next`' }),
    records: Type.Array(Type.Object({}, { additionalProperties: true }), {
      description:
        'OSV records (https://ossf.github.io/osv-schema/) changed after the cursor, each once, at its current stored version, oldest change first. ' +
        'Clients validate each one as an import would.',
    }),
    kev_entries: Type.Optional(
      Type.Array(FeedKevEntrySchema, { description: 'Present when the KEV catalog changed since the cursor: every entry, to upsert' }),
    ),
    epss_scores: Type.Array(FeedEpssScoreSchema, { description: 'A slice of the EPSS scores, in CVE id order, when they changed since the cursor' }),
  },
  {
    additionalProperties: false,
    description:
      'One page of the change feed. Its SHA-256 over the exact body bytes comes in `Repr-Digest: sha-256=:<base64>:` (RFC 9530) ' +
      `and, in hex, in \`${pageSha256Header}\`; the body is never content-coded. Verify it before writing anything from the page.`,
  },
);
export type FeedPage = Static<typeof FeedPageSchema>;

/** A page as sent: its exact bytes and their digest. */
export interface RenderedFeedPage {
  readonly body: string;
  /** SHA-256 of the body, lowercase hex. */
  readonly sha256: string;
  /** The RFC 9530 `Repr-Digest` field value. */
  readonly reprDigest: string;
}

/** What a page holds before it is written out; records are stored JSON text, sent as is. */
export interface FeedPageContent {
  readonly next: string;
  readonly more: boolean;
  readonly records: readonly string[];
  readonly kevEntries?: readonly FeedKevEntry[];
  readonly epssScores: readonly FeedEpssScore[];
}

/** SHA-256 of bytes, in hex and base64. */
export function sha256Of(bytes: Uint8Array | string): { hex: string; base64: string } {
  const digest = createHash('sha256').update(bytes).digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64') };
}

/**
 * Writes the page body. Records are spliced in as stored rather than parsed and
 * re-serialised: they are JSON already, and the digest covers exactly these bytes.
 */
export function renderPage(content: FeedPageContent): RenderedFeedPage {
  const parts = [`"next":${JSON.stringify(content.next)}`, `"more":${content.more}`, `"records":[${content.records.join(',')}]`];
  if (content.kevEntries) parts.push(`"kev_entries":${JSON.stringify(content.kevEntries)}`);
  parts.push(`"epss_scores":${JSON.stringify(content.epssScores)}`);
  const body = `{${parts.join(',')}}`;
  const digest = sha256Of(body);
  return { body, sha256: digest.hex, reprDigest: `sha-256=:${digest.base64}:` };
}

/**
 * The sha-256 member of a `Repr-Digest` field (an RFC 8941 dictionary of byte sequences).
 * Read by hand because only this one member of one simple shape is needed.
 */
export function reprDigestSha256(field: string | null): string | undefined {
  if (!field) return undefined;
  for (const member of field.split(',')) {
    const m = /^\s*sha-256\s*=\s*:([A-Za-z0-9+/]*={0,2}):\s*$/.exec(member);
    if (m) return m[1];
  }
  return undefined;
}

/** Reads a page body that passed its digest check; says which field is wrong otherwise. */
export function parsePage(body: string): { page: FeedPage } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return { error: `not JSON: ${(error as Error).message}` };
  }
  if (Value.Check(FeedPageSchema, value)) return { page: value };
  const problems = [...Value.Errors(FeedPageSchema, value)].slice(0, 5).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  return { error: `not a feed page: ${problems.join('; ')}` };
}
