import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import {
  AUTOMATABLE,
  BOD_26_04_TIMELINE,
  DEPLOYER_PRIORITY,
  EXPLOITATION,
  HUMAN_IMPACT,
  MISSION_IMPACT,
  SAFETY_IMPACT,
  SYSTEM_EXPOSURE,
  TECHNICAL_IMPACT,
  YES_NO,
} from './decision-points.js';
import { BOD_26_04_TABLE, DEPLOYER_TABLE, HUMAN_IMPACT_TABLE, type DecisionTable } from './tables.js';

/** Splits one CSV line with RFC 4180 quoting: no CSV parser is installed, and only the headers quote. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

interface JsonDecisionTable {
  decision_points: Record<string, { namespace: string; name: string; version: string; values: { key: string; name: string }[] }>;
}

const tables: { name: string; table: DecisionTable<readonly string[]>; json: string; values: (readonly string[])[] }[] = [
  { name: 'Human Impact', table: HUMAN_IMPACT_TABLE, json: 'ssvc/human_impact_1_0_0.json', values: [SAFETY_IMPACT, MISSION_IMPACT, HUMAN_IMPACT] },
  { name: 'Deployer', table: DEPLOYER_TABLE, json: 'ssvc/deployer_patch_application_priority_1_0_0.json', values: [EXPLOITATION, SYSTEM_EXPOSURE, AUTOMATABLE, HUMAN_IMPACT, DEPLOYER_PRIORITY] },
  { name: 'CISA BOD 26-04', table: BOD_26_04_TABLE, json: 'cisa/cisa_bod_26_04_1_0_0.json', values: [YES_NO, YES_NO, AUTOMATABLE, TECHNICAL_IMPACT, BOD_26_04_TIMELINE] },
];

for (const { name, table, json, values } of tables) {
  describe(`the vendored ${name} table`, () => {
    it(`equals ${table.source} (../shared/data/ssvc) row for row`, () => {
      const text = readFileSync(sharedDataPath('ssvc', table.source.replace(/^data\//, '')), 'utf8');
      const [header, ...lines] = text.split('\n').filter((line) => line !== '').map(csvFields);
      assert.deepEqual(header, ['row', ...table.columns]);
      assert.equal(table.rows.length, lines.length);
      lines.forEach((line, i) => assert.deepEqual(line, [String(i), ...table.rows[i]!], `row ${i}`));
    });

    it('uses the value names of the JSON decision points, in their order', () => {
      const points = Object.values(readJson<JsonDecisionTable>(sharedDataPath('ssvc', 'json', 'decision_tables', json)).decision_points);
      table.columns.forEach((column, i) => {
        const point = points.find((p) => `${p.name} v${p.version}${p.namespace === 'ssvc' ? '' : ` (${p.namespace})`}` === column);
        assert.ok(point, column);
        assert.deepEqual(values[i], point.values.map((v) => v.name.toLowerCase()), column);
      });
    });

    it('has exactly one row for each combination of inputs', () => {
      const inputs = values.slice(0, -1);
      const keys = new Set(table.rows.map((row) => row.slice(0, -1).join('|')));
      assert.equal(keys.size, table.rows.length);
      assert.equal(table.rows.length, inputs.reduce((n, list) => n * list.length, 1));
      table.rows.forEach((row) => row.forEach((value, i) => assert.ok(values[i]!.includes(value), `${value} in column ${i}`)));
    });

    it('never lowers the outcome when one input rises', () => {
      const rank = (row: readonly string[]): number[] => row.map((value, i) => values[i]!.indexOf(value));
      const outcomeOf = new Map(table.rows.map((row) => [rank(row).slice(0, -1).join('|'), rank(row).at(-1)!]));
      for (const row of table.rows) {
        const ranks = rank(row);
        const inputs = ranks.slice(0, -1);
        inputs.forEach((r, i) => {
          const higher = inputs.with(i, r + 1).join('|');
          if (outcomeOf.has(higher)) assert.ok(outcomeOf.get(higher)! >= ranks.at(-1)!, `${row.join(', ')}: raising column ${i} lowers the outcome`);
        });
      }
    });
  });
}
