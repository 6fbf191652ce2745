import { csafFilename } from './csaf-filename.js';
import type { PublicationResult } from './publication-error.js';

/** Where a CSAF provider serves its files, all under `/.well-known/csaf/` of one https origin. */
export interface CsafLocations {
  readonly providerMetadata: string;
  /** The ROLIE feed of TLP:WHITE advisories. */
  readonly feed: string;
  /** An advisory's URL: a folder per year of its initial release, then its CSAF file name. */
  readonly advisory: (trackingId: string, initialReleaseDate: string) => string;
}

const HTTPS_ORIGIN = /^https:\/\/[A-Za-z0-9.-]+(?::\d+)?$/;

/**
 * The URLs of a provider at `origin` (`https://clearinghouse.example`): provider-metadata.json
 * at the well-known place (CSAF 2.0 requirement 9), the feed beside it as in the CSAF examples,
 * and advisories in the `white/<year>/` folders of the directory layout (requirement 11).
 */
export function csafLocations(origin: string): PublicationResult<CsafLocations> {
  if (!HTTPS_ORIGIN.test(origin)) return { ok: false, errors: [{ path: '/origin', message: `${JSON.stringify(origin)} is not an https origin (scheme and host, no path)` }] };
  const base = `${origin}/.well-known/csaf`;
  return {
    ok: true,
    value: {
      providerMetadata: `${base}/provider-metadata.json`,
      feed: `${base}/feed-tlp-white.json`,
      advisory: (trackingId, initialReleaseDate) => `${base}/white/${initialReleaseDate.slice(0, 4)}/${csafFilename(trackingId)}`,
    },
  };
}
