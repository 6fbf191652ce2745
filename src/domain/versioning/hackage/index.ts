import { compareNumberLists, parseNumberList, type NumberList, type NumberListSyntax } from '../number-lists.js';
import type { ParseResult, VersionScheme } from '../version-scheme.js';

/*
 * Hand-written: a PVP version is a list of naturals; ordering it needs no library.
 * Validation follows Cabal's parser (Distribution.Types.Version).
 */

/** A parsed Haskell version: its components (`1.2.0.3` is [1, 2, 0, 3]). */
export type HackageVersion = NumberList;

/**
 * Cabal rejects leading zeros and components of more than 9 digits. Cabal's deprecated
 * tags (1.0-foo) are refused: PVP has no pre-releases to order them by.
 */
const SYNTAX: NumberListSyntax = {
  hyphens: false,
  leadingZeros: false,
  maxDigits: 9,
  maxValue: Infinity,
  tooLarge: 'a component has more than 9 digits',
};

function parse(text: string): ParseResult<HackageVersion> {
  return parseNumberList(text, SYNTAX);
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
  /** Lexicographic on components; a prefix sorts first (1.0 < 1.0.0). */
  compare: compareNumberLists,
};
