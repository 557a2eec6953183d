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
