import { SchemaRegistry } from '@lienthong/schema';
import {
  PROBLEM_SCHEMA_ID,
  addProblemResponses,
  addSchemaComponents,
  openApiRef,
  openApiSchemaName,
  type OpenApiDocument,
} from './openapi';

const registry = new SchemaRegistry();

function document(): OpenApiDocument {
  return {
    openapi: '3.0.0',
    paths: {
      '/v1/lookups/{service}': {
        post: {
          requestBody: {
            content: {
              'application/json': { schema: openApiRef('urn:lienthong:lookups:lookup-request:1') },
            },
          },
          responses: { '200': { description: 'the answer' } },
        },
        parameters: [],
      },
    },
  };
}

describe('addSchemaComponents', () => {
  it('names a component like the generated type of its schema', () => {
    expect(openApiSchemaName('urn:lienthong:civil-status:birth-request:1')).toBe('BirthRequestV1');
  });

  it('adds the schemas the routes refer to and those they refer to, with component pointers', () => {
    const sut = document();
    addSchemaComponents(sut, registry);
    const schemas = sut.components?.schemas ?? {};
    expect(sut.openapi).toBe('3.1.0');
    expect(Object.keys(schemas).sort()).toEqual(['LookupRequestV1', 'PurposeV1']);
    const request = schemas['LookupRequestV1'] as Record<string, unknown>;
    expect(request['$id']).toBeUndefined();
    expect(request['$schema']).toBeUndefined();
    expect((request['properties'] as Record<string, unknown>)['purpose']).toEqual({
      $ref: '#/components/schemas/PurposeV1',
    });
  });

  it('points a schema’s own #/$defs references into its component', () => {
    const sut = document();
    addSchemaComponents(sut, registry, ['urn:lienthong:bus:envelope:1']);
    const text = JSON.stringify(sut.components?.schemas?.['EnvelopeV1']);
    expect(text).toContain('"#/components/schemas/EnvelopeV1/$defs/party"');
    expect(text).not.toContain('"#/$defs/');
  });
});

describe('addProblemResponses', () => {
  it('declares problem+json as the default answer of every operation, and only of operations', () => {
    const sut = document();
    addProblemResponses(sut, registry);
    const item = (sut.paths as Record<string, Record<string, unknown>>)['/v1/lookups/{service}'];
    const responses = (item['post'] as { responses: Record<string, unknown> }).responses;
    expect(Object.keys(responses).sort()).toEqual(['200', 'default']);
    expect(responses['default']).toMatchObject({
      content: { 'application/problem+json': { schema: openApiRef(PROBLEM_SCHEMA_ID) } },
    });
    expect(item['parameters']).toEqual([]);
    expect(sut.components?.schemas?.['ProblemV1']).toMatchObject({ required: expect.any(Array) });
  });
});
