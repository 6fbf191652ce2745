import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scorableVectors, TITLE_MAX_LENGTH, titleFrom, uniqueTexts } from './finding-text.js';

describe('titleFrom', () => {
  it('takes the first candidate with text, first line only', () => {
    assert.equal(titleFrom(undefined, '  \n', '\n  Heap overflow in parser\nmore detail'), 'Heap overflow in parser');
    assert.equal(titleFrom(undefined, ''), undefined);
  });

  it('cuts a long line at the title limit', () => {
    const title = titleFrom('x'.repeat(1000));
    assert.equal([...(title ?? '')].length, TITLE_MAX_LENGTH);
    assert.ok(title?.endsWith('…'));
  });
});

describe('uniqueTexts', () => {
  it('trims, drops blanks and repeats, keeps order', () => {
    assert.deepEqual(uniqueTexts([' b', 'a', undefined, '', 'b']), ['b', 'a']);
  });
});

describe('scorableVectors', () => {
  it('keeps vectors the calculator scores, each once', () => {
    assert.deepEqual(
      scorableVectors(['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N', 'AV:N/AC:L/Au:N/C:P/I:P/A:P', undefined]),
      ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'AV:N/AC:L/Au:N/C:P/I:P/A:P'],
    );
  });
});
