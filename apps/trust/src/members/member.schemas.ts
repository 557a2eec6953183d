/** Body of `POST /v1/members`. */
export class CreateMemberBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'name'],
    properties: {
      code: { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,15}$' },
      name: { type: 'string', minLength: 1, maxLength: 256 },
      // QCVN 102: four dot-separated levels, the rightmost a letter group plus two digits
      organId: { type: 'string', pattern: '^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$' },
      // the subsystem that will send and receive its documents (registered afterwards)
      documentsSubsystem: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
    },
  };

  code!: string;
  name!: string;
  organId?: string;
  documentsSubsystem?: string;
}

/** Body of `POST /v1/members/{code}/subsystems`. */
export class CreateSubsystemBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['code'],
    properties: { code: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } },
  };

  code!: string;
}

/** Body of `POST /v1/members/{code}/suspension`. */
export class SuspendMemberBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['reason'],
    properties: {
      reason: {
        description: 'Why the member is suspended; kept in the registry, not published.',
        type: 'string',
        minLength: 1,
        maxLength: 512,
        pattern: '\\S',
      },
      until: {
        description:
          'When the suspension ends by itself (RFC 3339, in the future); omit to suspend until reinstated.',
        type: 'string',
        format: 'date-time',
      },
    },
  };

  reason!: string;
  until?: string;
}

/** A suspension as the API returns it (the one in force, or an entry of the history). */
export interface SuspensionView {
  readonly id: string;
  readonly reason: string;
  readonly since: string;
  readonly until: string | null;
  readonly suspendedBy: string;
  readonly endedAt: string | null;
  readonly endedBy: string | null;
  /** `reinstated` or `expired` once ended, else null. */
  readonly end: string | null;
}

/** A member as the API returns it. */
export interface MemberView {
  readonly code: string;
  readonly name: string;
  readonly organId: string | null;
  /** `suspended` while a suspension is in force, else `active`. */
  readonly status: string;
  readonly subsystems: readonly string[];
  /** The suspension in force, or null. */
  readonly suspension: SuspensionView | null;
}

const NULLABLE_TIME = { type: 'string', format: 'date-time', nullable: true };

/** OpenAPI schema of {@link SuspensionView}. */
export const SUSPENSION_VIEW_SCHEMA = {
  type: 'object',
  required: ['id', 'reason', 'since', 'until', 'suspendedBy', 'endedAt', 'endedBy', 'end'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    reason: { type: 'string' },
    since: { type: 'string', format: 'date-time' },
    until: NULLABLE_TIME,
    suspendedBy: { type: 'string' },
    endedAt: NULLABLE_TIME,
    endedBy: { type: 'string', nullable: true },
    end: { type: 'string', enum: ['reinstated', 'expired', null], nullable: true },
  },
};

/** OpenAPI schema of {@link MemberView}. */
export const MEMBER_VIEW_SCHEMA = {
  type: 'object',
  required: ['code', 'name', 'organId', 'status', 'subsystems', 'suspension'],
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    organId: { type: 'string', nullable: true },
    status: { type: 'string', enum: ['active', 'suspended'] },
    subsystems: { type: 'array', items: { type: 'string' } },
    suspension: { ...SUSPENSION_VIEW_SCHEMA, nullable: true },
  },
};
