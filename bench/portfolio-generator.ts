// The portfolio's SBOMs, one at a time: the components of a real SBOM (a random subset of the
// large ones) topped up with pool packages to about 500 components. A package's popularity
// rank is a seeded shuffle of the pool, independent of how many advisories name it (ranking by
// advisories put hundreds of records on most components). Counts which assets hold each pool
// package and at which versions, so an advisory can be aimed at a widely held one.
import type { UploadedComponent } from '../src/services/inventory/inventory-service.js';
import { heldVersion, poolComponent, ZipfDraw, type PoolPackage, type Random, type RealSbom } from './portfolio-sources.js';

/** Components taken from the real SBOM at most; the rest of an SBOM comes from the pool. */
const MAX_REAL_COMPONENTS = 350;

/** How often each pool package is held, and at which versions. */
export interface Holding {
  readonly pkg: PoolPackage;
  readonly holders: number;
  readonly versions: ReadonlySet<string>;
}

export class PortfolioGenerator {
  readonly #bases: readonly RealSbom[];
  /** The pool in popularity order. */
  readonly #pool: PoolPackage[];
  readonly #random: Random;
  readonly #draw: ZipfDraw;
  readonly #holders: Int32Array;
  readonly #versions = new Map<number, Set<string>>();

  constructor(bases: readonly RealSbom[], pool: readonly PoolPackage[], random: Random) {
    this.#bases = bases;
    this.#random = random;
    this.#pool = [...pool];
    for (let i = this.#pool.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [this.#pool[i], this.#pool[j]] = [this.#pool[j]!, this.#pool[i]!];
    }
    this.#draw = new ZipfDraw(pool.length);
    this.#holders = new Int32Array(pool.length);
  }

  /** The next SBOM: its real source and its 450–550 components. */
  next(): { source: string; components: UploadedComponent[] } {
    const base = this.#bases[Math.floor(this.#random() * this.#bases.length)]!;
    const size = 450 + Math.floor(this.#random() * 101);
    const components = this.#subset(base.components, MAX_REAL_COMPONENTS);
    components.push(...this.poolComponents(size - components.length));
    return { source: base.path, components };
  }

  /** `count` distinct pool packages at held versions, counted as holdings. */
  poolComponents(count: number): UploadedComponent[] {
    const taken = new Set<number>();
    const out: UploadedComponent[] = [];
    while (out.length < count && taken.size < this.#pool.length) {
      const rank = this.#draw.next(this.#random);
      if (taken.has(rank)) continue;
      taken.add(rank);
      const pkg = this.#pool[rank]!;
      const version = heldVersion(pkg, this.#random);
      const component = poolComponent(pkg, version);
      if (!component) continue;
      out.push(component);
      this.#holders[rank]!++;
      let versions = this.#versions.get(rank);
      if (!versions) this.#versions.set(rank, (versions = new Set()));
      versions.add(version);
    }
    return out;
  }

  /** Pool packages by how many SBOMs hold them, most held first. */
  holdings(): Holding[] {
    return [...this.#versions.entries()]
      .map(([rank, versions]) => ({ pkg: this.#pool[rank]!, holders: this.#holders[rank]!, versions }))
      .sort((a, b) => b.holders - a.holders);
  }

  #subset(components: readonly UploadedComponent[], max: number): UploadedComponent[] {
    const copy = [...components];
    if (copy.length <= max) return copy;
    for (let i = 0; i < max; i++) {
      const j = i + Math.floor(this.#random() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, max);
  }
}
