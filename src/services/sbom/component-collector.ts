import { ecosystemForPurl } from '../../domain/purl/ecosystem-map.js';
import { validatePurl } from '../../domain/purl/purl.js';
import type { SbomComponent, SbomError } from './types.js';

/** A component as a format reader finds it, before refs are made unique and the purl normalized. */
export interface FoundComponent {
  /** Where the component is: its synthetic ref is `#` and this path. */
  path: string;
  ref?: string | undefined;
  name: string;
  version?: string | undefined;
  purl?: string | undefined;
  /** Where the purl is, for the warning when it does not parse. */
  purlPath: string;
  cpes: string[];
}

/** Gathers one document's components: unique refs, canonical purls, and the warnings both raise. */
export class ComponentCollector {
  readonly components: SbomComponent[] = [];
  readonly warnings: SbomError[] = [];
  readonly #refs = new Set<string>();

  add(found: FoundComponent): void {
    const component: SbomComponent = { ref: this.#uniqueRef(found), name: found.name, cpes: found.cpes };
    if (found.version !== undefined && found.version !== '') component.version = found.version;
    const purl = found.purl?.trim() ?? '';
    if (purl === '') {
      component.unmatchedReason = 'no purl given';
    } else {
      // Lenient: SBOM tools write purls such as `pkg:npm/@scope/name` with a raw '@'; the stored form is canonical either way.
      const parsed = validatePurl(purl, { lenient: true });
      if (parsed.ok) {
        component.purl = parsed.canonical;
        const ecosystem = ecosystemForPurl(parsed.purl);
        if ('error' in ecosystem) component.unmatchedReason = ecosystem.error;
      } else {
        component.unmatchedReason = `unparseable purl: ${parsed.error}`;
        this.warnings.push({ path: found.purlPath, message: `purl "${purl}" is not valid (${parsed.error}); the component is kept without it` });
      }
    }
    this.components.push(component);
  }

  #uniqueRef(found: FoundComponent): string {
    const synthetic = `#${found.path}`;
    let ref = found.ref === undefined || found.ref === '' ? synthetic : found.ref;
    if (this.#refs.has(ref)) {
      this.warnings.push({ path: found.path, message: `ref "${ref}" is used by an earlier component too; this one is referred to as "${synthetic}"` });
      ref = synthetic;
    }
    this.#refs.add(ref);
    return ref;
  }
}
