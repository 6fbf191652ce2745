import { isHttpsUrl, isUtcTimestamp, publisherErrors } from './case-checks.js';
import type { CsafPublisher } from './csaf-json.js';
import { resultOf, type PublicationError, type PublicationResult } from './publication-error.js';
import type { Publisher } from './publishable-case.js';

/** A CSAF 2.0 provider-metadata.json (OASIS provider_json_schema.json). */
export interface ProviderMetadata {
  canonical_url: string;
  distributions: { rolie: { feeds: { summary: string; tlp_label: 'WHITE'; url: string }[] } }[];
  last_updated: string;
  list_on_CSAF_aggregators: boolean;
  metadata_version: '2.0';
  mirror_on_CSAF_aggregators: boolean;
  publisher: CsafPublisher;
  role: 'csaf_provider';
}

export interface ProviderMetadataInput {
  readonly publisher: Publisher;
  /** Where this file is served: an https URL ending in /provider-metadata.json. */
  readonly canonicalUrl: string;
  /** The ROLIE feed of TLP:WHITE advisories: an https URL ending in .json. */
  readonly feedUrl: string;
  readonly lastUpdated: string;
}

/**
 * The provider metadata of the clearinghouse: one ROLIE feed of TLP:WHITE advisories (CSAF 2.0's
 * TLP 1.0 label for what TLP 2.0 calls CLEAR), open to listing and mirroring by aggregators. The
 * role is csaf_provider: csaf_trusted_provider also needs hashes, OpenPGP signatures and a public
 * key (requirements 18 to 20), which are not made here.
 */
export function providerMetadata(input: ProviderMetadataInput): PublicationResult<ProviderMetadata> {
  const errors: PublicationError[] = publisherErrors(input.publisher, { cna: false });
  if (!isHttpsUrl(input.canonicalUrl) || !input.canonicalUrl.endsWith('/provider-metadata.json')) {
    errors.push({ path: '/canonicalUrl', message: `${JSON.stringify(input.canonicalUrl)} is not an https URL ending in /provider-metadata.json` });
  }
  if (!isHttpsUrl(input.feedUrl) || !input.feedUrl.endsWith('.json')) errors.push({ path: '/feedUrl', message: `${JSON.stringify(input.feedUrl)} is not an https URL ending in .json` });
  if (!isUtcTimestamp(input.lastUpdated)) errors.push({ path: '/lastUpdated', message: `${JSON.stringify(input.lastUpdated)} is not an RFC 3339 UTC date-time` });
  const { publisher } = input;
  return resultOf(errors, () => ({
    canonical_url: input.canonicalUrl,
    distributions: [{ rolie: { feeds: [{ summary: `All TLP:WHITE advisories of ${publisher.name}.`, tlp_label: 'WHITE', url: input.feedUrl }] } }],
    last_updated: input.lastUpdated,
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    publisher: { category: 'coordinator', name: publisher.name, namespace: publisher.namespace, contact_details: publisher.contactDetails },
    role: 'csaf_provider',
  }));
}
