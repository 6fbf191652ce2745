/**
 * SSVC's deployer decision (CERT/CC): how soon to apply a patch, as Defer, Scheduled,
 * Out-of-Cycle or Immediate. Every answer is a row of the vendored upstream table.
 */
import {
  AUTOMATABLE,
  EXPLOITATION,
  HUMAN_IMPACT,
  MISSION_IMPACT,
  SAFETY_IMPACT,
  SYSTEM_EXPOSURE,
  parseValue,
  type DeployerPriority,
  type HumanImpact,
} from './decision-points.js';
import { DEPLOYER_TABLE, HUMAN_IMPACT_TABLE, answer, type Decision } from './tables.js';

/** Value names as SSVC writes them, in any case (e.g. "Public PoC", "MEF Failure"). */
export interface HumanImpactInput {
  safetyImpact: unknown;
  missionImpact: unknown;
}

/**
 * Human Impact from Safety Impact and Mission Impact, by the Human Impact 1.0.0 table. The
 * prose definitions of Human Impact 2.0.2's values disagree with that table in places (e.g.
 * marginal safety with MEF failure: "High" in the prose, medium in the table); the table is
 * what SSVC's decision models use, so it decides.
 */
export function humanImpact(input: HumanImpactInput): Decision<HumanImpact> {
  const safety = parseValue('safetyImpact', SAFETY_IMPACT, input.safetyImpact);
  if (!safety.ok) return safety;
  const mission = parseValue('missionImpact', MISSION_IMPACT, input.missionImpact);
  if (!mission.ok) return mission;
  const row = HUMAN_IMPACT_TABLE.rows.findIndex(([s, m]) => s === safety.value && m === mission.value);
  return answer(HUMAN_IMPACT_TABLE.rows[row]?.[2], row, HUMAN_IMPACT_TABLE.source);
}

/** The deployer's inputs: Human Impact itself, or the Safety and Mission Impact it derives from. */
export interface DeployerInput {
  exploitation: unknown;
  systemExposure: unknown;
  automatable: unknown;
  humanImpact?: unknown;
  safetyImpact?: unknown;
  missionImpact?: unknown;
}

/** The deployer's priority, with the Human Impact it used. */
export type DeployerDecision = { ok: true; value: DeployerPriority; humanImpact: HumanImpact; row: number } | { ok: false; field: string; error: string };

/** Looks the deployer's priority up in the Deployer Patch Application Priority 1.0.0 table. */
export function deployerPriority(input: DeployerInput): DeployerDecision {
  const exploitation = parseValue('exploitation', EXPLOITATION, input.exploitation);
  if (!exploitation.ok) return exploitation;
  const exposure = parseValue('systemExposure', SYSTEM_EXPOSURE, input.systemExposure);
  if (!exposure.ok) return exposure;
  const automatable = parseValue('automatable', AUTOMATABLE, input.automatable);
  if (!automatable.ok) return automatable;
  const impact = humanImpactOf(input);
  if (!impact.ok) return impact;
  const row = DEPLOYER_TABLE.rows.findIndex(([e, x, a, h]) => e === exploitation.value && x === exposure.value && a === automatable.value && h === impact.value);
  const priority = answer(DEPLOYER_TABLE.rows[row]?.[4], row, DEPLOYER_TABLE.source);
  return priority.ok ? { ...priority, humanImpact: impact.value } : priority;
}

function humanImpactOf(input: DeployerInput): Decision<HumanImpact> | { ok: true; value: HumanImpact } {
  const derived = input.safetyImpact !== undefined || input.missionImpact !== undefined;
  if (input.humanImpact !== undefined && derived) {
    return { ok: false, field: 'humanImpact', error: 'humanImpact: give Human Impact, or Safety Impact and Mission Impact, not both' };
  }
  return derived ? humanImpact({ safetyImpact: input.safetyImpact, missionImpact: input.missionImpact }) : parseValue('humanImpact', HUMAN_IMPACT, input.humanImpact);
}
