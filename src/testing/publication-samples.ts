import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { PublicationResult } from '../domain/publication/publication-error.js';
import type { PublishableCase, Publisher } from '../domain/publication/publishable-case.js';

/** The tests' fixed case and publisher (src/domain/publication/fixtures). */
const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../domain/publication/fixtures/${name}`, import.meta.url), 'utf8')) as T;
export const sampleCase = fixture<PublishableCase>('fixed-case.json');
export const samplePublisher = fixture<Publisher>('publisher.json');

/** The sample's weaknesses with their names as the CWE catalog gives them. */
export const sampleWeaknessNames: ReadonlyMap<string, string> = new Map([
  ['CWE-79', "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')"],
  ['CWE-116', 'Improper Encoding or Escaping of Output'],
]);

/** The built document, failing the test with the builder's errors when there is none. */
export function built<T>(result: PublicationResult<T>): T {
  assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
  return result.value;
}
