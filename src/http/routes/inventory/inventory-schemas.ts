import { Type } from '@fastify/type-provider-typebox';
import { TLP_LABELS } from '../../../domain/access/tlp.js';
import { REMEDIATION_STATUSES } from '../../../domain/prioritization/remediation.js';
import { BOD_26_04_TIMELINE, DEPLOYER_PRIORITY } from '../../../domain/ssvc/decision-points.js';
import { CRITICALITIES, MISSION_IMPACTS, SAFETY_IMPACTS, SYSTEM_EXPOSURES } from '../../../services/inventory/inventory-service.js';
import { EXPOSURE_SORTS, MAX_PAGE } from '../../../services/inventory/remediation-service.js';

export const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number>>(schema: T) => Type.Union([schema, Type.Null()]);
/** A string from a fixed list, as a JSON Schema enum: ajv's error then names the field and lists nothing confusing. */
const oneOf = (values: readonly string[], description?: string) => Type.Unsafe<string>({ type: 'string', enum: [...values], ...(description === undefined ? {} : { description }) });

export const PageQuery = {
  offset: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 100 }),
};

export const NewAssetSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    criticality: oneOf(CRITICALITIES),
    systemExposure: oneOf(SYSTEM_EXPOSURES, 'SSVC System Exposure: small (local or tightly limited), controlled (reachable with restrictions), open (Internet-facing)'),
    missionImpact: oneOf(MISSION_IMPACTS, 'SSVC Mission Impact if this asset is compromised'),
    safetyImpact: Type.Optional(oneOf(SAFETY_IMPACTS, 'SSVC Safety Impact (default negligible)')),
    tlp: Type.Optional(oneOf(TLP_LABELS, 'TLP 2.0 marking of the asset record (default AMBER+STRICT)')),
  },
  { additionalProperties: false },
);

export const AssetSchema = Type.Object({
  id: Type.String(),
  owner_org_id: Type.String(),
  tlp: Type.String(),
  name: Type.String(),
  criticality: Type.String(),
  system_exposure: Type.String(),
  mission_impact: Type.String(),
  safety_impact: Type.String(),
  current_sbom_id: Nullable(Type.String()),
  created_at: Type.String(),
});

export const SbomSchema = Type.Object({
  id: Type.String(),
  asset_id: Type.String(),
  format: Type.String(),
  spec_version: Type.String(),
  encoding: Type.String(),
  name: Nullable(Type.String()),
  sha256: Type.String(),
  component_count: Type.Integer(),
  uploaded_by: Type.String(),
  uploaded_at: Type.String(),
});

export const ComponentSchema = Type.Object({
  id: Type.Integer(),
  ref: Type.String(),
  name: Type.String(),
  version: Nullable(Type.String()),
  purl: Nullable(Type.String()),
  cpes: Type.Array(Type.String()),
  unmatched_reason: Nullable(Type.String()),
});

const FieldMessage = Type.Object({ field: Type.String(), message: Type.String() });

export const UploadResultSchema = Type.Object({
  sbom: SbomSchema,
  exposures: Type.Integer({ description: 'exposures found on the new SBOM' }),
  unmatched: Type.Integer({ description: 'components without a matchable purl, kept and listed as unmatched' }),
  warnings: Type.Array(FieldMessage),
});

export const VexResultSchema = Type.Object({
  statements: Type.Integer(),
  exposuresUpdated: Type.Integer(),
  skipped: Type.Array(Type.Object({ statement: Type.Integer(), product: Type.String(), reason: Type.String() })),
});

export const ExposureSchema = Type.Object({
  asset_id: Type.String(),
  asset_name: Type.String(),
  owner_org_id: Type.String(),
  component_id: Type.Integer(),
  component_name: Type.String(),
  component_version: Nullable(Type.String()),
  purl: Nullable(Type.String()),
  vuln_id: Type.String(),
  fixed_version: Nullable(Type.String()),
  priority: Type.String({ description: 'SSVC deployer decision: defer, scheduled, out-of-cycle, immediate' }),
  priority_rank: Type.Integer(),
  timeline: Type.String({ description: 'CISA BOD 26-04 remediation timeline' }),
  cvss_score: Nullable(Type.Number()),
  in_kev: Type.Boolean(),
  epss: Nullable(Type.Number()),
  vex_status: Nullable(Type.String()),
  vex_justification: Nullable(Type.String()),
  first_seen: Type.String(),
  status: Type.String(),
  due_date: Nullable(Type.String()),
  status_updated_at: Type.String(),
});

export const ExposurePageSchema = Type.Object({ items: Type.Array(ExposureSchema), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() });

export const ExposureQuerySchema = Type.Object(
  {
    asset: Type.Optional(Type.String({ description: 'only this asset (id)' })),
    vuln: Type.Optional(Type.String({ description: 'only this vulnerability (id)' })),
    priority: Type.Optional(Type.Array(oneOf(DEPLOYER_PRIORITY))),
    status: Type.Optional(Type.Array(oneOf(REMEDIATION_STATUSES))),
    includeNotAffected: Type.Optional(Type.Boolean({ default: false, description: 'include exposures VEX or the operator marked not_affected' })),
    sort: Type.Optional(oneOf(EXPOSURE_SORTS, 'priority (default): SSVC decision, KEV, CVSS, EPSS, due date; due; cvss; first_seen')),
    ...PageQuery,
  },
  { additionalProperties: false },
);

export const RemediationSchema = Type.Object({
  asset_id: Type.String(),
  vuln_id: Type.String(),
  status: Type.String(),
  timeline: Type.String(),
  due_date: Nullable(Type.String()),
  opened_at: Type.String(),
  updated_at: Type.String(),
  updated_by: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const RemediationEventSchema = Type.Object({
  id: Type.Integer(),
  changed_by: Nullable(Type.String()),
  changed_by_email: Nullable(Type.String({ description: 'who made the change; null when the system did' })),
  changed_at: Type.String(),
  field: Type.String(),
  old_value: Nullable(Type.String()),
  new_value: Nullable(Type.String()),
  note: Nullable(Type.String()),
});

export const RemediationChangeSchema = Type.Object(
  {
    status: Type.Optional(oneOf(REMEDIATION_STATUSES)),
    dueDate: Type.Optional(Type.String({ description: 'YYYY-MM-DD; admin only, and only earlier than the BOD 26-04 date' })),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const PolicySchema = Type.Object(
  { timeline: oneOf(BOD_26_04_TIMELINE), days: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
