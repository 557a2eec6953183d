/** Body of `POST /v1/access-rights`. */
export class CreateAccessRightBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['consumer', 'service', 'purposes', 'fields'],
    properties: {
      consumer: {
        type: 'object',
        additionalProperties: false,
        required: ['member', 'subsystem'],
        properties: {
          member: { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,15}$' },
          subsystem: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
        },
      },
      service: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,63}$' },
      purposes: {
        type: 'array',
        minItems: 1,
        maxItems: 256,
        uniqueItems: true,
        items: { type: 'string', pattern: '^[0-9A-Za-z][0-9A-Za-z.-]{0,63}$' },
      },
      fields: {
        type: 'array',
        maxItems: 256,
        uniqueItems: true,
        items: { type: 'string', maxLength: 260 },
      },
    },
  };

  consumer!: { member: string; subsystem: string };
  service!: string;
  purposes!: string[];
  fields!: string[];
}

/** An access right as the API returns it. */
export interface AccessRightView {
  readonly id: string;
  readonly consumer: { readonly member: string; readonly subsystem: string };
  readonly service: string;
  readonly purposes: readonly string[];
  readonly fields: readonly string[];
}

/** OpenAPI schema of {@link AccessRightView}. */
export const ACCESS_RIGHT_VIEW_SCHEMA = {
  type: 'object',
  required: ['id', 'consumer', 'service', 'purposes', 'fields'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    consumer: {
      type: 'object',
      required: ['member', 'subsystem'],
      properties: { member: { type: 'string' }, subsystem: { type: 'string' } },
    },
    service: { type: 'string' },
    purposes: { type: 'array', items: { type: 'string' } },
    fields: { type: 'array', items: { type: 'string' } },
  },
};
