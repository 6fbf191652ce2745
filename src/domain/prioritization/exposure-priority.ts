/**
 * What to patch first: an exposure's SSVC deployer decision and its CISA BOD 26-04
 * remediation timeline, from what the advisory says (CVSS vectors), what CISA says (KEV)
 * and what the operator says about the asset (system exposure, mission and safety impact).
 */
import { scoreVector, type CvssScore } from '../cvss/cvss.js';
import type { OsvRecord } from '../osv/osv-record.js';
import { bod2604Timeline } from '../ssvc/bod-26-04.js';
import type { Automatable, Bod2604Timeline, DeployerPriority, Exploitation, TechnicalImpact } from '../ssvc/decision-points.js';
import { deployerPriority } from '../ssvc/deployer.js';
import { exploitationFromEvidence } from '../ssvc/exploitation.js';

/** What is known about a vulnerability, whatever asset it sits on. */
export interface AdvisoryFacts {
  /** The highest CVSS base score among the record's vectors (v4.0 preferred over v3.x over v2.0 at equal rank). */
  readonly cvssScore: number | null;
  readonly cvssVector: string | null;
  readonly inKev: boolean;
  readonly kevDueDate: string | null;
  readonly epss: number | null;
  readonly exploitation: Exploitation;
  readonly automatable: Automatable;
  readonly technicalImpact: TechnicalImpact;
}

/** How the operator judges the asset, in SSVC's own value names. */
export interface AssetContext {
  readonly systemExposure: 'small' | 'controlled' | 'open';
  readonly missionImpact: 'degraded' | 'mef support crippled' | 'mef failure' | 'mission failure';
  readonly safetyImpact: 'negligible' | 'marginal' | 'critical' | 'catastrophic';
}

export interface ExposurePriority {
  readonly decision: DeployerPriority;
  /** 3 immediate … 0 defer: the sort key's first part. */
  readonly rank: number;
  readonly timeline: Bod2604Timeline;
}

/** Evidence beyond the record itself. */
export interface AdvisoryEvidence {
  readonly kevDueDate?: string | null | undefined;
  readonly inKev: boolean;
  readonly epss?: number | null | undefined;
  readonly cisaAdpExploitation?: string | undefined;
}

/**
 * The facts of an advisory. Automatable and Technical Impact are read from the highest CVSS
 * vector the way CISA's SSVC guidance suggests when nobody has judged them: network-reachable,
 * low complexity, no privileges and no user interaction make an exploit automatable; high
 * confidentiality and integrity impact together give total control. Without a vector the
 * cautious values (automatable, total) apply, so an unscored flaw is never quietly deferred.
 * Without evidence of exploitation (KEV, CISA's ADP) exploitation is "none", which is SSVC's
 * definition of that value.
 */
export function advisoryFacts(record: OsvRecord, evidence: AdvisoryEvidence): AdvisoryFacts {
  const best = highestScore(record);
  const metrics = best ? vectorMetrics(best.vector) : undefined;
  const exploitation = exploitationFromEvidence({ inKev: evidence.inKev, ...(evidence.cisaAdpExploitation === undefined ? {} : { cisaAdpExploitation: evidence.cisaAdpExploitation }) });
  return {
    cvssScore: best?.score ?? null,
    cvssVector: best?.vector ?? null,
    inKev: evidence.inKev,
    kevDueDate: evidence.kevDueDate ?? null,
    epss: evidence.epss ?? null,
    exploitation: exploitation.ok ? exploitation.value : 'none',
    automatable: metrics ? automatableFrom(metrics) : 'yes',
    technicalImpact: metrics ? technicalImpactFrom(metrics) : 'total',
  };
}

const RANKS: Record<DeployerPriority, number> = { defer: 0, scheduled: 1, 'out-of-cycle': 2, immediate: 3 };

/** The deployer decision and BOD 26-04 timeline of one exposure. Both tables are complete, so every input has an answer. */
export function exposurePriority(facts: AdvisoryFacts, asset: AssetContext): ExposurePriority {
  const deployer = deployerPriority({
    exploitation: facts.exploitation,
    systemExposure: asset.systemExposure,
    automatable: facts.automatable,
    safetyImpact: asset.safetyImpact,
    missionImpact: asset.missionImpact,
  });
  const timeline = bod2604Timeline({
    inKev: facts.inKev ? 'yes' : 'no',
    publiclyExposed: asset.systemExposure === 'open' ? 'yes' : 'no',
    automatable: facts.automatable,
    technicalImpact: facts.technicalImpact,
  });
  if (!deployer.ok) throw new Error(`SSVC deployer table has no row: ${deployer.error}`);
  if (!timeline.ok) throw new Error(`BOD 26-04 table has no row: ${timeline.error}`);
  return { decision: deployer.value, rank: RANKS[deployer.value], timeline: timeline.value };
}

const VERSION_RANK: Record<string, number> = { '2.0': 0, '3.0': 1, '3.1': 2, '4.0': 3 };

function highestScore(record: OsvRecord): Extract<CvssScore, { ok: true }> | undefined {
  const vectors = [...(record.severity ?? []), ...(record.affected ?? []).flatMap((a) => a.severity ?? [])].filter((s) => s.type !== 'Ubuntu').map((s) => s.score);
  let best: Extract<CvssScore, { ok: true }> | undefined;
  for (const vector of vectors) {
    const scored = scoreVector(vector);
    if (!scored.ok) continue;
    if (!best || scored.score > best.score || (scored.score === best.score && VERSION_RANK[scored.version]! > VERSION_RANK[best.version]!)) best = scored;
  }
  return best;
}

function vectorMetrics(vector: string): Map<string, string> {
  return new Map(vector.split('/').map((part) => part.split(':') as [string, string]));
}

function automatableFrom(m: Map<string, string>): Automatable {
  // v4.0 splits v3's complexity into AC and AT; v2.0 names authentication Au.
  const noPrivileges = m.get('PR') === 'N' || m.get('Au') === 'N';
  const noInteraction = m.has('UI') ? m.get('UI') === 'N' : true;
  const simple = m.get('AC') === 'L' && (m.get('AT') ?? 'N') === 'N';
  return m.get('AV') === 'N' && simple && noPrivileges && noInteraction ? 'yes' : 'no';
}

function technicalImpactFrom(m: Map<string, string>): TechnicalImpact {
  // v4.0 names the vulnerable system's impacts VC/VI; v2.0 grades them N/P/C.
  const high = (v3: string, v4: string): boolean => ['H', 'C'].includes(m.get(v3) ?? m.get(v4) ?? '');
  return high('C', 'VC') && high('I', 'VI') ? 'total' : 'partial';
}
