import { Type } from '@fastify/type-provider-typebox';
import { CASE_STATES } from '../../../domain/coordination/case-state.js';
import { PARTICIPANT_ROLES, VENDOR_STATUSES } from '../../../domain/coordination/participant-status.js';
import { TLP_LABELS } from '../../../domain/access/tlp.js';
import { CASE_SORTS } from '../../../services/coordination/case-service.js';
import { ProblemSchema } from '../osv/osv-schemas.js';
import { PageQuery } from '../inventory/inventory-schemas.js';

/** A string from a fixed list, as a JSON Schema enum, so ajv's error names the field. */
export const OneOf = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description === undefined ? {} : { description }) });

const NullableString = (description?: string) => Type.Union([Type.String(), Type.Null()], description === undefined ? {} : { description });
const Local = NullableString('the same instant in the caller\'s time zone ("YYYY-MM-DD HH:mm ZONE")');

export const problems = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema };

export const RegistrationSchema = Type.Union([
  Type.Object({ kind: Type.Literal('package'), vendorId: Type.String(), purl: Type.String() }),
  Type.Object({ kind: Type.Literal('namespace'), vendorId: Type.String(), type: Type.String(), namespace: Type.String() }),
]);

const MatchSchema = Type.Object({ affectedPurl: Type.String(), registration: RegistrationSchema });

const AttachmentSchema = Type.Object({ sha256: Type.String(), name: Type.String(), mediaType: Type.String(), size: Type.Integer(), attachedAt: Type.String() });

const VendorAnswerSchema = Type.Object({
  status: Type.String({ description: "not_assessed (no answer yet, never 'not affected'), affected, not_affected or unknown" }),
  statement: NullableString(),
  affectedVersions: Type.Array(Type.String()),
  fixedVersions: Type.Array(Type.String()),
  advisory: Type.Union([AttachmentSchema, Type.Null()]),
  notifiedAt: NullableString(),
  notifiedAtLocal: Local,
  acknowledgementDue: NullableString(),
  acknowledgementDueLocal: Local,
  acknowledgedAt: NullableString(),
  acknowledgedAtLocal: Local,
  matched: Type.Array(MatchSchema, { description: 'the registered products that match the case' }),
});

export const EventSchema = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  atLocal: Type.String(),
  actorUserId: NullableString('null when the system acted (a reminder)'),
  orgId: NullableString('the participant organization the event concerns, when only it (and the coordinators) may read it'),
  kind: Type.String(),
  detail: Type.Unknown(),
});

export const CaseSchema = Type.Object({
  id: Type.String({ description: 'CH-<year>-<number>' }),
  clusterId: Type.String(),
  title: Type.String(),
  state: Type.String(),
  nextStates: Type.Array(Type.String(), { description: 'states a coordinator may try next, each with its own rule' }),
  tlp: Type.String(),
  duplicateOf: NullableString(),
  exploited: Type.Boolean(),
  exploitedReason: NullableString(),
  aiEnabledCrime: Type.Union([Type.Object({ flag: Type.Boolean(), reason: NullableString() }), Type.Null()], { description: 'coordinators only' }),
  timeZone: Type.String({ description: 'the zone of every …Local field: yours, or UTC' }),
  openedAt: Type.String(),
  openedAtLocal: Type.String(),
  updatedAt: Type.String(),
  updatedAtLocal: Type.String(),
  vendorNotifiedAt: NullableString(),
  vendorNotifiedAtLocal: Local,
  embargoUntil: NullableString(),
  embargoUntilLocal: Local,
  publishedAt: NullableString(),
  publishedAtLocal: Local,
  cve: Type.Union([Type.Object({ id: Type.String(), state: Type.String(), assignedBy: Type.String() }), Type.Null()]),
  participants: Type.Array(
    Type.Object({
      orgId: Type.String(),
      orgName: Type.String(),
      role: Type.String(),
      addedAt: Type.String(),
      addedAtLocal: Type.String(),
      vendor: Type.Optional(VendorAnswerSchema),
    }),
  ),
  offers: Type.Array(Type.Object({ orgId: Type.String(), orgName: Type.String(), matches: Type.Array(MatchSchema) }), {
    description: 'coordinators only: vendors whose registered purls match, to confirm with POST …/offers/confirm',
  }),
  publication: Type.Union(
    [
      Type.Object({
        cveId: NullableString(),
        title: Type.String(),
        description: Type.String(),
        cwes: Type.Array(Type.String()),
        cvssVectors: Type.Array(Type.String()),
        affected: Type.Array(
          Type.Object({
            purl: Type.String(),
            reportedVersions: Type.Array(Type.String()),
            vendors: Type.Array(Type.Object({ orgId: Type.String(), orgName: Type.String(), status: Type.String(), affectedVersions: Type.Array(Type.String()), fixedVersions: Type.Array(Type.String()) })),
          }),
        ),
      }),
      Type.Null(),
    ],
    { description: 'coordinators only: what publication needs' },
  ),
  history: Type.Array(EventSchema),
});

export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  clusterId: Type.String(),
  title: Type.String(),
  state: Type.String(),
  tlp: Type.String(),
  cveId: NullableString(),
  exploited: Type.Boolean(),
  openedAt: Type.String(),
  openedAtLocal: Type.String(),
  updatedAt: Type.String(),
  updatedAtLocal: Type.String(),
  embargoUntil: NullableString(),
  embargoUntilLocal: Local,
});

export const CaseListItemSchema = Type.Object({
  ...CaseSummarySchema.properties,
  acknowledgements: Type.Array(
    Type.Object({ vendorOrgId: Type.String(), vendorName: Type.String(), due: Type.String(), dueLocal: Type.String(), acknowledgedAt: NullableString(), acknowledgedAtLocal: Local }),
    { description: "Vendors' acknowledgement deadlines, for those who see the whole case (its coordinators); empty for other readers" },
  ),
});

export const CaseQuery = Type.Object(
  {
    ...PageQuery,
    sort: Type.Optional(OneOf(CASE_SORTS, 'updated (newest first, the default), opened (newest first) or embargo (soonest first)')),
    state: Type.Optional(OneOf(CASE_STATES)),
  },
  { additionalProperties: false },
);

export const MessageSchema = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  tlp: Type.String(),
  body: Type.String(),
  authorUserId: Type.String(),
  authorName: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  createdAt: Type.String(),
  createdAtLocal: Type.String(),
  recipientUserIds: Type.Union([Type.Array(Type.String()), Type.Null()]),
});

export const NewMessageSchema = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    tlp: Type.Optional(OneOf(TLP_LABELS, 'TLP 2.0 (default AMBER): AMBER reaches every participant, AMBER+STRICT your organization only, RED the named recipients')),
    recipientUserIds: Type.Optional(Type.Array(Type.String(), { maxItems: 100, description: 'TLP:RED only: the people it is for' })),
  },
  { additionalProperties: false },
);

export const StateChangeSchema = Type.Object(
  { state: OneOf(CASE_STATES), duplicateOf: Type.Optional(Type.String({ maxLength: 100 })), reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const ParticipantSchema = Type.Object({ orgId: Type.String({ minLength: 1 }), role: OneOf(PARTICIPANT_ROLES) }, { additionalProperties: false });

export const VendorAnswerBody = Type.Object(
  {
    status: OneOf(VENDOR_STATUSES),
    statement: Type.Optional(Type.String({ maxLength: 10_000 })),
    affectedVersions: Type.Optional(Type.Array(Type.String(), { maxItems: 200 })),
    fixedVersions: Type.Optional(Type.Array(Type.String(), { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export const FileBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 255, description: 'shown to people; never used as a path' }),
    mediaType: Type.String({ minLength: 1, maxLength: 255 }),
    content: Type.String({ contentEncoding: 'base64', description: 'the bytes, base64' }),
  },
  { additionalProperties: false },
);

export const ReferralSchema = Type.Object({
  manifestVersion: Type.Literal(1),
  generatedAt: Type.String(),
  generatedBy: Type.String(),
  case: Type.Object({
    id: Type.String(),
    title: Type.String(),
    state: Type.String(),
    clusterId: Type.String(),
    cveId: NullableString(),
    aiEnabledCrimeReason: NullableString(),
    openedAt: Type.String(),
    vendorNotifiedAt: NullableString(),
    embargoUntil: NullableString(),
    publishedAt: NullableString(),
  }),
  reports: Type.Array(Type.Object({ id: Type.String(), ownerOrgId: Type.String(), submittedAt: Type.String(), source: Type.Unknown(), documentSha256: Type.String() })),
  attachments: Type.Array(
    Type.Object({ name: Type.String(), mediaType: Type.String(), sha256: Type.String(), size: Type.Integer(), reportId: NullableString(), orgId: NullableString() }),
  ),
  history: Type.Array(EventSchema),
  messages: Type.Array(MessageSchema),
});
