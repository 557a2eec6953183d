import {
  DEFAULT_NAMESPACE as ns,
  MessagingError,
  agencyPermissions,
  dlqSubject,
  eventSubject,
  inboxPrefix,
  lookupQueueGroup,
  lookupSubject,
  renderNatsServerConfig,
  streamName,
} from '@lienthong/messaging';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as MessagingError).code;
  }
  return undefined;
}

describe('subjects', () => {
  it('builds the subjects and names of docs/architecture.md', () => {
    expect(lookupSubject(ns, 'POP', 'registry', 'citizen-by-id')).toBe(
      'lt.req.POP.registry.citizen-by-id',
    );
    expect(lookupQueueGroup('POP', 'registry')).toBe('POP.registry');
    expect(eventSubject(ns, 'CIV', 'birth-registered')).toBe('lt.evt.CIV.birth-registered');
    expect(dlqSubject(ns, 'CIV', 'REQUEST_INVALID')).toBe('lt.dlq.CIV.REQUEST_INVALID');
    expect(streamName(ns, 'AUDIT')).toBe('LT_AUDIT');
    expect(inboxPrefix(ns, 'POP', 'registry')).toBe('_INBOX.lt.POP.registry');
  });

  it.each([
    ['a wildcard member', () => eventSubject(ns, '*', 'birth-registered')],
    ['a dotted service', () => lookupSubject(ns, 'POP', 'registry', 'a.b')],
    ['a lower-case member', () => lookupQueueGroup('pop', 'registry')],
    ['a namespace with >', () => streamName({ subjectRoot: 'lt', streamPrefix: 'LT>' }, 'DLQ')],
  ])('refuses %s with BUS_SUBJECT_INVALID', (_name, build) => {
    expect(build).toThrow(MessagingError);
    expect(codeOf(build)).toBe('BUS_SUBJECT_INVALID');
  });
});

describe('server config', () => {
  it('grants an agency its own subjects only and never a bus-wide inbox subscription', () => {
    const permissions = agencyPermissions(ns, {
      member: 'POP',
      subsystem: 'registry',
      provides: ['citizen-by-id'],
      consumes: [{ member: 'CIV', subsystem: 'registry', service: 'birth-by-id' }],
      publishesEvents: true,
      subscribesEvents: [{ publisher: 'CIV', eventType: 'birth-registered' }],
      consumerNames: [],
    });
    expect(permissions.subscribe.allow).toEqual([
      'lt.req.POP.registry.citizen-by-id',
      '_INBOX.lt.POP.registry.>',
    ]);
    expect(permissions.publish.allow).toEqual(
      expect.arrayContaining([
        'lt.evt.POP.*',
        'lt.req.CIV.registry.birth-by-id',
        '$JS.API.CONSUMER.MSG.NEXT.LT_EVENTS.POP_registry_CIV_birth-registered',
      ]),
    );
    expect(permissions.publish.allow.some((s) => s.includes('PURGE') || s === '>')).toBe(false);
  });

  it('refuses values that would break out of the config file', () => {
    expect(
      codeOf(() =>
        renderNatsServerConfig({
          host: '127.0.0.1',
          port: 4222,
          users: [
            {
              user: 'x',
              password: 'a\nno_auth_user: x',
              permissions: { publish: { allow: [] }, subscribe: { allow: [] } },
            },
          ],
        }),
      ),
    ).toBe('BUS_SERVER_CONFIG_INVALID');
  });
});
