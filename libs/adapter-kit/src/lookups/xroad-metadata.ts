import type { GlobalConfiguration, ServiceDef } from '@lienthong/trust';
import { XROAD_MEMBER_CLASS, XROAD_PROTOCOL_VERSION } from './xroad-protocol';

/**
 * The answers of X-Road's metaservices (PR-META §2 listClients, PR-MREST §4 listMethods and
 * allowedMethods, §5 getOpenAPI), computed from the signed global configuration: every adapter
 * holds the whole catalog, so the client's adapter answers what the provider's would.
 */

interface Party {
  readonly member: string;
  readonly subsystem: string;
}

/** listClients (JSON form of PR-META Annex B): every member and every subsystem. */
export function listClients(config: GlobalConfiguration): {
  member: Record<string, unknown>[];
} {
  const member: Record<string, unknown>[] = [];
  for (const m of config.members) {
    const id = {
      member_class: XROAD_MEMBER_CLASS,
      member_code: m.code,
      xroad_instance: config.instance,
    };
    member.push({ id: { ...id, object_type: 'MEMBER' }, name: m.name });
    for (const s of m.subsystems) {
      member.push({
        id: { ...id, subsystem_code: s.code, object_type: 'SUBSYSTEM' },
        name: m.name,
        subsystem_name: s.code,
      });
    }
  }
  return { member };
}

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** listClients in its XML form (PR-META Annex A `clientList`), for a caller that does not ask for JSON. */
export function listClientsXml(config: GlobalConfiguration): string {
  const entries = listClients(config).member.map((entry) => {
    const id = entry['id'] as Record<string, string>;
    const subsystem = id['subsystem_code'];
    return [
      '<ns2:member>',
      `<ns2:id ns1:objectType="${id['object_type']}">`,
      `<ns1:xRoadInstance>${xml(config.instance)}</ns1:xRoadInstance>`,
      `<ns1:memberClass>${XROAD_MEMBER_CLASS}</ns1:memberClass>`,
      `<ns1:memberCode>${xml(id['member_code'])}</ns1:memberCode>`,
      subsystem ? `<ns1:subsystemCode>${xml(subsystem)}</ns1:subsystemCode>` : '',
      '</ns2:id>',
      `<ns2:name>${xml(entry['name'] as string)}</ns2:name>`,
      subsystem ? `<ns2:subsystemName>${xml(subsystem)}</ns2:subsystemName>` : '',
      '</ns2:member>',
    ].join('');
  });
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<ns2:clientList xmlns:ns1="http://x-road.eu/xsd/identifiers" xmlns:ns2="http://x-road.eu/xsd/xroad.xsd">' +
    entries.join('') +
    '</ns2:clientList>'
  );
}

/** The one endpoint of a look-up service: a POST of its request to the service id itself. */
const ENDPOINTS = [{ method: 'POST', path: '/' }];

function serviceEntry(config: GlobalConfiguration, service: ServiceDef) {
  return {
    member_class: XROAD_MEMBER_CLASS,
    member_code: service.provider.member,
    object_type: 'SERVICE',
    service_code: service.code,
    service_type: 'OPENAPI',
    subsystem_code: service.provider.subsystem,
    xroad_instance: config.instance,
    endpoint_list: ENDPOINTS,
  };
}

/**
 * listMethods / allowedMethods (PR-MREST §4, the shape of Annex B.1): the provider's services, or
 * only those `client` holds an access right for. Metaservices themselves are never listed.
 */
export function listMethods(
  config: GlobalConfiguration,
  provider: Party,
  client?: Party,
): { service: ReturnType<typeof serviceEntry>[] } {
  const services = config.services.filter(
    (s) =>
      s.provider.member === provider.member &&
      s.provider.subsystem === provider.subsystem &&
      (!client ||
        config.accessRights.some(
          (r) =>
            r.service === s.code &&
            r.consumer.member === client.member &&
            r.consumer.subsystem === client.subsystem,
        )),
  );
  return { service: services.map((s) => serviceEntry(config, s)) };
}

/** A JSON Schema of the catalog, embedded as an OpenAPI 3.1 schema object (it keeps its `$id`). */
type SchemaLookup = (id: string) => Readonly<Record<string, unknown>>;

/**
 * getOpenAPI (PR-MREST §5): an OpenAPI 3.1 description of one look-up service as this edge offers
 * it — the path, the headers a call needs, the request and response schemas from the catalog (JSON
 * Schema 2020-12 is OpenAPI 3.1's dialect, so they are embedded as they are) and X-Road's error body.
 */
export function serviceOpenApi(
  config: GlobalConfiguration,
  service: ServiceDef,
  schema: SchemaLookup,
): Record<string, unknown> {
  const path = `/${XROAD_PROTOCOL_VERSION}/${config.instance}/${XROAD_MEMBER_CLASS}/${service.provider.member}/${service.provider.subsystem}/${service.code}`;
  const header = (name: string, description: string, required = true) => ({
    name,
    in: 'header',
    required,
    description,
    schema: { type: 'string' },
  });
  const xroadError = {
    description: 'X-Road error (PR-REST §4.6); the X-Road-Error header names its type',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/XRoadError' } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: service.title,
      version: String(service.version),
      description: `Lienthong look-up ${service.code} of ${service.provider.member}/${service.provider.subsystem}, through the X-Road REST edge of any adapter.`,
    },
    paths: {
      [path]: {
        post: {
          operationId: service.code,
          summary: service.title,
          parameters: [
            header(
              'X-Road-Client',
              'INSTANCE/GOV/MEMBER/SUBSYSTEM of the calling system; must match its credential',
            ),
            header('X-Road-UserId', 'the acting official (percent-encoded UTF-8)'),
            header('X-Road-Issue', 'the case or dossier id (percent-encoded UTF-8)'),
            header('X-Lienthong-Procedure', 'the procedure (TTHC) code the access right names'),
            header('X-Lienthong-Legal-Basis', 'the legal basis (percent-encoded UTF-8)'),
            header('X-Road-Id', 'a message id of the caller, echoed back', false),
          ],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schema(service.requestType) } },
          },
          responses: {
            '200': {
              description:
                'The answer (FOUND minimised to the access right, or NOT_FOUND) with the evidence of the provider’s signed response',
              headers: Object.fromEntries(
                [
                  'X-Road-Id',
                  'X-Road-Request-Id',
                  'X-Road-Request-Hash',
                  'X-Road-Client',
                  'X-Road-Service',
                ].map((name) => [name, { schema: { type: 'string' } }]),
              ),
              content: {
                'application/json': {
                  schema: {
                    allOf: [
                      schema(service.responseType),
                      {
                        type: 'object',
                        required: ['evidence'],
                        properties: { evidence: { $ref: '#/components/schemas/Evidence' } },
                      },
                    ],
                  },
                },
              },
            },
            '400': xroadError,
            '500': xroadError,
          },
        },
      },
    },
    components: {
      schemas: {
        XRoadError: {
          type: 'object',
          required: ['type', 'message', 'detail'],
          properties: {
            type: { type: 'string' },
            message: { type: 'string' },
            detail: { type: 'string' },
            code: { type: 'string', description: 'Lienthong error code (docs/errors.md)' },
          },
        },
        Evidence: {
          type: 'object',
          description:
            'The provider’s signed response bytes, its detached JWS and certificate chain (docs/protocol.md §12)',
        },
      },
    },
  };
}
