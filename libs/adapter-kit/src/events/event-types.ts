import { TOKEN_PATTERNS } from '@lienthong/messaging';
import { EventError } from './events.errors';

/** Schema domain of every life event: `schemas/events/<event-type>/v<major>.schema.json`. */
export const EVENT_SCHEMA_DOMAIN = 'events';

/** Major version of the event schemas this kit publishes and accepts. */
export const EVENT_SCHEMA_MAJOR = 1;

/** `urn:lienthong:events:<event-type>:1`: the message type (payload schema id) of an event type. */
export function eventMessageType(eventType: string, major: number = EVENT_SCHEMA_MAJOR): string {
  if (!TOKEN_PATTERNS.eventType.test(eventType)) {
    throw new EventError('EVENT_TYPE_UNKNOWN', `${JSON.stringify(eventType)} is not an event type`);
  }
  return `urn:lienthong:${EVENT_SCHEMA_DOMAIN}:${eventType}:${major}`;
}

const EVENT_MESSAGE_TYPE = new RegExp(
  `^urn:lienthong:${EVENT_SCHEMA_DOMAIN}:([a-z][a-z0-9-]{1,63}):[1-9][0-9]{0,3}$`,
);

/** The event type of an event's message type (`birth-registered`), or undefined for any other. */
export function eventTypeOf(messageType: string): string | undefined {
  return EVENT_MESSAGE_TYPE.exec(messageType)?.[1];
}
