import type { DedupSubject } from '../dedup/cluster-keys.js';
import { parseSanitizerReport } from '../dedup/crash-signature.js';
import { formatPurl, parsePurl } from '../purl/purl.js';
import type { Finding } from './report-draft.js';

/**
 * What deduplication compares of a finding. Packages lose their versions (two reports of
 * one bug often name different versions) and qualifiers; a CPE keeps its vendor and product.
 */
export function findingSubject(finding: Finding, fingerprint: string): DedupSubject {
  const packages = new Set<string>();
  for (const product of finding.affected) {
    const name = product.purl !== undefined ? packageOfPurl(product.purl) : product.cpe !== undefined ? productOfCpe(product.cpe) : undefined;
    if (name !== undefined) packages.add(name);
  }
  const crash = finding.stackTrace === undefined ? undefined : parseSanitizerReport(finding.stackTrace);
  return {
    fingerprint,
    partialFingerprints: { ...finding.partialFingerprints },
    packages: [...packages].sort(),
    cwes: [...new Set(finding.cwes)].sort(),
    locations: finding.locations.map((l) => ({ uri: l.uri, ...(l.startLine === undefined ? {} : { startLine: l.startLine }), ...(l.symbol === undefined ? {} : { symbol: l.symbol }) })),
    ...(crash === undefined ? {} : { crash }),
    text: `${finding.title}\n\n${finding.description}`,
    identifiers: [...new Set(finding.identifiers)].sort(),
  };
}

function packageOfPurl(text: string): string | undefined {
  const parsed = parsePurl(text);
  if (!parsed.ok) return undefined;
  const { type, namespace, name } = parsed.purl;
  return formatPurl({ type, name, ...(namespace === undefined ? {} : { namespace }) });
}

/** `cpe:2.3:part:vendor:product:…` → `cpe:part:vendor:product`. */
function productOfCpe(text: string): string | undefined {
  const parts = text.split(':');
  if (parts.length < 5 || parts[0] !== 'cpe' || parts[1] !== '2.3') return undefined;
  return `cpe:${parts[2]}:${parts[3]}:${parts[4]}`.toLowerCase();
}
