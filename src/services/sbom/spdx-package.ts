import type { SpdxJsonVersion } from '../validation/schema-validators.js';
import type { ComponentCollector } from './component-collector.js';

/** The SPDX 2.x versions read, in JSON and tag-value alike. */
const SPDX_VERSIONS: readonly SpdxJsonVersion[] = ['2.2', '2.3'];

/** `SPDX-2.3` → `2.3` when that version is read; undefined otherwise. */
export function spdxVersionOf(spdxVersion: string): SpdxJsonVersion | undefined {
  const version = spdxVersion.replace(/^SPDX-/, '');
  return spdxVersion.startsWith('SPDX-') && (SPDX_VERSIONS as readonly string[]).includes(version) ? (version as SpdxJsonVersion) : undefined;
}

/** Why a document's `SPDX-x.y` version is refused. */
export function unsupportedSpdxVersion(spdxVersion: string): string {
  const supported = 'this reader takes SPDX 2.2 and 2.3';
  return /^SPDX-3\./.test(spdxVersion) ? `SPDX 3.0 is not supported: ${supported}` : `SPDX version "${spdxVersion}" is not supported: ${supported}`;
}

/** A package's external reference, with where its locator is. */
export interface SpdxExternalRef {
  category: string;
  type: string;
  locator: string;
  locatorPath: string;
}

/** An SPDX package as either encoding gives it. */
export interface SpdxPackage {
  path: string;
  spdxId?: string | undefined;
  name: string;
  version?: string | undefined;
  externalRefs: SpdxExternalRef[];
}

const CPE_TYPES = new Set(['cpe22Type', 'cpe23Type']);

/** Adds a package as a component: its purl from the `purl` external reference, its CPEs from the SECURITY ones. */
export function addSpdxPackage(collector: ComponentCollector, pkg: SpdxPackage): void {
  const purls = pkg.externalRefs.filter((ref) => ref.type === 'purl');
  const cpes = pkg.externalRefs.filter((ref) => ref.category === 'SECURITY' && CPE_TYPES.has(ref.type)).map((ref) => ref.locator);
  const first = purls[0];
  const others = new Set(purls.slice(1).map((ref) => ref.locator).filter((locator) => locator !== first?.locator));
  if (others.size > 0) {
    collector.warnings.push({ path: pkg.path, message: `package has ${others.size + 1} different purls; the first, "${first?.locator}", is used` });
  }
  collector.add({
    path: pkg.path,
    ref: pkg.spdxId,
    name: pkg.name,
    version: pkg.version,
    purl: first?.locator,
    purlPath: first?.locatorPath ?? pkg.path,
    cpes: [...new Set(cpes)],
  });
}
