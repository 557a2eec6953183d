import {
  DEFAULT_NAMESPACE as ns,
  MessagingError,
  agencyPermissions,
  attachmentPairs,
  attachmentPermissions,
  attachmentStore,
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
    [
      'an attachment store of a wildcard',
      () => attachmentStore(ns, { sender: '*', recipient: 'POP' }),
    ],
    [
      'an attachment store of one member',
      () => attachmentStore(ns, { sender: 'POP', recipient: 'POP' }),
    ],
  ])('refuses %s with BUS_SUBJECT_INVALID', (_name, build) => {
    expect(build).toThrow(MessagingError);
    expect(codeOf(build)).toBe('BUS_SUBJECT_INVALID');
  });
});

describe('attachment stores', () => {
  it('names one store per ordered pair of members', () => {
    expect(attachmentStore(ns, { sender: 'CIV', recipient: 'POP' })).toBe('LT_ATTACHMENTS_CIV_POP');
    expect(attachmentPairs(['POP', 'CIV', 'INS'])).toEqual([
      { sender: 'POP', recipient: 'CIV' },
      { sender: 'POP', recipient: 'INS' },
      { sender: 'CIV', recipient: 'POP' },
      { sender: 'CIV', recipient: 'INS' },
      { sender: 'INS', recipient: 'POP' },
      { sender: 'INS', recipient: 'CIV' },
    ]);
  });

  it('lets the sender publish and read its pair store, the recipient only read, nobody purge', () => {
    const civ = attachmentPermissions(ns, { member: 'CIV', sendsTo: ['POP'], receivesFrom: [] });
    const pop = attachmentPermissions(ns, { member: 'POP', sendsTo: [], receivesFrom: ['CIV'] });
    const reads = [
      '$JS.API.STREAM.INFO.OBJ_LT_ATTACHMENTS_CIV_POP',
      '$JS.API.STREAM.MSG.GET.OBJ_LT_ATTACHMENTS_CIV_POP',
      '$JS.API.DIRECT.GET.OBJ_LT_ATTACHMENTS_CIV_POP.>',
      '$JS.API.CONSUMER.CREATE.OBJ_LT_ATTACHMENTS_CIV_POP',
      '$JS.API.CONSUMER.CREATE.OBJ_LT_ATTACHMENTS_CIV_POP.>',
      '$JS.API.CONSUMER.INFO.OBJ_LT_ATTACHMENTS_CIV_POP.>',
      '$JS.API.CONSUMER.DELETE.OBJ_LT_ATTACHMENTS_CIV_POP.>',
      '$JS.FC.OBJ_LT_ATTACHMENTS_CIV_POP.>',
    ];
    expect(civ).toEqual(['$O.LT_ATTACHMENTS_CIV_POP.>', ...reads]);
    expect(pop).toEqual(reads);
    // agencyPermissions carries the same grants from the document partners
    const granted = agencyPermissions(ns, {
      member: 'POP',
      subsystem: 'registry',
      provides: [],
      consumes: [],
      publishesEvents: false,
      subscribesEvents: [],
      consumerNames: [],
      receivesDocumentsFrom: ['CIV'],
    });
    expect(granted.publish.allow).toEqual(expect.arrayContaining(reads));
    expect(granted.publish.allow.filter((s) => s.startsWith('$O.'))).toEqual([]);
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
