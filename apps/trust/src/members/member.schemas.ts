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
    },
  };

  code!: string;
  name!: string;
  organId?: string;
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

/** A member as the API returns it. */
export interface MemberView {
  readonly code: string;
  readonly name: string;
  readonly organId: string | null;
  readonly status: string;
  readonly subsystems: readonly string[];
}
