import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compareSubjects,
  indexKeys,
  LINK_RULES,
  RULE_SCORES,
  SIMHASH_BANDS,
  TEXT_SIMILARITY_THRESHOLD,
  type DedupSubject,
  type LinkRule,
} from './cluster-keys.js';
import { parseSanitizerReport } from './crash-signature.js';

const ADVISORY = `A heap-based buffer overflow in png_combine_row() in pngrutil.c of libpng 1.6.39 allows a remote attacker to write past the end of the row buffer by supplying a crafted interlaced PNG image whose IHDR width does not match the size of the allocated row. When the image is decoded with png_read_image(), the pass width is computed from the declared width, the row is copied with memcpy, and up to 12 bytes are written beyond the allocation.`;
const OTHER_ADVISORY = `Jinja2 before 2.11.3 is vulnerable to a regular expression denial of service: the urlize filter uses a regular expression with nested quantifiers, so crafted input makes rendering take exponential time.`;

function subject(parts: Partial<DedupSubject> = {}): DedupSubject {
  return { fingerprint: '', partialFingerprints: {}, packages: [], cwes: [], locations: [], text: '', identifiers: [], ...parts };
}

const CRASH = parseSanitizerReport(`==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602 at pc 0x1 bp 0x2 sp 0x3
WRITE of size 12 at 0x602 thread T0
    #0 0x1 in __asan_memcpy /src/llvm-project/compiler-rt/lib/asan/asan_interceptors_memintrinsics.cpp:22:3
    #1 0x2 in png_combine_row /src/libpng/pngrutil.c:3413:10
    #2 0x3 in png_read_row /src/libpng/pngread.c:601:7
`);

function linkedBy(a: DedupSubject, b: DedupSubject): LinkRule | undefined {
  const reason = compareSubjects(a, b);
  assert.deepEqual(compareSubjects(b, a)?.rule, reason?.rule, 'links are symmetric');
  if (reason) assert.ok(indexKeys(a).some((key) => indexKeys(b).includes(key)), 'linked subjects share an index key');
  return reason?.rule;
}

describe('indexKeys', () => {
  it('lists one key per piece of evidence', () => {
    const keys = indexKeys(
      subject({
        fingerprint: 'ab'.repeat(32),
        partialFingerprints: { primaryLocationLineHash: '39fa2ee980eb94b0:1' },
        packages: ['pkg:github/pnggroup/libpng'],
        cwes: ['cwe-787'],
        locations: [{ uri: 'file:///src/libpng/pngrutil.c', startLine: 3413, symbol: 'png_combine_row' }],
        ...(CRASH ? { crash: CRASH } : {}),
        identifiers: ['CVE-2024-12345', 'js/overflow', 'CWE-787'],
        text: ADVISORY,
      }),
    );
    assert.deepEqual(keys.slice(0, -SIMHASH_BANDS), [
      `fp:${'ab'.repeat(32)}`,
      'sarif:primaryLocationLineHash=39fa2ee980eb94b0:1',
      'pcl:pkg:github/pnggroup/libpng|CWE-787|pngrutil.c:png_combine_row',
      'pcl:pkg:github/pnggroup/libpng|CWE-787|pngrutil.c:3413',
      'crash:heap-buffer-overflow WRITE 12|png_combine_row|png_read_row',
      'id:CVE-2024-12345',
    ]);
    assert.deepEqual(
      keys.slice(-SIMHASH_BANDS).map((key) => key.replace(/\|[0-9a-f]{4}$/, '')),
      ['sim0:pkg:github/pnggroup/libpng', 'sim1:pkg:github/pnggroup/libpng', 'sim2:pkg:github/pnggroup/libpng', 'sim3:pkg:github/pnggroup/libpng'],
    );
  });

  it('gives an empty subject no keys, and a bare title no text keys', () => {
    assert.deepEqual(indexKeys(subject()), []);
    assert.deepEqual(indexKeys(subject({ text: 'Heap overflow in png_combine_row' })), []);
  });
});

describe('compareSubjects', () => {
  it('links equal fingerprints first, whatever else differs', () => {
    const reason = compareSubjects(subject({ fingerprint: 'f'.repeat(64), identifiers: ['CVE-2024-1'] }), subject({ fingerprint: 'f'.repeat(64) }));
    assert.deepEqual(reason, { rule: 'exact-fingerprint', score: 1, detail: 'same content fingerprint ffffffffffff' });
  });

  it('links a shared SARIF partial fingerprint', () => {
    const a = subject({ partialFingerprints: { primaryLocationLineHash: 'aa:1', other: 'x' } });
    assert.equal(linkedBy(a, subject({ partialFingerprints: { primaryLocationLineHash: 'aa:1' } })), 'sarif-partial-fingerprint');
    assert.equal(linkedBy(a, subject({ partialFingerprints: { primaryLocationLineHash: 'aa:2' } })), undefined);
  });

  it('links the same package, CWE and place (file and line or symbol)', () => {
    const base = { packages: ['pkg:npm/express'], cwes: ['CWE-79'] };
    const a = subject({ ...base, locations: [{ uri: 'lib/response.js', startLine: 120, symbol: 'res.send' }] });
    const sameLine = subject({ ...base, cwes: ['cwe-79'], locations: [{ uri: 'https://github.com/x/y/blob/main/lib/response.js', startLine: 120 }] });
    const sameSymbol = subject({ ...base, locations: [{ uri: 'lib/response.js', startLine: 131, symbol: 'res.send' }] });
    assert.deepEqual(compareSubjects(a, sameSymbol), {
      rule: 'package-cwe-location',
      score: RULE_SCORES['package-cwe-location'],
      detail: 'same package, weakness and place: pkg:npm/express, CWE-79, response.js:res.send',
    });
    assert.equal(linkedBy(a, sameLine), 'package-cwe-location');
    assert.equal(linkedBy(a, subject({ ...base, cwes: ['CWE-89'], locations: [{ uri: 'lib/response.js', startLine: 120 }] })), undefined);
    assert.equal(linkedBy(a, subject({ ...base, locations: [{ uri: 'lib/request.js', startLine: 120 }] })), undefined);
  });

  it('links the same crash signature and explains it', () => {
    assert.ok(CRASH);
    assert.deepEqual(compareSubjects(subject({ crash: CRASH }), subject({ crash: { ...CRASH } })), {
      rule: 'crash-signature',
      score: RULE_SCORES['crash-signature'],
      detail: 'same crash: heap-buffer-overflow WRITE 12 in png_combine_row > png_read_row',
    });
    const elsewhere = { ...CRASH, frames: ['png_do_expand'], key: 'heap-buffer-overflow WRITE 12|png_do_expand' };
    assert.equal(linkedBy(subject({ crash: CRASH }), subject({ crash: elsewhere })), undefined);
  });

  it('links shared vulnerability ids, case-insensitively, but not rule ids or CWEs', () => {
    assert.equal(linkedBy(subject({ identifiers: ['GHSA-jfh8-c2jp-5v3q'] }), subject({ identifiers: ['ghsa-JFH8-c2jp-5v3q'] })), 'identifier');
    assert.equal(linkedBy(subject({ identifiers: ['BIT-node-2023-1234'] }), subject({ identifiers: ['BIT-node-2023-1234'] })), 'identifier');
    assert.equal(linkedBy(subject({ identifiers: ['ALSA-2023:1234'] }), subject({ identifiers: ['ALSA-2023:1234'] })), 'identifier');
    assert.equal(linkedBy(subject({ identifiers: ['js/xss', 'CWE-2021-79', 'CA2100'] }), subject({ identifiers: ['js/xss', 'CWE-2021-79', 'CA2100'] })), undefined);
  });

  it('links near-identical text only within one package, or when neither names one', () => {
    const edited = ADVISORY.replace('remote attacker', 'remote user');
    const reason = compareSubjects(subject({ text: ADVISORY }), subject({ text: edited }));
    assert.equal(reason?.rule, 'text-similarity');
    assert.ok(reason && reason.score <= RULE_SCORES['text-similarity'] && reason.score >= RULE_SCORES['text-similarity'] * TEXT_SIMILARITY_THRESHOLD);
    assert.match(reason?.detail ?? '', /^text \d+% similar \(SimHash distance [0-3] of 64\)$/);
    const png = ['pkg:github/pnggroup/libpng'];
    assert.match(compareSubjects(subject({ text: ADVISORY, packages: png }), subject({ text: edited, packages: png }))?.detail ?? '', / for pkg:github\/pnggroup\/libpng /);
    assert.equal(linkedBy(subject({ text: ADVISORY, packages: png }), subject({ text: edited, packages: ['pkg:npm/png'] })), undefined);
    assert.equal(linkedBy(subject({ text: ADVISORY, packages: png }), subject({ text: edited })), undefined);
    assert.equal(linkedBy(subject({ text: ADVISORY }), subject({ text: OTHER_ADVISORY })), undefined);
  });

  it('does not link by wording two ids of one scheme (a database told them apart), but does across databases', () => {
    const alma = (id: string) => subject({ text: ADVISORY, packages: ['pkg:rpm/almalinux/buildah'], identifiers: [id] });
    assert.equal(linkedBy(alma('ALBA-2020:5498'), alma('ALBA-2020:4771')), undefined);
    assert.equal(linkedBy(alma('ALSA-2020:5498'), alma('ALBA-2020:4771')), 'text-similarity');
    assert.equal(linkedBy(alma('CVE-2024-1111'), alma('GHSA-jfh8-c2jp-5v3q')), 'text-similarity');
    assert.equal(linkedBy(alma('CVE-2024-1111'), subject({ text: ADVISORY, packages: ['pkg:rpm/almalinux/buildah'] })), 'text-similarity');
  });

  it('reports the strongest rule when several hold', () => {
    const shared = { identifiers: ['CVE-2024-12345'], text: ADVISORY, ...(CRASH ? { crash: CRASH } : {}) };
    assert.equal(compareSubjects(subject(shared), subject(shared))?.rule, 'crash-signature');
    assert.equal(compareSubjects(subject({ ...shared, partialFingerprints: { h: '1' } }), subject({ ...shared, partialFingerprints: { h: '1' } }))?.rule, 'sarif-partial-fingerprint');
    const scores = LINK_RULES.map((rule) => RULE_SCORES[rule]);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  });

  it('does not link subjects without common evidence', () => {
    assert.equal(compareSubjects(subject(), subject()), undefined);
    assert.equal(
      linkedBy(
        subject({ packages: ['pkg:npm/a'], cwes: ['CWE-79'], identifiers: ['CVE-2024-1111'], text: ADVISORY }),
        subject({ packages: ['pkg:npm/a'], cwes: ['CWE-79'], identifiers: ['CVE-2024-2222'], text: OTHER_ADVISORY }),
      ),
      undefined,
    );
  });
});

describe('indexKeys never misses a linked pair (property)', () => {
  const words = ['buffer', 'overflow', 'parser', 'header', 'crafted', 'input', 'remote', 'attacker'];
  const text = fc
    .tuple(fc.constantFrom(ADVISORY, OTHER_ADVISORY, ''), fc.nat(60), fc.constantFrom(...words), fc.boolean())
    .map(([base, at, word, edit]) => {
      if (!edit) return base;
      const tokens = base.split(' ');
      tokens[at % Math.max(tokens.length, 1)] = word;
      return tokens.join(' ');
    });
  const subjects = fc.record({
    fingerprint: fc.constantFrom('', 'a'.repeat(64), 'b'.repeat(64)),
    partialFingerprints: fc.dictionary(fc.constantFrom('primaryLocationLineHash', 'stackHash'), fc.constantFrom('1', '2'), { maxKeys: 2 }),
    packages: fc.subarray(['pkg:npm/a', 'pkg:pypi/b', 'cpe:2.3:a:vendor:product']),
    cwes: fc.subarray(['CWE-79', 'cwe-787']),
    locations: fc.array(
      fc.record(
        { uri: fc.constantFrom('src/a.c', '/work/src/a.c', 'src/b.c'), startLine: fc.integer({ min: 1, max: 3 }), symbol: fc.constantFrom('parse', 'read') },
        { requiredKeys: ['uri'] },
      ),
      { maxLength: 2 },
    ),
    crash: fc.option(fc.constantFrom(CRASH, { ...CRASH!, frames: ['other'], key: 'heap-buffer-overflow WRITE 12|other' }), { nil: undefined }),
    text,
    identifiers: fc.subarray(['CVE-2024-1111', 'GHSA-jfh8-c2jp-5v3q', 'js/xss']),
  });

  it('gives every pair compareSubjects links at least one shared key', () => {
    const seen = new Map<LinkRule, number>();
    fc.assert(
      fc.property(subjects, subjects, (a, b) => {
        const reason = compareSubjects(a, b);
        if (!reason) return;
        seen.set(reason.rule, (seen.get(reason.rule) ?? 0) + 1);
        const keys = new Set(indexKeys(a));
        assert.ok(indexKeys(b).some((key) => keys.has(key)), `${reason.rule}: ${reason.detail}`);
      }),
      { numRuns: 3000 },
    );
    for (const rule of LINK_RULES) assert.ok((seen.get(rule) ?? 0) > 0, `the generator exercised ${rule}`);
  });
});
