import { openStore, type Store } from '../store/database.js';

export { defaultDatabasePath } from '../store/database.js';
import { EpssRepository } from '../store/epss-repository.js';
import { FeedStateRepository } from '../store/feed-state-repository.js';
import { KevRepository } from '../store/kev-repository.js';
import { migrateToLatest } from '../store/migrate.js';
import { VulnerabilityRepository } from '../store/vulnerability-repository.js';
import { AccountRepository } from '../store/account-repository.js';
import { InventoryRepository } from '../store/inventory-repository.js';
import { RemediationRepository } from '../store/remediation-repository.js';
import { VexRepository } from '../store/vex-repository.js';
import { AccessLayer } from './access/access-layer.js';
import { AccountService } from './accounts/account-service.js';
import { FeedService } from './feed/feed-service.js';
import { SubscriptionService } from './notify/subscription-service.js';
import { OutboxRepository } from '../store/outbox-repository.js';
import { ImportService } from './import/import-service.js';
import { InventoryService } from './inventory/inventory-service.js';
import { RemediationService } from './inventory/remediation-service.js';
import { VexService } from './inventory/vex-service.js';
import { ClusterService } from './intake/cluster-service.js';
import { Coordination } from './coordination/coordination.js';
import { IntakeService } from './intake/intake-service.js';
import { ReproductionService } from './reproduction/reproduction-service.js';
import { PublicationService, publicationSettingsFrom, type PublicationSettings } from './publication/publication-service.js';
import { KnowledgeBase, type CommitResolver } from './knowledge-base.js';
import { QueryService, defaultQueryLimits, type QueryLimits } from './query-service.js';

/** The wired-up system over one store: what the CLI, the server and tests use. */
export interface Clearinghouse {
  readonly store: Store;
  readonly vulnerabilities: VulnerabilityRepository;
  readonly kev: KevRepository;
  readonly epss: EpssRepository;
  readonly feeds: FeedStateRepository;
  readonly knowledgeBase: KnowledgeBase;
  readonly queries: QueryService;
  readonly importer: ImportService;
  readonly accounts: AccountService;
  readonly access: AccessLayer;
  readonly inventory: InventoryService;
  readonly remediation: RemediationService;
  readonly vex: VexService;
  /** The change feed that `clearinghouse sync --from` pulls. */
  readonly feed: FeedService;
  readonly outbox: OutboxRepository;
  readonly subscriptions: SubscriptionService;
  /** Vulnerability reports: intake and deduplication. */
  readonly intake: IntakeService;
  /** The intake queue and the analysts' merges and splits. */
  readonly clusters: ClusterService;
  /** Coordinated disclosure: cases, the vendor portal, CVE ids, referrals, reminders. */
  readonly coordination: Coordination;
  /** Proof-of-concept runs against target builds, in the sandbox. */
  readonly reproductions: ReproductionService;
  /** Published cases (OSV, CVE, CSAF) and the CSAF provider's files. */
  readonly publications: PublicationService;
  close(): Promise<void>;
}

/** How to open the system. */
export interface OpenOptions {
  /** A SQLite file path or a postgres:// URL. */
  readonly db: string;
  /** Build the in-memory match index from the store (needed to answer queries). */
  readonly loadIndex: boolean;
  readonly commits?: CommitResolver;
  readonly limits?: QueryLimits;
  /** Accept webhook targets on private, loopback and link-local addresses: development only. */
  readonly allowPrivateTargets?: boolean;
  /** Who publishes cases and at which origin (default: from the environment, see publicationSettingsFrom). */
  readonly publication?: PublicationSettings;
}

/** Opens the store, brings its schema up to date, and wires the services. */
export async function openClearinghouse(options: OpenOptions): Promise<Clearinghouse> {
  const store = openStore(options.db);
  try {
    await migrateToLatest(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const vulnerabilities = new VulnerabilityRepository(store);
  const kev = new KevRepository(store);
  const epss = new EpssRepository(store);
  const knowledgeBase = new KnowledgeBase({ vulnerabilities, kev, epss }, options.commits);
  if (options.loadIndex) await knowledgeBase.load();
  const access = new AccessLayer(store);
  const accountRepository = new AccountRepository(store);
  const inventoryRepository = new InventoryRepository(store);
  const remediationRepository = new RemediationRepository(store);
  const vexRepository = new VexRepository(store);
  const outbox = new OutboxRepository(store);
  const inventory = new InventoryService({ inventory: inventoryRepository, remediations: remediationRepository, vex: vexRepository, vulnerabilities, kev, epss, knowledgeBase, access });
  // Exposures left behind by a crash between an import and its exposure update are caught up now.
  if (options.loadIndex) await inventory.catchUp();
  const importer = new ImportService({
    vulnerabilities,
    kev,
    epss,
    // A written advisory updates the exposures of the packages it names, and nothing else.
    onWritten: options.loadIndex
      ? async (records) => {
          knowledgeBase.applyWritten(records);
          await inventory.catchUp();
        }
      : undefined,
    onEvidenceChanged: options.loadIndex ? async () => void (await inventory.catchUp()) : undefined,
  });
  const publications = new PublicationService(store, importer, options.publication ?? publicationSettingsFrom(process.env));
  return {
    store,
    vulnerabilities,
    kev,
    epss,
    feeds: new FeedStateRepository(store),
    knowledgeBase,
    queries: new QueryService(knowledgeBase, options.limits ?? defaultQueryLimits),
    importer,
    accounts: new AccountService(accountRepository),
    access,
    inventory,
    remediation: new RemediationService({ inventory: inventoryRepository, remediations: remediationRepository, access }),
    vex: new VexService({ vex: vexRepository, vulnerabilities, accounts: accountRepository, access }),
    feed: new FeedService(store),
    outbox,
    subscriptions: new SubscriptionService({ outbox, inventory: inventoryRepository, access, guard: { allowPrivateTargets: options.allowPrivateTargets ?? false } }),
    intake: new IntakeService(store, access),
    clusters: new ClusterService(store, access),
    coordination: new Coordination({ store, access, kev, publications }),
    reproductions: new ReproductionService(store, access),
    publications,
    close: () => store.close(),
  };
}
