import { parsed, unparseable, type ParseResult } from './version-scheme.js';

/*
 * Versions that are nothing but a list of natural numbers (R's package_version,
 * Haskell's PVP): one reader and one order, with each scheme's limits as data.
 */

/** A version that is a list of natural numbers: `1.2.0.3` is [1, 2, 0, 3]. */
export interface NumberList {
  readonly parts: readonly number[];
}

/** What a scheme accepts in a number list, beyond digits separated by `.`. */
export interface NumberListSyntax {
  /** Whether `-` separates components as `.` does (R's `1.2-3`). */
  readonly hyphens: boolean;
  /** Whether a component of two or more digits may start with 0. */
  readonly leadingZeros: boolean;
  /** The most digits a component may have. */
  readonly maxDigits: number;
  /** The largest value a component may have. */
  readonly maxValue: number;
  /** The reason given for a component over `maxDigits` or `maxValue`. */
  readonly tooLarge: string;
}

/** Reads `text` as components of ASCII digits between separators, none empty, within `syntax`'s limits. */
export function parseNumberList(text: string, syntax: NumberListSyntax): ParseResult<NumberList> {
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
    if (!syntax.leadingZeros && i - start > 1 && text.charCodeAt(start) === 48) return unparseable(text, 'a component has a leading zero');
    if (i - start > syntax.maxDigits || value > syntax.maxValue) return unparseable(text, syntax.tooLarge);
    parts.push(value);
    if (i === text.length) return parsed({ parts });
    const sep = text.charCodeAt(i);
    if (sep !== 46 && (sep !== 45 || !syntax.hyphens)) {
      return unparseable(text, `unexpected "${text[i]}": ${syntax.hyphens ? 'only digits, "." and "-"' : 'only digits and "."'}`);
    }
    i++;
  }
}

/** Component by component; when one list is a prefix of the other, the shorter sorts first (1.0 < 1.0.0). */
export function compareNumberLists(a: NumberList, b: NumberList): number {
  const n = Math.min(a.parts.length, b.parts.length);
  for (let i = 0; i < n; i++) {
    const d = a.parts[i]! - b.parts[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.parts.length === b.parts.length ? 0 : a.parts.length < b.parts.length ? -1 : 1;
}
