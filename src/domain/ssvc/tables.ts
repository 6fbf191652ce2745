/**
 * Decision tables vendored from CERTCC/SSVC @ e3b00a25615845960cec9caa1388064739f17728,
 * `data/csv/` (see README.md): each row as the CSV has it, in the CSV's order, so row i is
 * the CSV's `row` i. `columns` is the CSV header without its `row` column.
 */
import type {
  Automatable,
  Bod2604Timeline,
  DeployerPriority,
  Exploitation,
  HumanImpact,
  MissionImpact,
  SafetyImpact,
  SystemExposure,
  TechnicalImpact,
  YesNo,
} from './decision-points.js';

/** A table's answer and the table row it came from, or which input is wrong. */
export type Decision<T> = { ok: true; value: T; row: number } | { ok: false; field: string; error: string };

/** The table's answer at `row`; the tables are complete, so a miss means a broken vendored copy. */
export function answer<T>(value: T | undefined, row: number, source: string): Decision<T> {
  return value === undefined ? { ok: false, field: 'table', error: `no row of ${source} matches` } : { ok: true, value, row };
}

/** A vendored decision table: the upstream file, its header and its rows. */
export interface DecisionTable<Row extends readonly string[]> {
  readonly source: string;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
}

/** Human Impact 1.0.0: Safety Impact × Mission Impact → Human Impact. */
export const HUMAN_IMPACT_TABLE: DecisionTable<readonly [SafetyImpact, MissionImpact, HumanImpact]> = {
  source: 'data/csv/ssvc/human_impact_1_0_0.csv',
  columns: ['Safety Impact v2.0.1', 'Mission Impact v2.0.0', 'Human Impact v2.0.2'],
  rows: [
    ['negligible', 'degraded', 'low'],
    ['negligible', 'mef support crippled', 'low'],
    ['negligible', 'mef failure', 'medium'],
    ['negligible', 'mission failure', 'very high'],
    ['marginal', 'degraded', 'low'],
    ['marginal', 'mef support crippled', 'low'],
    ['marginal', 'mef failure', 'medium'],
    ['marginal', 'mission failure', 'very high'],
    ['critical', 'degraded', 'medium'],
    ['critical', 'mef support crippled', 'high'],
    ['critical', 'mef failure', 'high'],
    ['critical', 'mission failure', 'very high'],
    ['catastrophic', 'degraded', 'very high'],
    ['catastrophic', 'mef support crippled', 'very high'],
    ['catastrophic', 'mef failure', 'very high'],
    ['catastrophic', 'mission failure', 'very high'],
  ],
};

/** Deployer Patch Application Priority 1.0.0: Exploitation × System Exposure × Automatable × Human Impact → priority. */
export const DEPLOYER_TABLE: DecisionTable<readonly [Exploitation, SystemExposure, Automatable, HumanImpact, DeployerPriority]> = {
  source: 'data/csv/ssvc/deployer_patch_application_priority_1_0_0.csv',
  columns: ['Exploitation v1.1.0', 'System Exposure v1.0.1', 'Automatable v2.0.0', 'Human Impact v2.0.2', 'Defer, Scheduled, Out-of-Cycle, Immediate v1.0.0'],
  rows: [
    ['none', 'small', 'no', 'low', 'defer'],
    ['none', 'small', 'no', 'medium', 'defer'],
    ['none', 'small', 'no', 'high', 'scheduled'],
    ['none', 'small', 'no', 'very high', 'scheduled'],
    ['none', 'small', 'yes', 'low', 'defer'],
    ['none', 'small', 'yes', 'medium', 'scheduled'],
    ['none', 'small', 'yes', 'high', 'scheduled'],
    ['none', 'small', 'yes', 'very high', 'scheduled'],
    ['none', 'controlled', 'no', 'low', 'defer'],
    ['none', 'controlled', 'no', 'medium', 'scheduled'],
    ['none', 'controlled', 'no', 'high', 'scheduled'],
    ['none', 'controlled', 'no', 'very high', 'scheduled'],
    ['none', 'controlled', 'yes', 'low', 'scheduled'],
    ['none', 'controlled', 'yes', 'medium', 'scheduled'],
    ['none', 'controlled', 'yes', 'high', 'scheduled'],
    ['none', 'controlled', 'yes', 'very high', 'scheduled'],
    ['none', 'open', 'no', 'low', 'defer'],
    ['none', 'open', 'no', 'medium', 'scheduled'],
    ['none', 'open', 'no', 'high', 'scheduled'],
    ['none', 'open', 'no', 'very high', 'scheduled'],
    ['none', 'open', 'yes', 'low', 'scheduled'],
    ['none', 'open', 'yes', 'medium', 'scheduled'],
    ['none', 'open', 'yes', 'high', 'scheduled'],
    ['none', 'open', 'yes', 'very high', 'out-of-cycle'],
    ['public poc', 'small', 'no', 'low', 'defer'],
    ['public poc', 'small', 'no', 'medium', 'scheduled'],
    ['public poc', 'small', 'no', 'high', 'scheduled'],
    ['public poc', 'small', 'no', 'very high', 'scheduled'],
    ['public poc', 'small', 'yes', 'low', 'scheduled'],
    ['public poc', 'small', 'yes', 'medium', 'scheduled'],
    ['public poc', 'small', 'yes', 'high', 'scheduled'],
    ['public poc', 'small', 'yes', 'very high', 'scheduled'],
    ['public poc', 'controlled', 'no', 'low', 'defer'],
    ['public poc', 'controlled', 'no', 'medium', 'scheduled'],
    ['public poc', 'controlled', 'no', 'high', 'scheduled'],
    ['public poc', 'controlled', 'no', 'very high', 'scheduled'],
    ['public poc', 'controlled', 'yes', 'low', 'scheduled'],
    ['public poc', 'controlled', 'yes', 'medium', 'scheduled'],
    ['public poc', 'controlled', 'yes', 'high', 'scheduled'],
    ['public poc', 'controlled', 'yes', 'very high', 'out-of-cycle'],
    ['public poc', 'open', 'no', 'low', 'scheduled'],
    ['public poc', 'open', 'no', 'medium', 'scheduled'],
    ['public poc', 'open', 'no', 'high', 'scheduled'],
    ['public poc', 'open', 'no', 'very high', 'out-of-cycle'],
    ['public poc', 'open', 'yes', 'low', 'scheduled'],
    ['public poc', 'open', 'yes', 'medium', 'scheduled'],
    ['public poc', 'open', 'yes', 'high', 'out-of-cycle'],
    ['public poc', 'open', 'yes', 'very high', 'out-of-cycle'],
    ['active', 'small', 'no', 'low', 'scheduled'],
    ['active', 'small', 'no', 'medium', 'scheduled'],
    ['active', 'small', 'no', 'high', 'out-of-cycle'],
    ['active', 'small', 'no', 'very high', 'out-of-cycle'],
    ['active', 'small', 'yes', 'low', 'scheduled'],
    ['active', 'small', 'yes', 'medium', 'out-of-cycle'],
    ['active', 'small', 'yes', 'high', 'out-of-cycle'],
    ['active', 'small', 'yes', 'very high', 'out-of-cycle'],
    ['active', 'controlled', 'no', 'low', 'scheduled'],
    ['active', 'controlled', 'no', 'medium', 'scheduled'],
    ['active', 'controlled', 'no', 'high', 'out-of-cycle'],
    ['active', 'controlled', 'no', 'very high', 'out-of-cycle'],
    ['active', 'controlled', 'yes', 'low', 'out-of-cycle'],
    ['active', 'controlled', 'yes', 'medium', 'out-of-cycle'],
    ['active', 'controlled', 'yes', 'high', 'out-of-cycle'],
    ['active', 'controlled', 'yes', 'very high', 'out-of-cycle'],
    ['active', 'open', 'no', 'low', 'scheduled'],
    ['active', 'open', 'no', 'medium', 'out-of-cycle'],
    ['active', 'open', 'no', 'high', 'out-of-cycle'],
    ['active', 'open', 'no', 'very high', 'immediate'],
    ['active', 'open', 'yes', 'low', 'out-of-cycle'],
    ['active', 'open', 'yes', 'medium', 'out-of-cycle'],
    ['active', 'open', 'yes', 'high', 'immediate'],
    ['active', 'open', 'yes', 'very high', 'immediate'],
  ],
};

/** CISA BOD 26-04 1.0.0: In KEV × Publicly Exposed × Automatable × Technical Impact → remediation timeline. */
export const BOD_26_04_TABLE: DecisionTable<readonly [YesNo, YesNo, Automatable, TechnicalImpact, Bod2604Timeline]> = {
  source: 'data/csv/cisa/cisa_bod_26_04_1_0_0.csv',
  columns: ['In KEV v1.0.0 (cisa)', 'Publicly Exposed v1.0.0 (cisa)', 'Automatable v2.0.0', 'Technical Impact v1.0.0', 'CISA BOD 26-04 Remediation Timelines v1.0.0 (cisa)'],
  rows: [
    ['no', 'no', 'no', 'partial', 'fix on system upgrade'],
    ['yes', 'no', 'no', 'partial', '14 days'],
    ['no', 'yes', 'no', 'partial', '60 days'],
    ['no', 'no', 'yes', 'partial', '60 days'],
    ['no', 'no', 'no', 'total', 'fix on system upgrade'],
    ['yes', 'yes', 'no', 'partial', '14 days'],
    ['yes', 'no', 'yes', 'partial', '14 days'],
    ['no', 'yes', 'yes', 'partial', '14 days'],
    ['yes', 'no', 'no', 'total', '14 days'],
    ['no', 'yes', 'no', 'total', '14 days'],
    ['no', 'no', 'yes', 'total', '60 days'],
    ['yes', 'yes', 'yes', 'partial', '3 days'],
    ['yes', 'yes', 'no', 'total', '3 days & forensic investigation'],
    ['yes', 'no', 'yes', 'total', '3 days & forensic investigation'],
    ['no', 'yes', 'yes', 'total', '3 days'],
    ['yes', 'yes', 'yes', 'total', '3 days & forensic investigation'],
  ],
};
