import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { scanServiceOf, type VulnerabilityResults } from '../../services/scan/scan-service.js';
import { readSbom } from '../../services/sbom/read-sbom.js';
import { repoRoot, sharedDataPath } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');
const scanFixture = join(repoRoot, 'src/services/scan/fixtures/scan-fixture.cdx.json');

function run(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, CLEARINGHOUSE_DB: '' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// The scan's findings are checked against the records' ranges in scan-corpus.test.ts; here, what the command prints and its exit codes.
describe('clearinghouse scan', () => {
  let tmp: string;
  let db: string;
  let juiceShop: string;

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ch-scan-cli-'));
    db = join(tmp, 'scan.db');
    // Real records (PyPI, crates.io, AlmaLinux and the malicious-packages feed, npm included), imported as the import tests do.
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      await ch.importer.importPaths(['pypi.jsonl.gz', 'crates-io.jsonl.gz', 'malicious-packages.jsonl.gz', 'almalinux.jsonl.gz'].map((f) => sharedDataPath('osv', f)));
    } finally {
      await ch.close();
    }
    const large = join(tmp, 'large');
    mkdirSync(large);
    const member = './SBOM/juice-shop/via_npm/flat/bom.1.4.json';
    const untar = spawnSync('tar', ['-xzf', sharedDataPath('sbom/cyclonedx/bom-examples-large.tar.gz'), '-C', large, member], { encoding: 'utf8' });
    assert.equal(untar.status, 0, untar.stderr);
    juiceShop = join(large, member);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('explains itself with --help: usage, examples and exit codes', () => {
    const help = run(['scan', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: clearinghouse scan \[options\] <sbom>/);
    assert.match(help.stdout, /--json/);
    assert.match(help.stdout, /--db <location>/);
    assert.match(help.stdout, /Examples:\n {2}clearinghouse scan bom\.cdx\.json/);
    assert.match(help.stdout, /0 no known vulnerabilities; 1 vulnerabilities found;\n2 usage error/);
  });

  it("--json prints osv-scanner's output, the service's results exactly; exit 1 when vulnerable", async () => {
    const r = run(['scan', '--db', db, '--json', scanFixture]);
    assert.equal(r.status, 1, r.stderr);
    const ch = await openClearinghouse({ db, loadIndex: false });
    let results: VulnerabilityResults;
    try {
      const read = await readSbom(readFileSync(scanFixture));
      assert.ok(read.ok);
      const service = scanServiceOf(ch);
      results = await service.results(await service.scan(read.sbom, scanFixture));
    } finally {
      await ch.close();
    }
    assert.equal(r.stdout, `${JSON.stringify(results, null, 2)}\n`);
    const [source] = results.results;
    assert.deepEqual(source!.source, { path: scanFixture, type: 'sbom' });
    assert.deepEqual(source!.packages.map((p) => `${p.package.ecosystem}/${p.package.name}@${p.package.version}`), ['PyPI/jinja2@2.4.1', 'PyPI/zope@5.1', 'crates.io/failure@0.1.8', 'crates.io/rustdecimal@1.23.1', 'AlmaLinux:8/vsftpd@3.0.3-33.el8']);
    for (const p of source!.packages) {
      assert.deepEqual(Object.keys(p), ['package', 'vulnerabilities', 'groups']);
      for (const v of p.vulnerabilities) assert.ok(v.modified && v.affected, v.id);
      assert.deepEqual(p.groups.flatMap((g) => g.ids).sort(), p.vulnerabilities.map((v) => v.id).sort());
      for (const g of p.groups) assert.deepEqual(Object.keys(g), ['ids', 'aliases', 'max_severity']);
    }
    // Both RustSec records for `failure` carry CVE-2019-25010 and CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (9.8).
    const failure = source!.packages.find((p) => p.package.name === 'failure')!;
    assert.deepEqual(failure.groups.map((g) => [g.ids, g.max_severity]), [[['RUSTSEC-2019-0036', 'RUSTSEC-2020-0036'], '9.8']]);
    assert.ok(failure.groups[0]!.aliases.includes('CVE-2019-25010'));
  });

  it('prints a table, most severe first, then what was not scanned and a count', () => {
    const r = run(['scan', '--db', db, scanFixture]);
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^PACKAGE +VERSION +VULNERABILITY IDS +SEVERITY +FIXED VERSION$/);
    assert.match(lines[1]!, /^failure +0\.1\.8 +RUSTSEC-2019-0036, RUSTSEC-2020-0036 +9\.8 CRITICAL +-$/);
    assert.match(lines[2]!, /^zope +5\.1 +PYSEC-2023-193 +4\.8 MEDIUM +5\.8\.6$/);
    assert.match(r.stdout, /^zope +5\.1 +PYSEC-2021-104, PYSEC-2021-88 +- +5\.2\.1$/m);
    assert.match(r.stdout, /Not scanned:\n {2}zlib 1\.2\.11 \(vendored-zlib\): no purl given\n/);
    assert.match(r.stdout, /openssl 3\.0\.7 \(pkg:generic\/openssl@3\.0\.7\): no OSV ecosystem for pkg:generic/);
    assert.match(r.stdout, /vsftpd 3\.0\.3-33\.el8 \(pkg:rpm\/almalinux\/vsftpd@3\.0\.3-33\.el8\?arch=x86_64\): AlmaLinux advisories apply per release/);
    assert.equal(lines.at(-1), '17 known vulnerabilities (13 after grouping aliases) in 5 of 8 packages; 4 of 12 components not scanned.');
  });

  it('says so and exits 0 on a real SBOM with no known vulnerabilities', () => {
    const r = run(['scan', '--db', db, juiceShop]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'No known vulnerabilities in 978 packages.\n');
  });

  it('exits 2 on an unreadable or invalid SBOM, naming the problem, with nothing on stdout', () => {
    const truncated = join(tmp, 'truncated.json');
    writeFileSync(truncated, readFileSync(scanFixture).subarray(0, 300));
    const cases: [string[], RegExp][] = [
      [['scan', '--db', db, join(tmp, 'missing.json')], /error: cannot read SBOM ".*missing\.json": no such file/],
      [['scan', '--db', db, truncated], /error: ".*truncated\.json" is not a valid SBOM:\n {2}line \d+: not valid JSON/],
      // A real SBOM in a version the reader refuses.
      [['scan', '--db', db, sharedDataPath('sbom/cyclonedx/bom-examples/SBOM/dropwizard-1.3.15/bom.json')], /is not a valid SBOM:\n {2}\/specVersion: CycloneDX 1\.2 is not supported/],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });

  it('exits 127, as osv-scanner does, when the store cannot be opened', () => {
    const r = run(['scan', '--db', tmp, scanFixture]);
    assert.equal(r.status, 127);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: /);
  });
});
