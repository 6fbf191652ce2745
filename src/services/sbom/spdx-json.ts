import { validateSpdx } from '../validation/schema-validators.js';
import type { SpdxJsonVersion } from '../validation/schema-validators.js';
import { ComponentCollector } from './component-collector.js';
import { failure, fromSchemaErrors } from './sbom-errors.js';
import { addSpdxPackage } from './spdx-package.js';
import type { ParsedSbom, ReadSbomResult } from './types.js';

type Node = Record<string, unknown>;

/** Reads a parsed SPDX 2.2 or 2.3 JSON document: schema first, then its packages as components. */
export function readSpdxJson(document: Node, version: SpdxJsonVersion): ReadSbomResult {
  const validation = validateSpdx(version, document);
  if (!validation.ok) return failure(fromSchemaErrors(validation.errors));

  // The schema has checked the types read below: SPDXID and name are required strings, as are an external reference's three fields.
  const collector = new ComponentCollector();
  const packages = Array.isArray(document.packages) ? (document.packages as Node[]) : [];
  packages.forEach((pkg, index) => {
    const path = `/packages/${index}`;
    const refs = Array.isArray(pkg.externalRefs) ? (pkg.externalRefs as Node[]) : [];
    addSpdxPackage(collector, {
      path,
      spdxId: pkg.SPDXID as string,
      name: pkg.name as string,
      version: pkg.versionInfo as string | undefined,
      externalRefs: refs.map((ref, refIndex) => ({
        category: ref.referenceCategory as string,
        type: ref.referenceType as string,
        locator: ref.referenceLocator as string,
        locatorPath: `${path}/externalRefs/${refIndex}/referenceLocator`,
      })),
    });
  });
  const sbom: ParsedSbom = {
    format: 'SPDX',
    specVersion: version,
    encoding: 'json',
    name: document.name as string,
    components: collector.components,
    warnings: collector.warnings,
  };
  return { ok: true, sbom };
}
