/** Typed access to the coordination API: cases, their thread, the vendor portal and each user's time zone. */
import { request } from './operator-api.js';

/*
 * The values the API's schemas accept (see /openapi.json), listed here because the web app
 * may not import the server's modules; cases.test.ts checks them against the served description.
 */
export const CASE_STATES = ['triage', 'vendor_notified', 'acknowledged', 'fix_in_progress', 'fixed', 'published', 'closed_invalid', 'closed_duplicate', 'closed_wont_fix'] as const;
export const CASE_SORTS = ['updated', 'opened', 'embargo'] as const;
export const PARTICIPANT_ROLES = ['reporter', 'vendor', 'coordinator'] as const;
/** The answers a vendor gives; 'not_assessed' is the status before any answer, never one to give. */
export const VENDOR_ANSWERS = ['affected', 'not_affected', 'unknown'] as const;
/** The labels a message may carry (the message schema's tlp). */
export const MESSAGE_TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;

/** States in which vendors have been told and the case is still worked: acknowledgements can be due. */
export const NOTIFIED_STATES: readonly string[] = ['vendor_notified', 'acknowledged', 'fix_in_progress', 'fixed'];
/** States in which a case takes no more participants, dates or answers. */
export const FINAL_STATES: readonly string[] = ['published', 'closed_invalid', 'closed_duplicate', 'closed_wont_fix'];

export interface Registration {
  kind: 'package' | 'namespace';
  vendorId: string;
  purl?: string;
  type?: string;
  namespace?: string;
}

/** A registered product of a vendor that names one of the case's affected purls. */
export interface VendorMatch {
  affectedPurl: string;
  registration: Registration;
}

export interface CaseAttachment {
  sha256: string;
  name: string;
  mediaType: string;
  size: number;
  attachedAt: string;
}

/** A vendor's part in a case: its answer and dates, for the vendor itself and the coordinators. */
export interface VendorAnswerView {
  /** 'not_assessed' until the vendor answers: never to be read as 'not_affected'. */
  status: string;
  statement: string | null;
  affectedVersions: string[];
  fixedVersions: string[];
  advisory: CaseAttachment | null;
  notifiedAt: string | null;
  acknowledgementDue: string | null;
  acknowledgedAt: string | null;
  matched: VendorMatch[];
}

export interface Participant {
  orgId: string;
  orgName: string;
  role: string;
  addedAt: string;
  /** Present for a vendor when the reader may see its answer. */
  vendor?: VendorAnswerView;
}

export interface CaseEvent {
  id: number;
  at: string;
  /** Null when the system acted (a reminder). */
  actorUserId: string | null;
  orgId: string | null;
  kind: string;
  detail: unknown;
}

/** A case as GET /v1/cases/{id} shows it to the caller (coordinators see it whole). */
export interface CaseView {
  id: string;
  clusterId: string;
  title: string;
  state: string;
  /** The states a coordinator may try next; empty for other readers. */
  nextStates: string[];
  tlp: string;
  duplicateOf: string | null;
  exploited: boolean;
  exploitedReason: string | null;
  /** Coordinators only: null for other readers. */
  aiEnabledCrime: { flag: boolean; reason: string | null } | null;
  /** The zone of the server's `…Local` fields. */
  timeZone: string;
  openedAt: string;
  updatedAt: string;
  vendorNotifiedAt: string | null;
  embargoUntil: string | null;
  publishedAt: string | null;
  cve: { id: string; state: string; assignedBy: string } | null;
  participants: Participant[];
  /** Coordinators only: vendors whose registered products match, not yet participants. */
  offers: { orgId: string; orgName: string; matches: VendorMatch[] }[];
  history: CaseEvent[];
}

export interface CaseSummary {
  id: string;
  clusterId: string;
  title: string;
  state: string;
  tlp: string;
  cveId: string | null;
  exploited: boolean;
  openedAt: string;
  updatedAt: string;
  embargoUntil: string | null;
}

/** A case in the coordinators' list, with each notified vendor's acknowledgement deadline (empty for other readers). */
export interface CaseListItem extends CaseSummary {
  acknowledgements: { vendorOrgId: string; vendorName: string; due: string; acknowledgedAt: string | null }[];
}

/** A case in the vendor portal, with the vendor's own part. */
export interface VendorCaseSummary extends CaseSummary {
  status: string;
  acknowledgementDue: string | null;
  acknowledgedAt: string | null;
  fixedVersions: string[];
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface CaseQuery {
  offset: number;
  limit: number;
  sort: string;
  state?: string | undefined;
}

export interface Message {
  id: string;
  caseId: string;
  tlp: string;
  /** Markdown from a participant: render only through components/Markdown. */
  body: string;
  authorUserId: string;
  authorName: string;
  orgId: string;
  orgName: string;
  createdAt: string;
  recipientUserIds: string[] | null;
}

export interface NewMessage {
  body: string;
  tlp: string;
  recipientUserIds?: string[];
}

export interface VendorAnswer {
  status: string;
  statement?: string;
  affectedVersions: string[];
  fixedVersions: string[];
}

export interface Product {
  id: string;
  registration: Registration;
  createdAt: string;
}

export interface UploadedFile {
  name: string;
  mediaType: string;
  /** The bytes, base64. */
  content: string;
}


const id = encodeURIComponent;

function caseParams(query: CaseQuery): string {
  const params = new URLSearchParams({ offset: String(query.offset), limit: String(query.limit), sort: query.sort });
  if (query.state !== undefined) params.set('state', query.state);
  return params.toString();
}

/** The cases the caller may read, one page. */
export function listCases(query: CaseQuery, signal?: AbortSignal): Promise<Page<CaseListItem>> {
  return request(`/v1/cases?${caseParams(query)}`, { signal });
}

/** The cases the caller's organization is a vendor on, one page. */
export function listVendorCases(query: CaseQuery, signal?: AbortSignal): Promise<Page<VendorCaseSummary>> {
  return request(`/v1/vendor/cases?${caseParams(query)}`, { signal });
}

/** The largest page the API serves. */
const MAX_PAGE = 1000;

/**
 * Every case a list answers, page after page, up to `cap` of them; `complete` says
 * whether that was all. For views (the calendar) that place cases by date, not by list order.
 */
export async function allCases<T>(list: (query: CaseQuery, signal?: AbortSignal) => Promise<Page<T>>, cap: number, signal?: AbortSignal): Promise<{ items: T[]; total: number; complete: boolean }> {
  const items: T[] = [];
  let total = 0;
  do {
    const page = await list({ offset: items.length, limit: Math.min(MAX_PAGE, cap - items.length), sort: 'embargo' }, signal);
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0) break;
  } while (items.length < total && items.length < cap);
  return { items, total, complete: items.length >= total };
}

export function getCase(caseId: string, signal?: AbortSignal): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}`, { signal });
}

/** Opens the case of a cluster (clearinghouse analysts). */
export function openCase(clusterId: string): Promise<CaseView> {
  return request('/v1/cases', { method: 'POST', json: { clusterId } });
}

export function changeState(caseId: string, change: { state: string; duplicateOf?: string; reason?: string }): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/state`, { method: 'POST', json: change });
}

export function addParticipant(caseId: string, participant: { orgId: string; role: string }): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/participants`, { method: 'POST', json: participant });
}

/** Adds offered vendors: those named, or every one offered. */
export function confirmOffers(caseId: string, orgIds?: string[]): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/offers/confirm`, { method: 'POST', json: orgIds === undefined ? {} : { orgIds } });
}

export function dismissOffer(caseId: string, orgId: string, reason: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/offers/dismiss`, { method: 'POST', json: { orgId, reason } });
}

export function extendEmbargo(caseId: string, until: string, reason: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/embargo/extension`, { method: 'POST', json: { until, reason } });
}

export function flagExploited(caseId: string, reason: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/exploited`, { method: 'POST', json: { reason } });
}

export function flagAiEnabledCrime(caseId: string, flag: boolean, reason: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/ai-enabled-crime`, { method: 'PUT', json: { flag, reason } });
}

/** Where the browser downloads the referral package of a case flagged as AI-enabled crime. */
export function referralUrl(caseId: string): string {
  return `/v1/cases/${id(caseId)}/referral`;
}

/** Reserves an id of the clearinghouse's CNA block: the one named, or the lowest available. */
export function reserveCveId(caseId: string, cveId?: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/cve/reserve`, { method: 'POST', json: cveId === undefined ? {} : { cveId } });
}

export function assignCveId(caseId: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/cve/assign`, { method: 'POST' });
}

/** Records an id another CNA assigned. */
export function recordCveId(caseId: string, cveId: string, assignedBy: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/cve`, { method: 'PUT', json: { cveId, assignedBy } });
}

export function listMessages(caseId: string, page: { offset: number; limit: number }, signal?: AbortSignal): Promise<Page<Message>> {
  const params = new URLSearchParams({ offset: String(page.offset), limit: String(page.limit) });
  return request(`/v1/cases/${id(caseId)}/messages?${params.toString()}`, { signal });
}

export function postMessage(caseId: string, message: NewMessage): Promise<Message> {
  return request(`/v1/cases/${id(caseId)}/messages`, { method: 'POST', json: message });
}

/** Acknowledges the notification, for the caller's organization. */
export function acknowledge(caseId: string): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/acknowledge`, { method: 'POST' });
}

/** The vendor's answer; it replaces the previous one whole. */
export function answerAsVendor(caseId: string, orgId: string, answer: VendorAnswer): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/participants/${id(orgId)}/status`, { method: 'PUT', json: answer });
}

export function attachAdvisory(caseId: string, file: UploadedFile): Promise<CaseView> {
  return request(`/v1/cases/${id(caseId)}/advisory`, { method: 'POST', json: file });
}

/** Where the browser downloads a file attached to the case (served as bytes to save, never rendered). */
export function attachmentUrl(caseId: string, sha256: string): string {
  return `/v1/cases/${id(caseId)}/attachments/${id(sha256)}`;
}

export async function listProducts(signal?: AbortSignal): Promise<Product[]> {
  return (await request<{ items: Product[] }>('/v1/vendor-products', { signal })).items;
}

/** Registers a package by purl (without version). */
export function registerProduct(purl: string): Promise<Product> {
  return request('/v1/vendor-products', { method: 'POST', json: { purl } });
}

export function removeProduct(productId: string): Promise<void> {
  return request(`/v1/vendor-products/${id(productId)}`, { method: 'DELETE' });
}

/** The caller's time zone; null when they have set none (the server then writes UTC). */
export async function getTimeZone(signal?: AbortSignal): Promise<string | null> {
  return (await request<{ timeZone: string | null }>('/v1/me/time-zone', { signal })).timeZone;
}

/** Sets the caller's zone (an IANA name); null clears it. Returns it as the server spells it. */
export async function setTimeZone(timeZone: string | null): Promise<string | null> {
  return (await request<{ timeZone: string | null }>('/v1/me/time-zone', { method: 'PUT', json: { timeZone } })).timeZone;
}

export function caseHref(caseId: string): string {
  return `/cases/${id(caseId)}`;
}

/** Whether a notified vendor is past its acknowledgement date without acknowledging. */
export function acknowledgementOverdue(vendor: { acknowledgementDue: string | null; acknowledgedAt: string | null }, now: Date): boolean {
  return vendor.acknowledgementDue !== null && vendor.acknowledgedAt === null && new Date(vendor.acknowledgementDue).getTime() < now.getTime();
}

/** True when a vendor the case's coordinators told is past its acknowledgement date while the case is still worked. */
export function acknowledgementOverdueOnCase(item: CaseListItem, now: Date): boolean {
  return NOTIFIED_STATES.includes(item.state) && item.acknowledgements.some((a) => acknowledgementOverdue({ acknowledgementDue: a.due, acknowledgedAt: a.acknowledgedAt }, now));
}

export function isVendorOrg(organizationType: string): boolean {
  return organizationType === 'vendor';
}
