import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fnv1a64, hammingDistance, shingles, simhash, similarity } from './simhash.js';

const ADVISORY = `A heap-based buffer overflow in png_combine_row() in pngrutil.c of libpng 1.6.39 allows a remote attacker to write past the end of the row buffer by supplying a crafted interlaced PNG image whose IHDR width does not match the size of the allocated row. When the image is decoded with png_read_image(), the pass width is computed from the declared width, the row is copied with memcpy, and up to 12 bytes are written beyond the allocation. An application that decodes untrusted images can crash, and the overflow may allow code execution.`;

const PARAPHRASE = `A heap-based buffer overflow in png_combine_row() in pngrutil.c of libpng 1.6.39 lets a remote attacker write past the end of the row buffer by supplying a crafted interlaced PNG file whose IHDR width does not match the size of the allocated row. When the image is decoded with png_read_image(), the pass width is computed from the declared width, the row is copied with memcpy(), and up to 12 bytes are written beyond the allocation. Any application that decodes untrusted images can crash, and the overflow might allow code execution.`;

const UNRELATED = [
  `Jinja2 before 2.11.3 is vulnerable to a regular expression denial of service. The urlize filter uses a regular expression with nested quantifiers, so an attacker who controls the input to the filter can make the template engine spend exponential time matching crafted strings of underscores and dots, blocking the worker that renders the template.`,
  `In Apache Airflow versions before 2.6.3, an authenticated user with access to the web interface could read the configuration of connections, including passwords stored in extra fields, through the REST API endpoint that lists connections, because the endpoint did not mask sensitive fields before returning them.`,
];

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    assert.equal(fnv1a64(''), 'cbf29ce484222325');
    assert.equal(fnv1a64('a'), 'af63dc4c8601ec8c');
    assert.equal(fnv1a64('foobar'), '85944171f73967e8');
  });

  it('hashes the UTF-8 encoding of non-ASCII text', () => {
    assert.notEqual(fnv1a64('é'), fnv1a64('e'));
    assert.match(fnv1a64('漏洞 🐛'), /^[0-9a-f]{16}$/);
  });
});

describe('shingles', () => {
  it('makes lowercase word 3-shingles from letters and digits only', () => {
    assert.deepEqual(shingles('**Heap** `overflow` in png_read_row()!'), ['heap overflow in', 'overflow in png', 'in png read', 'png read row']);
    assert.deepEqual(shingles('Two words'), ['two words']);
    assert.deepEqual(shingles('``` --- ***'), []);
  });
});

describe('simhash', () => {
  it('prints 16 hex digits, all zero for text without words', () => {
    assert.match(simhash(ADVISORY), /^[0-9a-f]{16}$/);
    assert.equal(simhash(''), '0000000000000000');
    assert.equal(simhash('```\n---\n```'), '0000000000000000');
  });

  it('ignores Markdown punctuation and code fences', () => {
    const markdown = `> ${ADVISORY.replace('png_combine_row()', '`png_combine_row()`').replace('memcpy', '**memcpy**')}\n\n\`\`\`\n\`\`\``;
    assert.equal(simhash(markdown), simhash(ADVISORY));
  });

  it('keeps a reworded paraphrase near and unrelated advisories far', () => {
    const paraphrase = hammingDistance(simhash(ADVISORY), simhash(PARAPHRASE));
    assert.ok(paraphrase > 0 && paraphrase <= 16, `paraphrase distance ${paraphrase}`);
    for (const text of UNRELATED) {
      const distance = hammingDistance(simhash(ADVISORY), simhash(text));
      assert.ok(distance >= 20 && distance > paraphrase, `unrelated distance ${distance}`);
    }
  });

  it('keeps a one-word edit within three bits', () => {
    assert.ok(hammingDistance(simhash(ADVISORY), simhash(ADVISORY.replace('remote attacker', 'remote user'))) <= 3);
  });
});

describe('hammingDistance and similarity', () => {
  it('counts differing bits', () => {
    assert.equal(hammingDistance('0000000000000000', 'ffffffffffffffff'), 64);
    assert.equal(hammingDistance('8000000000000001', '0000000000000000'), 2);
    assert.equal(similarity('0000000000000000', '00000000000000ff'), 1 - 8 / 64);
  });

  it('refuses strings that are not SimHashes', () => {
    assert.throws(() => hammingDistance('xyz', '0000000000000000'), RangeError);
    assert.throws(() => hammingDistance('0000000000000000', 'FFFFFFFFFFFFFFFF'), RangeError);
  });

  it('is symmetric, 0 for identical text and at most 64 (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), (a, b) => {
        const [x, y] = [simhash(a), simhash(b)];
        const distance = hammingDistance(x, y);
        assert.equal(hammingDistance(y, x), distance);
        assert.equal(hammingDistance(x, simhash(a)), 0);
        assert.ok(distance >= 0 && distance <= 64);
        assert.equal(similarity(x, y), 1 - distance / 64);
      }),
      { numRuns: 500 },
    );
  });
});
