/**
 * Traffic Light Protocol 2.0 (FIRST, https://www.first.org/tlp/): the marking every
 * shareable record carries. Ordered from widest to narrowest audience.
 */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;

/** A TLP 2.0 label. */
export type Tlp = (typeof TLP_LABELS)[number];

/** Reads `TLP:AMBER+STRICT`, `amber+strict` or `AMBER+STRICT`; TLP 1.0's WHITE is refused (2.0 renamed it CLEAR). */
export function parseTlp(text: string): { ok: true; value: Tlp } | { ok: false; error: string } {
  const label = text.trim().toUpperCase().replace(/^TLP:/, '');
  if ((TLP_LABELS as readonly string[]).includes(label)) return { ok: true, value: label as Tlp };
  const hint = label === 'WHITE' ? ' (TLP 2.0 calls it CLEAR)' : '';
  return { ok: false, error: `"${text}" is not a TLP 2.0 label${hint}; expected one of ${TLP_LABELS.join(', ')}` };
}
