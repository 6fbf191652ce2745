import type { VersionScheme } from './version-scheme.js';

/**
 * Every version scheme, by id. A scheme is registered here and nowhere else;
 * the contract test checks each one implements the whole interface and that
 * its id equals its folder name.
 */
export const versionSchemes: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
]);
