/**
 * The SSVC decision points the deployer and CISA BOD 26-04 tables use, with their value
 * names written as the upstream CSV tables write them (the JSON names, lower-cased).
 */

/** Exploitation v1.1.0. */
export const EXPLOITATION = ['none', 'public poc', 'active'] as const;
/** System Exposure v1.0.1. */
export const SYSTEM_EXPOSURE = ['small', 'controlled', 'open'] as const;
/** Automatable v2.0.0. */
export const AUTOMATABLE = ['no', 'yes'] as const;
/** Safety Impact v2.0.1. */
export const SAFETY_IMPACT = ['negligible', 'marginal', 'critical', 'catastrophic'] as const;
/** Mission Impact v2.0.0. */
export const MISSION_IMPACT = ['degraded', 'mef support crippled', 'mef failure', 'mission failure'] as const;
/** Human Impact v2.0.2. */
export const HUMAN_IMPACT = ['low', 'medium', 'high', 'very high'] as const;
/** Defer, Scheduled, Out-of-Cycle, Immediate v1.0.0: the deployer's outcome. */
export const DEPLOYER_PRIORITY = ['defer', 'scheduled', 'out-of-cycle', 'immediate'] as const;
/** In KEV v1.0.0 and Publicly Exposed v1.0.0 (CISA). */
export const YES_NO = ['no', 'yes'] as const;
/** Technical Impact v1.0.0. */
export const TECHNICAL_IMPACT = ['partial', 'total'] as const;
/** CISA BOD 26-04 Remediation Timelines v1.0.0: the directive's outcome. */
export const BOD_26_04_TIMELINE = ['fix on system upgrade', '60 days', '14 days', '3 days', '3 days & forensic investigation'] as const;

export type Exploitation = (typeof EXPLOITATION)[number];
export type SystemExposure = (typeof SYSTEM_EXPOSURE)[number];
export type Automatable = (typeof AUTOMATABLE)[number];
export type SafetyImpact = (typeof SAFETY_IMPACT)[number];
export type MissionImpact = (typeof MISSION_IMPACT)[number];
export type HumanImpact = (typeof HUMAN_IMPACT)[number];
export type DeployerPriority = (typeof DEPLOYER_PRIORITY)[number];
export type YesNo = (typeof YES_NO)[number];
export type TechnicalImpact = (typeof TECHNICAL_IMPACT)[number];
export type Bod2604Timeline = (typeof BOD_26_04_TIMELINE)[number];

/** A field's value, or what is wrong with it. */
export type ParsedValue<T> = { ok: true; value: T } | { ok: false; field: string; error: string };

/** Reads one decision point's value by name, ignoring case ("Public PoC", "public poc"). */
export function parseValue<T extends string>(field: string, values: readonly T[], input: unknown): ParsedValue<T> {
  const expected = `expected one of ${values.map((v) => `"${v}"`).join(', ')}`;
  if (typeof input !== 'string') return { ok: false, field, error: `${field}: ${input === undefined ? 'missing' : `got ${input === null ? 'null' : typeof input}, not text`}; ${expected}` };
  const value = values.find((v) => v === input.toLowerCase());
  return value === undefined ? { ok: false, field, error: `${field}: "${input}" is not a value; ${expected}` } : { ok: true, value };
}
