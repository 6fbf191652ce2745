import { isCweId } from '../intake/weakness.js';
import type { PublicationError } from './publication-error.js';
import type { PublishableCase, Publisher } from './publishable-case.js';

/*
 * What every format needs of a case, checked once: OSV, CVE and CSAF each reject a document
 * with a bad timestamp, URL or CWE id, and CSAF mandatory test 6.1.14 rejects a revision
 * history whose dates do not strictly increase (equal dates sort the higher number first).
 */

const UTC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/;

/** An instant as RFC 3339 UTC to the second, as the CVE and CSAF schemas read dates. */
export function utcSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Whether `text` is an RFC 3339 date-time in UTC (`Z`) on a real calendar day, with a year the
 * CVE schema's timestamp pattern accepts (1900 to 2999).
 */
export function isUtcTimestamp(text: string): boolean {
  const fields = UTC_TIMESTAMP.exec(text)?.slice(1, 7).map(Number);
  if (fields === undefined) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = fields;
  if (year < 1900 || year > 2999 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// RFC 3986 characters (unreserved, reserved, percent-encoded): what the schemas' `uri` format accepts.
const URI_CHARACTER = String.raw`(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})`;
const WEB_URL = new RegExp(String.raw`^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#]${URI_CHARACTER}*)?$`);

/** Whether `text` is an absolute http(s) URL made only of characters RFC 3986 allows. */
export function isWebUrl(text: string): boolean {
  return WEB_URL.test(text);
}

/** Whether `text` is an absolute https URL (see {@link isWebUrl}). */
export function isHttpsUrl(text: string): boolean {
  return text.startsWith('https://') && isWebUrl(text);
}

/** Length in code points, as JSON Schema's `maxLength` counts. */
export function textLength(text: string): number {
  return [...text].length;
}

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const UUID_V4 = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-4[0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
/** The CVE schema's `cweId` holds at most 9 characters: CWE- and five digits. */
const MAX_CWE_ID_LENGTH = 9;

const blank = (text: string): boolean => text.trim() === '';

/** Every problem with a case that would make any of its published documents invalid. */
export function caseErrors(c: PublishableCase): PublicationError[] {
  const errors: PublicationError[] = [];
  const fail = (path: string, message: string): void => {
    errors.push({ path, message });
  };

  if (blank(c.id) || c.id.trim() !== c.id) fail('/id', `case id ${JSON.stringify(c.id)} must be non-empty without surrounding white space`);
  if (c.cveId !== undefined && !CVE_ID.test(c.cveId)) fail('/cveId', `${JSON.stringify(c.cveId)} is not a CVE id (CVE-YYYY-NNNN)`);
  if (blank(c.title)) fail('/title', 'the title is empty');
  if (blank(c.description)) fail('/description', 'the description is empty');

  for (const field of ['published', 'modified'] as const) {
    if (!isUtcTimestamp(c[field])) fail(`/${field}`, `${JSON.stringify(c[field])} is not an RFC 3339 UTC date-time (YYYY-MM-DDThh:mm:ssZ)`);
  }
  if (isUtcTimestamp(c.published) && isUtcTimestamp(c.modified) && Date.parse(c.modified) < Date.parse(c.published)) {
    fail('/modified', `modified ${c.modified} is before published ${c.published}`);
  }

  const cwes = new Set<string>();
  c.cwes.forEach((cwe, i) => {
    if (!isCweId(cwe) || cwe.length > MAX_CWE_ID_LENGTH) fail(`/cwes/${i}`, `${JSON.stringify(cwe)} is not a CWE id (CWE-<number>)`);
    else if (cwes.has(cwe)) fail(`/cwes/${i}`, `${cwe} is listed twice`);
    cwes.add(cwe);
  });

  if (c.affected.length === 0) fail('/affected', 'a published case names at least one affected package');

  c.references.forEach((reference, i) => {
    if (!isWebUrl(reference.url)) fail(`/references/${i}/url`, `${JSON.stringify(reference.url)} is not an absolute http(s) URL`);
  });
  const urls = c.references.map((r) => r.url);
  urls.forEach((url, i) => {
    if (urls.indexOf(url) !== i) fail(`/references/${i}/url`, `${url} is listed twice`);
  });

  c.credits.forEach((credit, i) => {
    if (blank(credit.name)) fail(`/credits/${i}/name`, 'the credited name is empty');
  });

  if (c.revisions.length === 0) fail('/revisions', 'a published case has at least one revision');
  c.revisions.forEach((revision, i) => {
    if (blank(revision.summary)) fail(`/revisions/${i}/summary`, 'the revision summary is empty');
    if (!isUtcTimestamp(revision.date)) {
      fail(`/revisions/${i}/date`, `${JSON.stringify(revision.date)} is not an RFC 3339 UTC date-time (YYYY-MM-DDThh:mm:ssZ)`);
      return;
    }
    const previous = c.revisions[i - 1]?.date;
    if (previous !== undefined && isUtcTimestamp(previous) && Date.parse(revision.date) <= Date.parse(previous)) {
      fail(`/revisions/${i}/date`, `revision ${i + 1} (${revision.date}) is not later than revision ${i} (${previous}): revisions are listed oldest first, one per moment`);
    }
    if (isUtcTimestamp(c.modified) && Date.parse(revision.date) > Date.parse(c.modified)) {
      fail(`/revisions/${i}/date`, `revision ${i + 1} (${revision.date}) is later than modified (${c.modified})`);
    }
  });
  return errors;
}

/** Every problem with the publisher; the CNA fields count only for a CVE record. */
export function publisherErrors(p: Publisher, options: { cna: boolean }): PublicationError[] {
  const errors: PublicationError[] = [];
  if (blank(p.name)) errors.push({ path: '/publisher/name', message: 'the publisher name is empty' });
  if (!isHttpsUrl(p.namespace)) errors.push({ path: '/publisher/namespace', message: `${JSON.stringify(p.namespace)} is not an https URL` });
  if (blank(p.contactDetails)) errors.push({ path: '/publisher/contactDetails', message: 'the contact details are empty' });
  if (options.cna) {
    if (!UUID_V4.test(p.cnaOrgId)) errors.push({ path: '/publisher/cnaOrgId', message: `${JSON.stringify(p.cnaOrgId)} is not a version 4 UUID, which CVE org ids are` });
    const length = textLength(p.cnaShortName);
    if (length < 2 || length > 32) errors.push({ path: '/publisher/cnaShortName', message: `a CNA short name has 2 to 32 characters, not ${length}` });
  }
  return errors;
}
