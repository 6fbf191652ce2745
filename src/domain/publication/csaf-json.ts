/**
 * The part of CSAF 2.0 (OASIS, csaf_json_schema.json) that a clearinghouse security advisory
 * fills: document metadata, a product tree of branches, and one vulnerability.
 */
export interface CsafDocument {
  document: CsafDocumentMetadata;
  product_tree: CsafProductTree;
  vulnerabilities: CsafVulnerability[];
}

export interface CsafDocumentMetadata {
  category: 'csaf_security_advisory';
  csaf_version: '2.0';
  title: string;
  lang: string;
  publisher: CsafPublisher;
  /** CSAF 2.0 uses TLP 1.0 labels: WHITE is what TLP 2.0 calls CLEAR. */
  distribution: { tlp: { label: 'WHITE'; url: string } };
  references?: CsafReference[];
  tracking: CsafTracking;
}

export interface CsafPublisher {
  category: 'coordinator';
  name: string;
  namespace: string;
  contact_details: string;
}

export interface CsafTracking {
  id: string;
  status: 'final';
  /** Integer versioning: the number of the latest revision. */
  version: string;
  initial_release_date: string;
  current_release_date: string;
  revision_history: { number: string; date: string; summary: string }[];
}

export interface CsafReference {
  category: 'self' | 'external';
  summary: string;
  url: string;
}

export interface CsafNote {
  category: 'description' | 'other';
  title: string;
  text: string;
}

export interface CsafProductTree {
  branches: CsafBranch[];
}

export type CsafBranchCategory = 'vendor' | 'product_name' | 'product_version' | 'product_version_range';

/** A branch holds either further branches or, as a leaf, one product. */
export interface CsafBranch {
  category: CsafBranchCategory;
  name: string;
  branches?: CsafBranch[];
  product?: CsafFullProductName;
}

export interface CsafFullProductName {
  name: string;
  product_id: string;
  product_identification_helper?: { purl: string };
}

export interface CsafRemediation {
  category: 'vendor_fix' | 'none_available';
  details: string;
  product_ids: string[];
}

/** A CVSS v3.x score in FIRST's CVSS JSON form: the base metrics group only. */
export interface CsafCvssV3 {
  version: '3.0' | '3.1';
  vectorString: string;
  baseScore: number;
  baseSeverity: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
}

export interface CsafVulnerability {
  cve?: string;
  ids: { system_name: string; text: string }[];
  title: string;
  cwe?: { id: string; name: string };
  notes: CsafNote[];
  release_date: string;
  product_status: { known_affected: string[]; fixed?: string[] };
  remediations: CsafRemediation[];
  scores?: { products: string[]; cvss_v3: CsafCvssV3 }[];
  references?: CsafReference[];
  acknowledgments?: { names: string[]; summary: string }[];
}
