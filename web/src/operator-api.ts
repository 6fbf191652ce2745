/** Typed access to the operator API: sign-in, assets, SBOMs, exposures and remediation. */
import { ApiError, readProblem } from './api.js';

/*
 * The values the API's schemas accept (see /openapi.json). The web app may not import the
 * server's modules (eslint layers), so they are listed here; operator.test.ts checks them
 * against the served OpenAPI description.
 */
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SYSTEM_EXPOSURES = ['small', 'controlled', 'open'] as const;
export const MISSION_IMPACTS = ['degraded', 'mef_support_crippled', 'mef_failure', 'mission_failure'] as const;
export const SAFETY_IMPACTS = ['negligible', 'marginal', 'critical', 'catastrophic'] as const;
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
/** SSVC deployer decisions, least urgent first. */
export const PRIORITIES = ['defer', 'scheduled', 'out-of-cycle', 'immediate'] as const;
export const REMEDIATION_STATUSES = ['open', 'in_progress', 'mitigated', 'remediated', 'risk_accepted', 'not_affected'] as const;
export const EXPOSURE_SORTS = ['priority', 'due', 'cvss', 'first_seen'] as const;
/** Statuses that still need work, so can be overdue. */
export const OPEN_STATUSES: readonly string[] = ['open', 'in_progress'];

export interface Profile {
  user: { id: string; email: string; displayName: string; role: string };
  organization: { id: string; name: string; type: string; sector: string | null };
}

export interface Asset {
  id: string;
  owner_org_id: string;
  tlp: string;
  name: string;
  criticality: string;
  system_exposure: string;
  mission_impact: string;
  safety_impact: string;
  current_sbom_id: string | null;
  created_at: string;
}

export interface NewAsset {
  name: string;
  criticality: string;
  systemExposure: string;
  missionImpact: string;
  safetyImpact: string;
  tlp: string;
}

export interface Sbom {
  id: string;
  asset_id: string;
  format: string;
  spec_version: string;
  encoding: string;
  name: string | null;
  sha256: string;
  component_count: number;
  uploaded_by: string;
  uploaded_at: string;
}

export interface Component {
  id: number;
  ref: string;
  name: string;
  version: string | null;
  purl: string | null;
  cpes: string[];
  unmatched_reason: string | null;
}

export interface FieldMessage {
  field: string;
  message: string;
}

export interface UploadResult {
  sbom: Sbom;
  exposures: number;
  unmatched: number;
  warnings: FieldMessage[];
}

/** One vulnerable component on one asset, with its priority and remediation. */
export interface Exposure {
  asset_id: string;
  asset_name: string;
  owner_org_id: string;
  component_id: number;
  component_name: string;
  component_version: string | null;
  purl: string | null;
  vuln_id: string;
  fixed_version: string | null;
  priority: string;
  priority_rank: number;
  timeline: string;
  cvss_score: number | null;
  in_kev: boolean;
  epss: number | null;
  vex_status: string | null;
  vex_justification: string | null;
  first_seen: string;
  status: string;
  due_date: string | null;
  status_updated_at: string;
}

export interface ExposurePage {
  items: Exposure[];
  total: number;
  offset: number;
  limit: number;
}

export interface ExposureFilter {
  asset?: string;
  vuln?: string;
  priority?: readonly string[];
  status?: readonly string[];
  includeNotAffected?: boolean;
  sort?: string;
  offset?: number;
  limit?: number;
}

export interface Remediation {
  asset_id: string;
  vuln_id: string;
  status: string;
  timeline: string;
  due_date: string | null;
  opened_at: string;
  updated_at: string;
  updated_by: string | null;
  note: string | null;
}

export interface RemediationEvent {
  id: number;
  changed_by: string | null;
  /** Null when the system made the change. */
  changed_by_email: string | null;
  changed_at: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  note: string | null;
}

export interface RemediationChange {
  status?: string;
  dueDate?: string;
  note?: string;
}

/** Fired on window when the server answers 401: the session ended (expired, or signed out elsewhere). */
export const unauthenticatedEvent = 'clearinghouse:unauthenticated';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  json?: unknown;
  body?: Blob;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Sign-in answers 401 for a wrong password, which is no lost session. */
  quietUnauthenticated?: boolean;
}

/** The one way the app calls its API: JSON or a file in, JSON out, a problem+json answer thrown as ApiError. */
export async function request<T>(url: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    // The upload routes read any content type as the raw document; a file without a type still needs one.
    headers['content-type'] = options.body.type || 'application/octet-stream';
    body = options.body;
  }
  const response = await fetch(url, { method: options.method ?? 'GET', headers, body, signal: options.signal });
  if (!response.ok) {
    if (response.status === 401 && !options.quietUnauthenticated) window.dispatchEvent(new Event(unauthenticatedEvent));
    throw new ApiError(await readProblem(response));
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const path = (...parts: string[]): string => parts.map(encodeURIComponent).join('/');

/** The signed-in user, or undefined when nobody is; throws for other failures (404: no operator API here). */
export async function getProfile(signal?: AbortSignal): Promise<Profile | undefined> {
  try {
    return await request<Profile>('/v1/me', { signal, quietUnauthenticated: true });
  } catch (error) {
    if (error instanceof ApiError && error.problem.status === 401) return undefined;
    throw error;
  }
}

export function signIn(email: string, password: string): Promise<Profile> {
  return request<Profile>('/v1/session', { method: 'POST', json: { email, password }, quietUnauthenticated: true });
}

export function signOut(): Promise<void> {
  return request<void>('/v1/session', { method: 'DELETE', quietUnauthenticated: true });
}

export async function listAssets(page: { offset: number; limit: number }, signal?: AbortSignal): Promise<Asset[]> {
  const params = new URLSearchParams({ offset: String(page.offset), limit: String(page.limit) });
  return (await request<{ items: Asset[] }>(`/v1/assets?${params.toString()}`, { signal })).items;
}

export function createAsset(asset: NewAsset): Promise<Asset> {
  return request<Asset>('/v1/assets', { method: 'POST', json: asset });
}

export function getAsset(id: string, signal?: AbortSignal): Promise<Asset> {
  return request<Asset>(`/v1/assets/${path(id)}`, { signal });
}

/** The asset's SBOMs, newest first. */
export async function sbomHistory(assetId: string, signal?: AbortSignal): Promise<Sbom[]> {
  return (await request<{ items: Sbom[] }>(`/v1/assets/${path(assetId)}/sboms`, { signal })).items;
}

/** The components of the asset's current SBOM, unmatched ones included. */
export async function currentComponents(assetId: string, signal?: AbortSignal): Promise<Component[]> {
  return (await request<{ items: Component[] }>(`/v1/assets/${path(assetId)}/components`, { signal })).items;
}

/** Uploads an SBOM file as it is; the server detects its format. */
export function uploadSbom(assetId: string, file: Blob): Promise<UploadResult> {
  return request<UploadResult>(`/v1/assets/${path(assetId)}/sboms`, { method: 'POST', body: file });
}

/** The query string GET /v1/exposures takes for a filter (repeated keys for lists). */
export function exposureParams(filter: ExposureFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.asset) params.set('asset', filter.asset);
  if (filter.vuln) params.set('vuln', filter.vuln);
  for (const p of filter.priority ?? []) params.append('priority', p);
  for (const s of filter.status ?? []) params.append('status', s);
  if (filter.includeNotAffected) params.set('includeNotAffected', 'true');
  if (filter.sort) params.set('sort', filter.sort);
  if (filter.offset !== undefined) params.set('offset', String(filter.offset));
  if (filter.limit !== undefined) params.set('limit', String(filter.limit));
  return params;
}

export function listExposures(filter: ExposureFilter, signal?: AbortSignal): Promise<ExposurePage> {
  return request<ExposurePage>(`/v1/exposures?${exposureParams(filter).toString()}`, { signal });
}

/** Open work past its due date, earliest first. */
export function overdueExposures(page: { offset: number; limit: number }, signal?: AbortSignal): Promise<ExposurePage> {
  const params = new URLSearchParams({ offset: String(page.offset), limit: String(page.limit) });
  return request<ExposurePage>(`/v1/exposures/overdue?${params.toString()}`, { signal });
}

export function getRemediation(assetId: string, vulnId: string, signal?: AbortSignal): Promise<{ remediation: Remediation; history: RemediationEvent[] }> {
  return request(`/v1/assets/${path(assetId)}/remediations/${path(vulnId)}`, { signal });
}

export function updateRemediation(assetId: string, vulnId: string, change: RemediationChange): Promise<Remediation> {
  return request<Remediation>(`/v1/assets/${path(assetId)}/remediations/${path(vulnId)}`, { method: 'PATCH', json: change });
}

/** Where the browser downloads every exposure of the signed-in organization. */
export function exportUrl(format: 'csv' | 'json'): string {
  return `/v1/exposures/export?format=${format}`;
}

/** Today as the server counts due dates: the UTC calendar date. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** True when open work is past its due date. */
export function isOverdue(exposure: { status: string; due_date: string | null }): boolean {
  return exposure.due_date !== null && OPEN_STATUSES.includes(exposure.status) && exposure.due_date < today();
}
