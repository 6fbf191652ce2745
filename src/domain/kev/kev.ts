/**
 * CISA's Known Exploited Vulnerabilities catalog
 * (https://www.cisa.gov/known-exploited-vulnerabilities-catalog), typed after its
 * published schema (`schemas/kev/known_exploited_vulnerabilities_schema.json`).
 */
export interface KevCatalog {
  title?: string;
  catalogVersion: string;
  /** `YYYY-MM-DDTHH:mm:ss.sssZ`. */
  dateReleased: string;
  count: number;
  vulnerabilities: KevVulnerability[];
}

/** One catalog entry. */
export interface KevVulnerability {
  /** `CVE-YYYY-NNNN...`. */
  cveID: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  /** `YYYY-MM-DD`. */
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  /** `YYYY-MM-DD`: when US federal agencies must have acted. */
  dueDate: string;
  /** `Known` or `Unknown`. */
  knownRansomwareCampaignUse?: string;
  notes?: string;
  /** `CWE-NNN` ids. */
  cwes?: string[];
}

/** What the knowledge base keeps of a KEV entry, keyed by CVE id. */
export interface KevEntry {
  dateAdded: string;
  dueDate: string;
  knownRansomwareCampaignUse?: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  requiredAction: string;
  shortDescription: string;
  notes?: string;
  cwes: string[];
}

/**
 * The catalog's entries by CVE id. Should an id appear twice, the entry added
 * last (by `dateAdded`) wins, since it reflects CISA's latest word.
 */
export function kevEntriesByCve(catalog: KevCatalog): Map<string, KevEntry> {
  const byCve = new Map<string, KevEntry>();
  for (const v of catalog.vulnerabilities) {
    const seen = byCve.get(v.cveID);
    if (seen !== undefined && seen.dateAdded > v.dateAdded) continue;
    const entry: KevEntry = {
      dateAdded: v.dateAdded,
      dueDate: v.dueDate,
      vendorProject: v.vendorProject,
      product: v.product,
      vulnerabilityName: v.vulnerabilityName,
      requiredAction: v.requiredAction,
      shortDescription: v.shortDescription,
      cwes: v.cwes ?? [],
    };
    if (v.knownRansomwareCampaignUse !== undefined) entry.knownRansomwareCampaignUse = v.knownRansomwareCampaignUse;
    if (v.notes !== undefined && v.notes !== '') entry.notes = v.notes;
    byCve.set(v.cveID, entry);
  }
  return byCve;
}

/** The object stored under an OSV record's `database_specific.kev`. */
export interface KevDatabaseSpecific {
  [key: string]: string | string[] | undefined;
  dateAdded: string;
  dueDate: string;
  /** `Known` or `Unknown`, as CISA writes it. */
  knownRansomwareCampaignUse?: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  requiredAction: string;
  shortDescription: string;
  notes?: string;
  cwes?: string[];
}

/**
 * A KEV entry as OSV `database_specific.kev`: CISA's own field names and values
 * (camelCase), with empty notes and CWE lists left out.
 */
export function kevDatabaseSpecific(entry: KevEntry): KevDatabaseSpecific {
  const out: KevDatabaseSpecific = {
    dateAdded: entry.dateAdded,
    dueDate: entry.dueDate,
    vendorProject: entry.vendorProject,
    product: entry.product,
    vulnerabilityName: entry.vulnerabilityName,
    requiredAction: entry.requiredAction,
    shortDescription: entry.shortDescription,
  };
  if (entry.knownRansomwareCampaignUse !== undefined) out.knownRansomwareCampaignUse = entry.knownRansomwareCampaignUse;
  if (entry.notes !== undefined) out.notes = entry.notes;
  if (entry.cwes.length > 0) out.cwes = entry.cwes;
  return out;
}
