import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OsvAffected, OsvRecord } from '../osv/osv-record.js';
import { versionSchemes } from '../versioning/registry.js';
import { MatchIndex, type MatchAnswer } from './match-index.js';

function record(id: string, affected: OsvAffected[], extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id, modified: '2024-01-01T00:00:00Z', affected, ...extra };
}
const range = (events: Record<string, string>[], type: 'ECOSYSTEM' | 'SEMVER' = 'ECOSYSTEM') => ({ type, events }) as never;
const ids = (a: MatchAnswer): readonly string[] => {
  assert.ok(a.ok, a.ok ? '' : a.error);
  return a.ids;
};

describe('MatchIndex', () => {
  const index = new MatchIndex(versionSchemes);
  index.upsert(record('PY-1', [{ package: { ecosystem: 'PyPI', name: 'Jinja2' }, ranges: [range([{ introduced: '0' }, { fixed: '2.7.2' }])] }]));
  index.upsert(record('PY-2', [{ package: { ecosystem: 'PyPI', name: 'jinja2' }, ranges: [range([{ introduced: '2.5' }, { last_affected: '2.6' }, { introduced: '3.0' }, { fixed: '3.1' }])] }]));
  index.upsert(record('PY-3', [{ package: { ecosystem: 'PyPI', name: 'jinja2' }, ranges: [range([{ introduced: '0' }, { limit: '2.0' }])], versions: ['2.4.1'] }]));
  index.upsert(record('NPM-1', [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [range([{ introduced: '1.0.0' }, { fixed: '1.3.0' }], 'SEMVER')] }]));

  const table: [string, string, string, string[]][] = [
    ['PyPI', 'jinja2', '1.0', ['PY-1', 'PY-3']],
    ['PyPI', 'JINJA2', '2.0', ['PY-1']], // limit 2.0 is exclusive; PEP 503 name normalization
    ['PyPI', 'jinja2', '2.4.1', ['PY-1', 'PY-3']], // listed version
    ['PyPI', 'jinja2', '2.5', ['PY-1', 'PY-2']],
    ['PyPI', 'jinja2', '2.6', ['PY-1', 'PY-2']], // last_affected is inclusive
    ['PyPI', 'jinja2', '2.6.1', ['PY-1']],
    ['PyPI', 'jinja2', '2.7.2', []], // fixed is exclusive
    ['PyPI', 'jinja2', '3.0rc1', []], // a pre-release sorts before 3.0
    ['PyPI', 'jinja2', '3.0.5', ['PY-2']],
    ['npm', 'left-pad', '1.2.9', ['NPM-1']],
    ['npm', 'left-pad', '1.3.0-beta.1', ['NPM-1']],
    ['npm', 'left-pad', '1.3.0', []],
  ];
  for (const [ecosystem, name, version, expected] of table) {
    it(`${ecosystem} ${name}@${version} → ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual([...ids(index.match({ ecosystem, name, version }))].sort(), expected);
    });
  }

  it('lists every record of a package when no version is given', () => {
    assert.deepEqual([...ids(index.match({ ecosystem: 'PyPI', name: 'jinja2' }))].sort(), ['PY-1', 'PY-2', 'PY-3']);
  });

  it('reports an unknown ecosystem and an unparseable version instead of matching', () => {
    const eco = index.match({ ecosystem: 'Nope', name: 'x', version: '1' });
    assert.deepEqual(eco.ok ? null : eco.field, 'ecosystem');
    const ver = index.match({ ecosystem: 'PyPI', name: 'jinja2', version: 'not a version' });
    assert.deepEqual(ver.ok ? null : ver.field, 'version');
  });

  it('replaces what a record said when a new version of it arrives, and forgets withdrawn records', () => {
    const local = new MatchIndex(versionSchemes);
    local.upsert(record('X-1', [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [range([{ introduced: '0' }, { fixed: '2.0.0' }], 'SEMVER')] }]));
    assert.deepEqual(ids(local.match({ ecosystem: 'npm', name: 'a', version: '1.5.0' })), ['X-1']);
    local.upsert(record('X-1', [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [range([{ introduced: '0' }, { fixed: '1.0.0' }], 'SEMVER')] }]));
    assert.deepEqual(ids(local.match({ ecosystem: 'npm', name: 'a', version: '1.5.0' })), []);
    local.upsert(record('X-1', [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [range([{ introduced: '0' }], 'SEMVER')] }], { withdrawn: '2024-02-01T00:00:00Z' }));
    assert.deepEqual(ids(local.match({ ecosystem: 'npm', name: 'a', version: '0.1.0' })), []);
  });

  it('reports ranges it cannot read and keeps the rest of the record', () => {
    const local = new MatchIndex(versionSchemes);
    const issues = local.upsert(
      record('X-2', [
        { package: { ecosystem: 'npm', name: 'b' }, ranges: [range([{ introduced: '0' }, { fixed: 'garbage!' }], 'SEMVER')] },
        { package: { ecosystem: 'NoSuchEcosystem', name: 'c' }, ranges: [range([{ introduced: '0' }])] },
        { package: { ecosystem: 'npm', name: 'd' }, ranges: [range([{ introduced: '0' }], 'SEMVER')] },
      ]),
    );
    assert.deepEqual(issues.map((i) => i.path), ['affected[0].ranges[0]', 'affected[1].package.ecosystem']);
    assert.deepEqual(ids(local.match({ ecosystem: 'npm', name: 'd', version: '1.0.0' })), ['X-2']);
  });

  describe('release streams', () => {
    const distro = new MatchIndex(versionSchemes);
    distro.upsert(record('DEB-12', [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [range([{ introduced: '0' }, { fixed: '3.0.11-1~deb12u1' }])] }]));
    distro.upsert(record('DEB-11', [{ package: { ecosystem: 'Debian:11', name: 'openssl' }, ranges: [range([{ introduced: '0' }, { fixed: '1.1.1w-0+deb11u1' }])] }]));
    distro.upsert(record('ALP-ANY', [{ package: { ecosystem: 'Alpine', name: 'busybox' }, ranges: [range([{ introduced: '0' }, { fixed: '1.36.1-r2' }])] }]));

    it('matches only within the queried release', () => {
      assert.deepEqual(ids(distro.match({ ecosystem: 'Debian:12', name: 'openssl', version: '3.0.9-1' })), ['DEB-12']);
      assert.deepEqual(ids(distro.match({ ecosystem: 'Debian:11', name: 'openssl', version: '1.1.1n-0+deb11u4' })), ['DEB-11']);
      // Debian 11's fix is an older version string: it must not leak into Debian 12.
      assert.deepEqual(ids(distro.match({ ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u1' })), []);
    });

    it('says "undetermined" when the release is not given, never a false positive', () => {
      const answer = distro.match({ ecosystem: 'Debian', name: 'openssl', version: '1.0.0-1' });
      assert.ok(answer.ok);
      assert.deepEqual(answer.ids, []);
      assert.deepEqual(answer.undetermined?.streams, ['Debian:11', 'Debian:12']);
    });

    it('applies a record without a release to every release of its ecosystem', () => {
      assert.deepEqual(ids(distro.match({ ecosystem: 'Alpine:v3.20', name: 'busybox', version: '1.36.1-r0' })), ['ALP-ANY']);
      assert.deepEqual(ids(distro.match({ ecosystem: 'Alpine', name: 'busybox', version: '1.36.1-r0' })), ['ALP-ANY']);
    });
  });

  it('finds records by the commits their GIT ranges name as affected', () => {
    const git = new MatchIndex(versionSchemes);
    const intro = 'a'.repeat(40);
    const fix = 'b'.repeat(40);
    git.upsert(record('G-1', [{ ranges: [{ type: 'GIT', repo: 'https://example.org/r.git', events: [{ introduced: intro }, { fixed: fix }] }] }]));
    assert.deepEqual(git.matchCommit(intro.toUpperCase()), ['G-1']);
    assert.deepEqual(git.matchCommit(fix), [], 'the fixing commit is not affected');
    assert.deepEqual(git.gitRangesFor('https://example.org/r.git')[0]?.fixed, [fix]);
  });
});
