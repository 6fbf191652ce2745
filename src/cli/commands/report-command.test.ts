import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { openClearinghouse } from '../../services/clearinghouse.js';
import { repoRoot } from '../../testing/shared-data.js';

const bin = join(repoRoot, 'bin/clearinghouse.js');
const fixture = (name: string) => fileURLToPath(new URL(`../../domain/intake/fixtures/${name}`, import.meta.url));

/** A free-form report of a synthetic heap overflow; the two spellings differ in words, paths and addresses, not in the crash. */
const freeForm = (title: string, root: string) =>
  JSON.stringify({
    title,
    description: 'Decoding a crafted image overflows a heap buffer.',
    affected: [{ purl: 'pkg:generic/libexample@2.1.0' }],
    cwe: 'CWE-122',
    stackTrace: `==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000011 at pc 0x1 bp 0x2 sp 0x3
WRITE of size 8 at 0x602000000011 thread T0
    #0 0x4 in decode_chunk ${root}/src/decode.c:88:5
    #1 0x5 in read_image ${root}/src/read.c:12:3
    #2 0x6 in load_file ${root}/tools/load.c:30:9`,
  });

describe('clearinghouse report submit', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ch-report-cli-'));
  const db = join(tmp, 'reports.db');
  let token = '';
  const submit = (args: string[]) => {
    const r = spawnSync(process.execPath, [bin, 'report', 'submit', ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, CLEARINGHOUSE_TOKEN: token } });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const count = async () => {
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      return Number((await ch.store.db.selectFrom('reports').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    } finally {
      await ch.close();
    }
  };

  before(async () => {
    const ch = await openClearinghouse({ db, loadIndex: false });
    try {
      await ch.accounts.createOrganization({ name: 'Frontier Lab', type: 'lab' });
      await ch.accounts.createUser({ orgName: 'Frontier Lab', email: 'red-team@lab.example', role: 'member' });
      token = (await ch.accounts.createToken({ email: 'red-team@lab.example', name: 'reports', scopes: ['write'] })).secret;
    } finally {
      await ch.close();
    }
    writeFileSync(join(tmp, 'first.json'), freeForm('Heap overflow in decode_chunk', '/src/a'));
    writeFileSync(join(tmp, 'second.json'), freeForm('libexample writes past its chunk buffer', '/home/ci/build'));
    writeFileSync(join(tmp, 'poc.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(tmp, 'bad.json'), JSON.stringify({ title: 'x', description: 'y', affected: [{ purl: 'pkg:generic/x' }], cwe: 'CWE-one' }));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('--json prints {file, reportId, clusterId} per file in order, and the same crash told twice shares a cluster', () => {
    const files = [join(tmp, 'first.json'), join(tmp, 'second.json'), fixture('ResultStacks.sarif')];
    const result = submit(['--json', '--model', 'frontier-1', '--engagement', 'eng-7', '--attach', join(tmp, 'poc.bin'), ...files]);
    assert.equal(result.status, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { file: string; reportId: string; clusterId: string }[];
    assert.deepEqual(printed.map((p) => p.file), files);
    assert.equal(new Set(printed.map((p) => p.reportId)).size, 3);
    assert.equal(printed[0]!.clusterId, printed[1]!.clusterId);
    assert.notEqual(printed[2]!.clusterId, printed[0]!.clusterId);
  });

  it('prints where each report went without --json', () => {
    const result = submit(['--person', 'A. Researcher', join(tmp, 'first.json')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /first\.json: report [0-9a-f-]{36}, 1 finding; cluster [0-9a-f-]{36}, joined by /);
  });

  it('exits 2 naming every fault and stores nothing when one file is bad or an option is wrong', async () => {
    const before = await count();
    const bad = submit(['--tool', 'fuzzer', join(tmp, 'second.json'), join(tmp, 'bad.json')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad\.json: \/cwe: /);
    assert.equal(bad.stdout, '');
    assert.equal(submit([join(tmp, 'first.json')]).status, 2);
    assert.match(submit(['--person', 'x', '--format', 'pdf', join(tmp, 'first.json')]).stderr, /--format must be one of/);
    assert.equal(submit(['--person', 'x', join(tmp, 'missing.json')]).status, 2);
    assert.equal(await count(), before);
  });

  it('reads a gzip-compressed report, and refuses a gzip bomb with exit 2 having stored nothing', async () => {
    writeFileSync(join(tmp, 'log.sarif.gz'), gzipSync(readFileSync(fixture('ResultStacks.sarif'))));
    const zipped = submit(['--tool', 'analyzer', join(tmp, 'log.sarif.gz')]);
    assert.equal(zipped.status, 0, zipped.stderr);
    assert.match(zipped.stdout, /log\.sarif\.gz: report [0-9a-f-]{36}/);
    const before = await count();
    writeFileSync(join(tmp, 'bomb.sarif.gz'), gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20)));
    const bomb = submit(['--tool', 'analyzer', join(tmp, 'bomb.sarif.gz')]);
    assert.equal(bomb.status, 2);
    assert.match(bomb.stderr, /bomb\.sarif\.gz: the compressed report inflates past 16777216 bytes/);
    assert.equal(await count(), before);
  });
});
