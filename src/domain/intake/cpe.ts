/**
 * CPE 2.3 formatted strings (NISTIR 7695 §6.2). Checked by hand: no CPE library is
 * installed, and the check is the specification's grammar, component by component, so the
 * error can name the component at fault.
 */

const COMPONENTS = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language', 'sw_edition', 'target_sw', 'target_hw', 'other'] as const;

/** NISTIR 7695 §6.2.2's `avstring`: unreserved characters or quoted (backslash-escaped) ones, with `*`/`?` wildcards only at the ends. */
const VALUE = /^(?:\?+|\*)?(?:[A-Za-z0-9._-]|\\[\\*?!"#$%&'()+,./:;<=>@[\]^`{|}~_-])+(?:\?+|\*)?$/;
const LANGUAGE = /^[A-Za-z]{2,3}(?:-(?:[A-Za-z]{2}|\d{3}))?$/;

/** Why `text` is not a CPE 2.3 formatted string, or undefined when it is one. */
export function cpe23Error(text: string): string | undefined {
  if (/^cpe:\/[aho]?/i.test(text)) return 'this is a CPE 2.2 URI; give the CPE 2.3 formatted string (cpe:2.3:part:vendor:product:…)';
  if (!text.startsWith('cpe:2.3:')) return 'a CPE 2.3 formatted string starts with "cpe:2.3:"';
  const values = splitUnescaped(text.slice('cpe:2.3:'.length));
  if (values.length !== COMPONENTS.length) {
    return `expected ${COMPONENTS.length} components after "cpe:2.3:" (${COMPONENTS.join(':')}), found ${values.length}`;
  }
  for (const [i, value] of values.entries()) {
    const name = COMPONENTS[i] ?? '';
    if (value === '*' || value === '-') continue;
    if (name === 'part') {
      if (!/^[aho]$/.test(value)) return `part "${value}" must be a, h, o, * or -`;
    } else if (name === 'language') {
      if (!LANGUAGE.test(value)) return `language "${value}" must be an RFC 5646 tag such as en or en-us, * or -`;
    } else if (!VALUE.test(value)) {
      return `${name} "${value}" must be * or - or letters, digits, "._-" and backslash-escaped punctuation, with wildcards only at its ends`;
    }
  }
  return undefined;
}

/** Splits at each `:` not escaped by a backslash. */
function splitUnescaped(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\') {
      current += c + (text[i + 1] ?? '');
      i++;
    } else if (c === ':') {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}
