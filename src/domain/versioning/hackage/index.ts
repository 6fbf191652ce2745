import { parsed, unparseable, type ParseResult, type VersionScheme } from '../version-scheme.js';

/*
 * Hand-written: a PVP version is a list of naturals; ordering it needs no library.
 * Validation follows Cabal's parser (Distribution.Types.Version).
 */

/** A parsed Haskell version: its components (`1.2.0.3` is [1, 2, 0, 3]). */
export interface HackageVersion {
  readonly parts: readonly number[];
}

/** Cabal rejects components of more than 9 digits. */
const MAX_DIGITS = 9;

function parse(text: string): ParseResult<HackageVersion> {
  const parts: number[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let value = 0;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) break;
      value = value * 10 + (code - 48);
    }
    if (i === start) return unparseable(text, i === text.length ? 'empty component' : `unexpected "${text[i]}"`);
    if (i - start > 1 && text.charCodeAt(start) === 48) return unparseable(text, 'a component has a leading zero');
    if (i - start > MAX_DIGITS) return unparseable(text, `a component has more than ${MAX_DIGITS} digits`);
    parts.push(value);
    if (i === text.length) return parsed({ parts });
    // Cabal's deprecated tags (1.0-foo) are refused: PVP has no pre-releases to order them by.
    if (text.charCodeAt(i) !== 46) return unparseable(text, `unexpected "${text[i]}": only digits and "."`);
    i++;
  }
}

/** Lexicographic on components; a prefix sorts first (1.0 < 1.0.0). */
function compare(a: HackageVersion, b: HackageVersion): number {
  const n = Math.min(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = a.parts[i]! - b.parts[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.parts.length === b.parts.length ? 0 : a.parts.length < b.parts.length ? -1 : 1;
}

/** Haskell Package Versioning Policy ordering (Hackage packages and GHC components). */
export const scheme: VersionScheme<HackageVersion> = {
  id: 'hackage',
  displayName: 'Haskell PVP (Hackage)',
  urls: [
    'https://pvp.haskell.org/',
    'https://hackage.haskell.org/package/Cabal-syntax/docs/Distribution-Types-Version.html',
  ],
  parse,
  compare,
};
