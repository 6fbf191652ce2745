import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertFixture, assertParsing, compareCases, mustParse, numberText, orderLaws, refuseCases, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { MAX_KEY_DIGITS } from '../sort-key.js';
import { scheme } from './index.js';

const separator = fc.constantFrom('', '', '.', '-', '_');
/** Randomly upper-cases letters: PEP 440 is case-insensitive. */
const anyCase = (word: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) =>
    [...word].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join(''),
  );
const spelled = (words: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...words).chain(anyCase);
const labelled = (words: readonly string[]): fc.Arbitrary<string> =>
  fc.tuple(separator, spelled(words), separator, fc.option(numberText, { nil: '' })).map((parts) => parts.join(''));

/** A local label: parts of letters or digits joined by any of PEP 440's separators. */
const localText = fc
  .array(fc.tuple(fc.constantFrom('.', '-', '_'), fc.oneof(numberText, fc.constantFrom('ubuntu', 'abc', 'x9', 'Local', 'a'))), {
    minLength: 1,
    maxLength: 3,
  })
  .map((parts) => '+' + parts.map(([sep, part], i) => (i === 0 ? part : sep + part)).join(''));

/** PEP 440 versions in every spelling PEP 440 normalizes. */
const pep440Text = fc
  .record({
    space: fc.constantFrom('', '', ' ', '\t'),
    v: fc.constantFrom('', '', 'v', 'V'),
    epoch: fc.option(numberText.map((n) => `${n}!`), { nil: '' }),
    release: fc.array(numberText, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('.')),
    pre: fc.option(labelled(['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview']), { nil: '' }),
    post: fc.option(fc.oneof(numberText.map((n) => `-${n}`), labelled(['post', 'rev', 'r'])), { nil: '' }),
    dev: fc.option(labelled(['dev']), { nil: '' }),
    local: fc.option(localText, { nil: '' }),
  })
  .map(({ space, v, epoch, release, pre, post, dev, local }) => `${space}${v}${epoch}${release}${pre}${post}${dev}${local}${space}`);

/** Legacy versions PyPI still serves (from the OSV corpus). */
const legacyText = fc.constantFrom(
  '0.9-doduo',
  '0.3m1',
  '0.7.11p2',
  '2013-01-21T20:33:09+0100',
  'trunk',
  'a3',
  'v_05',
  '1.0beta6.1',
  '2.0.1rc2-git',
  '1.3.1-STAGING',
  '-class.-jw.util.version.Version-',
);

describe('pypi scheme', () => {
  schemeMetadata(scheme, 'pypi');

  describe('parse', () => {
    // Parsing yields a sort key, so what it read shows as the key of the canonical spelling
    // (all fields written out, packaging's normal form) and as the order around it.
    const key = (text: string): string => mustParse(scheme, text);
    /** The lowest PEP 440 version: every legacy version sorts below it, no PEP 440 one does. */
    const lowest = key('0.dev0');
    const fields: readonly (readonly [string, string])[] = [
      ['1.0', '0!1'],
      ['0', '0!0'],
      ['2!1.2.0', '2!1.2'],
      ['1.0a1', '0!1a1'],
      ['1.0-BETA', '0!1b0'],
      ['1.0.preview.3', '0!1rc3'],
      ['1.0-7', '0!1.post7'],
      ['1.0.rev', '0!1.post0'],
      ['1.0.dev', '0!1.dev0'],
      ['1.0.post1.dev2', '0!1.post1.dev2'],
      [' v1.0.0 ', '0!1'],
    ];
    for (const [text, canonical] of fields) {
      it(`reads ${JSON.stringify(text)}`, () => {
        const v = key(text);
        assert.ok(v >= lowest, 'read as a legacy version');
        assert.equal(v, key(canonical));
        assert.notEqual(v, key(`${canonical}.1`), 'a release number was lost');
      });
    }

    it('reads a dev release with no pre or post release below every pre-release, and one with a post release as a final release', () => {
      assert.ok(key('1.0.dev') < key('1a0.dev0'));
      assert.ok(key('1.0.post1.dev2') > key('1rc9'));
      assert.ok(key('1.0.post1.dev2') > key('1'));
      assert.ok(key('1.0.post1.dev2') < key('1.post1'));
    });

    it('lowercases and splits local labels', () => {
      const v = key('1.0+Ubuntu-1_abc.02');
      assert.equal(v, key('1+ubuntu.1.abc.2'));
      // Four parts, the second and fourth numbers, the others text.
      assert.ok(key('1+ubuntu.1.abc') < v && v < key('1+ubuntu.1.abc.2.a'));
      assert.ok(key('1+ubuntu.1.abc.1') < v && v < key('1+ubuntu.1.abc.10'));
      assert.ok(key('1+ubuntu.0.abc.2') < v && v < key('1+ubuntu.2.abc.2'));
      assert.ok(key('1+ubuntu.1.abb.2') < v && v < key('1+ubuntu.1.abd.2'));
    });

    const legacy = ['0.9-doduo', '0.3m1', '2013-01-21T20:33:09+0100', 'trunk', 'a3', 'v_05', '1.0-', '1.0.', '1!', '1.0+', '1.0-1-1'];
    for (const text of legacy) {
      it(`reads ${JSON.stringify(text)} as a legacy version`, () => {
        assert.ok(key(text) < lowest);
      });
    }

    it(`reads numbers of up to ${MAX_KEY_DIGITS} digits, leading zeros aside, and refuses longer ones`, () => {
      const longest = '9'.repeat(MAX_KEY_DIGITS);
      assert.ok(key(`1.${longest}`) > key(`1.${'9'.repeat(MAX_KEY_DIGITS - 1)}`));
      assert.equal(key(`${'0'.repeat(MAX_KEY_DIGITS + 5)}1`), key('1'));
      for (const text of [`1${longest}`, `1${longest}!1`, `1a1${longest}`, `1.post1${longest}`, `1.dev1${longest}`, `1+1${longest}`]) {
        assertParsing(scheme, { refuses: [text], reason: `longer than ${MAX_KEY_DIGITS} digits` });
      }
      // Text that is no PEP 440 version stays a legacy version, whatever its numbers.
      assert.ok(key(`1${longest}-doduo`) < lowest);
    });

    refuseCases(scheme, [
      ['', 'not PEP 440'],
      ['   ', 'not PEP 440'],
      ['1.0 beta', 'not PEP 440'],
      ['1.0\u00a0x', 'not PEP 440'],
      ['١.٠', 'not PEP 440'],
      ['1.0\n2', 'not PEP 440'],
    ]);
  });

  describe('compare', () => {
    compareCases(scheme, [
      // The summary ordering from PEP 440's "Summary of permitted suffixes and relative ordering".
      ['1.dev0', '<', '1.0.dev456'],
      ['1.0.dev456', '<', '1.0a1'],
      ['1.0a1', '<', '1.0a2.dev456'],
      ['1.0a2.dev456', '<', '1.0a12.dev456'],
      ['1.0a12.dev456', '<', '1.0a12'],
      ['1.0a12', '<', '1.0b1.dev456'],
      ['1.0b1.dev456', '<', '1.0b2'],
      ['1.0b2', '<', '1.0b2.post345.dev456'],
      ['1.0b2.post345.dev456', '<', '1.0b2.post345'],
      ['1.0b2.post345', '<', '1.0rc1.dev456'],
      ['1.0rc1.dev456', '<', '1.0rc1'],
      ['1.0rc1', '<', '1.0'],
      ['1.0', '<', '1.0+abc.5'],
      ['1.0+abc.5', '<', '1.0+abc.7'],
      ['1.0+abc.7', '<', '1.0+5'],
      ['1.0+5', '<', '1.0.post456.dev34'],
      ['1.0.post456.dev34', '<', '1.0.post456'],
      ['1.0.post456', '<', '1.0.15'],
      ['1.0.15', '<', '1.1.dev1'],
      // Epochs outrank releases.
      ['1!0.1', '>', '2.0'],
      ['0!1.0', '=', '1.0'],
      // Normalization: every spelling of one version is equal.
      ['1.0RC1', '=', '1.0rc1'],
      ['1.0-rc.1', '=', '1.0rc1'],
      ['1.0c1', '=', '1.0rc1'],
      ['1.0pre1', '=', '1.0rc1'],
      ['1.0-preview-1', '=', '1.0rc1'],
      ['1.0alpha', '=', '1.0a0'],
      ['1.0.BETA.2', '=', '1.0b2'],
      ['1.0-1', '=', '1.0.post1'],
      ['1.0_post_1', '=', '1.0.post1'],
      ['1.0.rev1', '=', '1.0.post1'],
      ['1.0r', '=', '1.0.post0'],
      ['1.0-dev', '=', '1.0.dev0'],
      ['1.0a1-1', '=', '1.0a1.post1'],
      ['v1.0', '=', '1.0'],
      [' 1.0\t', '=', '1.0'],
      ['01!01.02', '=', '1!1.2'],
      ['1.0.0', '=', '1'],
      ['1.0+ab_c-d.e', '=', '1.0+ab.c.d.e'],
      ['1.0+UBUNTU', '=', '1.0+ubuntu'],
      ['1.0+01', '=', '1.0+1'],
      // Local labels: numbers above text, longer above its prefix.
      ['1.0+a', '<', '1.0+1'],
      ['1.0+1', '<', '1.0+1.a'],
      ['1.0+abc', '<', '1.0+abd'],
      // Numbers beyond 2^53, in every field.
      ['9007199254740993!1', '>', '9007199254740992!1'],
      ['1.9007199254740993', '>', '1.9007199254740992'],
      ['1a9007199254740993', '>', '1a9007199254740992'],
      ['1.post9007199254740993', '>', '1.post9007199254740992'],
      ['1.dev9007199254740993', '>', '1.dev9007199254740992'],
      ['1+9007199254740993', '>', '1+9007199254740992'],
      // Legacy versions sort below all PEP 440 versions, by setuptools' old key among themselves.
      ['0.9-doduo', '<', '0'],
      ['trunk', '<', '0.0.0.dev0'],
      ['0.1-bulbasaur', '<', '0.1-charmander'],
      ['0.3m1', '<', '0.3m2'],
      ['2013-01-21T20:33:09+0100', '<', '2013-01-23T17:11:52+0100'],
      ['1.0-', '=', '1.0-'],
      ['2.0.0-final', '>', '1.0beta6.1'],
      // Where keys of different shapes meet: a release ends below any further number,
      // local parts end below longer text, legacy parts below longer parts.
      ['1.0.1', '>', '1.post5'],
      ['1.0.1', '>', '1+abc'],
      ['1.0.0a1', '<', '1.0.0.1a1'],
      ['1.0.0.1', '>', '1.0.0.0.post9'],
      ['1.0.0.dev1', '=', '1.dev1'],
      ['1.0a.-post1', '=', '1.0a0.post1'],
      ['1.0rc1.post1', '=', '1.0c1-1'],
      ['1.0+a.1', '=', '1.0+A-01'],
      ['1.0+ab', '<', '1.0+abc'],
      ['1.0+ab', '<', '1.0+ab.a'],
      ['1.0+ab.a', '<', '1.0+abc'],
      ['1.0+a10', '<', '1.0+a9'],
      ['1.0+zzz', '<', '1.0+0'],
      ['0.9-doduo', '<', '0.9-doduo.1'],
      ['1.0.', '<', '1.0-'],
      ['1.0-', '<', '1.0-a'],
      ['1.0-1-1a', '<', '1.0-1-1'],
      ['1.0+', '=', '1.0+.'],
    ]);
  });

  describe('upstream fixtures', () => {
    it('passes all 37 osv-scalibr PyPI comparisons, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/pypi-versions.json', { count: 37 });
    });
    it('passes all 11,061 comparisons osv-scalibr generated with packaging, both ways round', () => {
      assertFixture(scheme, 'osv-scalibr-semantic/pypi-versions-generated.json', { count: 11061 });
    });
  });

  describe('OSV corpus', () => {
    it('parses every PyPI version in the advisories', async () => {
      const { checked, failures } = await scanCorpus(scheme, ['pypi.jsonl.gz', 'malicious-packages.jsonl.gz']);
      assert.ok(checked > 100_000, `only ${checked} versions checked`);
      assert.deepEqual(failures, []);
    });
  });

  describe('order laws (property)', () => {
    orderLaws(scheme, fc.oneof({ weight: 9, arbitrary: pep440Text }, { weight: 1, arbitrary: legacyText }));
  });
});
