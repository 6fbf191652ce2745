import { canonicalJson } from '../../domain/canonical-json.js';
import type { OsvRecord } from '../../domain/osv/osv-record.js';
import { utcSeconds } from '../../domain/publication/case-checks.js';
import { csafAdvisory } from '../../domain/publication/csaf-advisory.js';
import { csafLocations, type CsafLocations } from '../../domain/publication/csaf-locations.js';
import { cveRecord } from '../../domain/publication/cve-record.js';
import { osvRecord } from '../../domain/publication/osv-record.js';
import { providerMetadata, type ProviderMetadata } from '../../domain/publication/provider-metadata.js';
import type { PublicationError, PublicationResult } from '../../domain/publication/publication-error.js';
import type { PublishableCase, Publisher } from '../../domain/publication/publishable-case.js';
import { rolieFeed, type RolieFeed } from '../../domain/publication/rolie-feed.js';
import type { Store } from '../../store/database.js';
import { PublicationRepository, type PublicationRow } from '../../store/publication-repository.js';
import type { ImportService } from '../import/import-service.js';
import { ServiceError } from '../service-error.js';
import { cweNames, publicationProblems } from './validate-publication.js';

/** Who publishes and where: the clearinghouse as CSAF provider and CNA, at its public https origin. */
export interface PublicationSettings {
  readonly publisher: Publisher;
  /** The public origin the CSAF files are served at (CSAF requires https), e.g. https://clearinghouse.example. */
  readonly origin: string;
}

/**
 * The settings from the environment: CLEARINGHOUSE_PUBLIC_ORIGIN, CLEARINGHOUSE_PUBLISHER_NAME,
 * CLEARINGHOUSE_PUBLISHER_CONTACT, CLEARINGHOUSE_CNA_ORG_ID and CLEARINGHOUSE_CNA_SHORT_NAME.
 * The defaults name a placeholder provider, so a development install publishes valid documents.
 */
export function publicationSettingsFrom(env: NodeJS.ProcessEnv): PublicationSettings {
  const origin = env.CLEARINGHOUSE_PUBLIC_ORIGIN ?? 'https://clearinghouse.example';
  return {
    origin,
    publisher: {
      name: env.CLEARINGHOUSE_PUBLISHER_NAME ?? 'AI Cybersecurity Clearinghouse',
      namespace: origin,
      contactDetails: env.CLEARINGHOUSE_PUBLISHER_CONTACT ?? `mailto:disclosure@${new URL(origin).hostname}`,
      cnaOrgId: env.CLEARINGHOUSE_CNA_ORG_ID ?? '00000000-0000-4000-8000-000000000000',
      cnaShortName: env.CLEARINGHOUSE_CNA_SHORT_NAME ?? 'clearinghouse',
    },
  };
}

/** What one publication put out. */
export interface PublishedDocuments {
  readonly osv: OsvRecord;
  readonly cve: unknown;
  readonly csaf: unknown;
  /** Where the CSAF advisory is served. */
  readonly csafUrl: string;
  /** What the knowledge base did with the OSV record. */
  readonly imported: { readonly added: number; readonly updated: number; readonly unchanged: number };
}

const WELL_KNOWN = '/.well-known/csaf/';

/**
 * Publication of a fixed case: its OSV record, CVE JSON 5.1 record and CSAF 2.0 advisory,
 * each validated against its schema (CSAF also against the validator's mandatory tests)
 * before anything is stored; then the OSV record goes into the knowledge base, whose
 * exposure matching tells every operator that runs an affected version. Also the CSAF
 * provider's files under /.well-known/csaf/.
 */
export class PublicationService {
  readonly #publications: PublicationRepository;
  readonly #importer: ImportService;
  readonly #settings: PublicationSettings;
  readonly #locations: CsafLocations;
  readonly #now: () => Date;

  constructor(store: Store, importer: ImportService, settings: PublicationSettings, now: () => Date = () => new Date()) {
    this.#publications = new PublicationRepository(store);
    this.#importer = importer;
    this.#settings = settings;
    this.#locations = unwrap(csafLocations(settings.origin), '/origin');
    this.#now = now;
  }

  /** Builds, validates, stores and imports a case's documents; nothing is stored when one is invalid. */
  async publish(given: PublishableCase): Promise<PublishedDocuments> {
    const csafUrl = this.#locations.advisory(given.id, given.published);
    // Every record points at the advisory the clearinghouse serves (a CVE record needs a reference).
    const input = given.references.some((r) => r.url === csafUrl) ? given : { ...given, references: [{ url: csafUrl, type: 'ADVISORY' as const }, ...given.references] };
    const osv = unwrap(osvRecord(input));
    const cve = input.cveId === undefined ? undefined : unwrap(cveRecord(input, this.#settings.publisher, cweNames));
    const csaf = unwrap(csafAdvisory(input, this.#settings.publisher, { weaknessNames: cweNames, canonicalUrl: csafUrl }));
    const problems = await publicationProblems({ osv, csaf, ...(cve === undefined ? {} : { cve }) });
    if (problems.length > 0) {
      const errors = problems.flatMap((p) => p.errors.map((message) => ({ field: `/${p.format.toLowerCase()}`, message })));
      throw new ServiceError('invalid', `the case's ${problems.map((p) => p.format).join(' and ')} document would not be valid: ${errors[0]!.message}`, errors[0]!.field, errors);
    }
    await this.#publications.save({
      case_id: input.id,
      tracking_id: input.id,
      title: input.title,
      osv_id: osv.id,
      cve_id: input.cveId ?? null,
      csaf_path: csafUrl.slice(csafUrl.indexOf(WELL_KNOWN) + WELL_KNOWN.length),
      initial_release: input.published,
      current_release: input.modified,
      osv: canonicalJson(osv),
      cve: cve === undefined ? null : canonicalJson(cve),
      // Served as stored: canonical key order is what CSAF's optional test 6.2.13 asks for.
      csaf: canonicalJson(csaf),
    });
    const summary = await this.#importer.importRecords([osv], `case ${input.id}`);
    if (summary.rejected > 0) throw new ServiceError('invalid', `the knowledge base refused the OSV record: ${summary.rejections[0]!.reason}`, '/osv');
    return { osv, cve: cve ?? null, csaf, csafUrl, imported: { added: summary.added, updated: summary.updated, unchanged: summary.unchanged } };
  }

  async ofCase(caseId: string): Promise<PublicationRow | undefined> {
    return this.#publications.ofCase(caseId);
  }

  /** /.well-known/csaf/provider-metadata.json */
  async providerMetadata(): Promise<ProviderMetadata> {
    const [latest] = await this.#publications.listed(1);
    return unwrap(
      providerMetadata({
        publisher: this.#settings.publisher,
        canonicalUrl: this.#locations.providerMetadata,
        feedUrl: this.#locations.feed,
        lastUpdated: latest?.current_release ?? utcSeconds(this.#now()),
      }),
    );
  }

  /** The ROLIE feed of every published advisory, latest first. */
  async feed(): Promise<RolieFeed> {
    const all = await this.#publications.listed();
    return unwrap(
      rolieFeed({
        feedUrl: this.#locations.feed,
        title: `${this.#settings.publisher.name} CSAF advisories (TLP:WHITE)`,
        updated: all[0]?.current_release ?? utcSeconds(this.#now()),
        entries: all.map((p) => ({
          trackingId: p.tracking_id,
          title: p.title,
          url: `${this.#settings.origin}${WELL_KNOWN}${p.csaf_path}`,
          published: p.initial_release,
          updated: p.current_release,
          summary: p.cve_id === null ? p.title : `${p.cve_id}: ${p.title}`,
        })),
      }),
    );
  }

  /** A CSAF advisory by its path under /.well-known/csaf/, as stored. */
  async csafAt(path: string): Promise<string | undefined> {
    return (await this.#publications.atCsafPath(path))?.csaf;
  }
}

/** The built value, or a ServiceError naming each field a builder refused. */
function unwrap<T>(result: PublicationResult<T>, fieldPrefix = ''): T {
  if (result.ok) return result.value;
  const errors = result.errors.map((e: PublicationError) => ({ field: `${fieldPrefix}${e.path}`, message: e.message }));
  throw new ServiceError('invalid', `cannot publish: ${errors[0]!.message}`, errors[0]!.field, errors);
}
