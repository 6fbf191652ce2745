// Corpus check: wherever an OSV record enumerates affected[].versions beside its
// ECOSYSTEM/SEMVER ranges, evaluating the ranges alone must judge each listed version
// affected. Records where OSV's own list is known to disagree with its ranges are named
// below with the reason; anything else failing is a bug in our ordering or evaluation.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { OsvRecord } from '../osv/osv-record.js';
import { resolveEcosystem } from '../versioning/ecosystems.js';
import { versionSchemes } from '../versioning/registry.js';
import { readJsonLines, sharedDataPath } from '../../testing/shared-data.js';
import { compileRange, isInIntervals } from './affected-intervals.js';

/** A known disagreement in upstream data: which listed versions it covers, and why. */
interface KnownDisagreement {
  readonly name: string;
  readonly reason: string;
  readonly covers: (record: OsvRecord, version: string) => boolean;
}

const knownDisagreements: readonly KnownDisagreement[] = [
  {
    name: 'CleanStart lists the fixed version',
    reason:
      'CleanStart advisories for the Alpine ecosystem put the version that fixes the bug in affected[].versions, while their own range ends at that same version (fixed: V): by the OSV definition V is not affected.',
    covers: (record, version) =>
      record.id.startsWith('CLEANSTART-') &&
      (record.affected ?? []).some((a) => a.ranges?.some((r) => r.events.some((e) => 'fixed' in e && e.fixed === version))),
  },
  ...['MAL-2025-3661', 'MAL-2025-3663', 'MAL-2025-3959', 'MAL-2025-3960', 'MAL-2025-3961'].map((id) => ({
    name: id,
    reason: 'the malicious-packages record lists a version one step below its own `introduced` event (e.g. versions 99.9.0 and 99.9.1, introduced 99.9.1)',
    covers: (record: OsvRecord) => record.id === id,
  })),
  {
    name: 'PYSEC-2021-114',
    reason: 'wagtail: two ranges merged into one event list (introduced 2.11, fixed 2.11.7, introduced 0, fixed 2.11.6); sorted by version, 2.11.6 closes the range, yet the list names 2.11.6',
    covers: (record, version) => record.id === 'PYSEC-2021-114' && version === '2.11.6',
  },
  {
    name: 'PYSEC-2023-177',
    reason: 'gevent: the range says fixed 23.9.0, the list still names 23.9.0 and 23.9.0.post1 (the list came from git history, the range from the release)',
    covers: (record, version) => record.id === 'PYSEC-2023-177' && version.startsWith('23.9.0'),
  },
  {
    name: 'PYSEC-2023-61',
    reason: 'django: the range is introduced 3.2 (and 4.2) but the list names the 3.2a1…3.2rc1 and 4.2a1…4.2rc1 pre-releases, which PEP 440 orders before the release',
    covers: (record, version) => record.id === 'PYSEC-2023-61' && /^[34]\.2(a|b|rc)\d$/.test(version),
  },
];

describe('listed versions agree with ranges across the OSV corpus', () => {
  it('judges every listed version affected by the ranges alone', async () => {
    const dir = sharedDataPath('osv');
    let checked = 0;
    let agreed = 0;
    const failures = new Map<string, string[]>();
    const explained = new Map<string, number>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz'))) {
      for await (const record of readJsonLines<OsvRecord>(join(dir, file))) {
        for (const affected of record.affected ?? []) {
          const ranges = (affected.ranges ?? []).filter((r) => r.type !== 'GIT');
          if (!affected.package || !affected.versions?.length || ranges.length === 0) continue;
          const resolved = resolveEcosystem(affected.package.ecosystem);
          assert.ok(resolved.ok, `${record.id}: ${affected.package.ecosystem}`);
          const scheme = versionSchemes.get(resolved.value.definition.schemeId)!;
          const intervals = ranges.flatMap((r) => {
            const c = compileRange(scheme, r);
            return c.ok ? c.intervals : [];
          });
          for (const v of affected.versions) {
            checked++;
            const parsed = scheme.parse(v);
            if (parsed.ok && isInIntervals(scheme, intervals, parsed.value)) agreed++;
            else {
              const known = knownDisagreements.find((k) => k.covers(record, v));
              if (known) explained.set(known.name, (explained.get(known.name) ?? 0) + 1);
              else failures.set(record.id, [...(failures.get(record.id) ?? []), v]);
            }
          }
        }
      }
    }
    const explainedCount = [...explained.values()].reduce((a, b) => a + b, 0);
    console.log(
      `listed versions checked: ${checked}; agreed: ${agreed} (${((100 * agreed) / checked).toFixed(3)}%); ` +
        `known upstream disagreements: ${[...explained].map(([k, n]) => `${k}: ${n}`).join(', ')}; ` +
        `agreement outside them: ${((100 * agreed) / (checked - explainedCount)).toFixed(3)}%`,
    );
    assert.ok(checked > 100000, `the corpus has many listed versions, saw ${checked}`);
    assert.deepEqual([...failures].slice(0, 20), [], `${failures.size} records disagree`);
    for (const k of knownDisagreements) assert.ok(explained.has(k.name), `${k.name} no longer occurs: remove it`);
  });
});
