const FIELD_NAME = '^[a-z][A-Za-z0-9]{0,63}(\\.[a-z][A-Za-z0-9]{0,63}){0,3}$';
const SCHEMA_ID = '^urn:lienthong:[a-z][a-z0-9-]{0,63}:[a-z][a-z0-9-]{0,63}:[1-9][0-9]{0,3}$';

/** Body of `POST /v1/services`: registers one version of a service. */
export class CreateServiceBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'version', 'provider', 'requestType', 'responseType', 'title', 'fields'],
    properties: {
      code: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,63}$' },
      version: { type: 'integer', minimum: 1, maximum: 9999 },
      provider: {
        type: 'object',
        additionalProperties: false,
        required: ['member', 'subsystem'],
        properties: {
          member: { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,15}$' },
          subsystem: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
        },
      },
      requestType: { type: 'string', maxLength: 160, pattern: SCHEMA_ID },
      responseType: { type: 'string', maxLength: 160, pattern: SCHEMA_ID },
      title: { type: 'string', minLength: 1, maxLength: 256 },
      fields: {
        type: 'array',
        maxItems: 256,
        uniqueItems: true,
        items: { type: 'string', pattern: FIELD_NAME },
      },
      enabled: { type: 'boolean' },
    },
  };

  code!: string;
  version!: number;
  provider!: { member: string; subsystem: string };
  requestType!: string;
  responseType!: string;
  title!: string;
  fields!: string[];
  enabled?: boolean;
}

/** A service version as the API returns it. */
export interface ServiceView {
  readonly code: string;
  readonly version: number;
  readonly provider: { readonly member: string; readonly subsystem: string };
  readonly requestType: string;
  readonly responseType: string;
  readonly title: string;
  readonly fields: readonly string[];
  readonly enabled: boolean;
}

/** OpenAPI schema of {@link ServiceView}. */
export const SERVICE_VIEW_SCHEMA = {
  type: 'object',
  required: [
    'code',
    'version',
    'provider',
    'requestType',
    'responseType',
    'title',
    'fields',
    'enabled',
  ],
  properties: {
    code: { type: 'string' },
    version: { type: 'integer' },
    provider: {
      type: 'object',
      required: ['member', 'subsystem'],
      properties: { member: { type: 'string' }, subsystem: { type: 'string' } },
    },
    requestType: { type: 'string' },
    responseType: { type: 'string' },
    title: { type: 'string' },
    fields: { type: 'array', items: { type: 'string' } },
    enabled: { type: 'boolean' },
  },
};
