/** Body of `POST /v1/event-rights`. */
export class CreateEventRightBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['subscriber', 'publisher', 'eventType'],
    properties: {
      subscriber: {
        type: 'object',
        additionalProperties: false,
        required: ['member', 'subsystem'],
        properties: {
          member: { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,15}$' },
          subsystem: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
        },
      },
      publisher: { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,15}$' },
      eventType: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,63}$' },
    },
  };

  subscriber!: { member: string; subsystem: string };
  publisher!: string;
  eventType!: string;
}

/** An event right as the API returns it. */
export interface EventRightView {
  readonly id: string;
  readonly subscriber: { readonly member: string; readonly subsystem: string };
  readonly publisher: string;
  readonly eventType: string;
}

/** OpenAPI schema of {@link EventRightView}. */
export const EVENT_RIGHT_VIEW_SCHEMA = {
  type: 'object',
  required: ['id', 'subscriber', 'publisher', 'eventType'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    subscriber: {
      type: 'object',
      required: ['member', 'subsystem'],
      properties: { member: { type: 'string' }, subsystem: { type: 'string' } },
    },
    publisher: { type: 'string' },
    eventType: { type: 'string' },
  },
};
