import type { DataSubject } from '@lienthong/envelope';
import { SUBJECT_KEYWORD, type SchemaRegistry, type SubjectField } from '@lienthong/schema';
import { AdapterError } from '../core/adapter.errors';

/**
 * The field of a look-up's request schema that names whom the request is about: the property the
 * schema annotates `x-lienthong-subject` (its value is the scheme). Every look-up carries its data
 * subject for the audit trail, so a request schema without the annotation is refused
 * (LOOKUP_SUBJECT_UNDECLARED), for a consumer before anything is sent and for a provider at start.
 */
export function subjectFieldOf(
  schemas: SchemaRegistry,
  requestType: string,
  service: string,
): SubjectField {
  const field = schemas.has(requestType) ? schemas.subjectField(requestType) : undefined;
  if (!field) {
    throw new AdapterError(
      'LOOKUP_SUBJECT_UNDECLARED',
      `the request schema ${requestType} of ${service} names no data subject: annotate its identifying property with "${SUBJECT_KEYWORD}": "<scheme>"`,
      { details: { service, requestType } },
    );
  }
  return field;
}

/** The data subject of a validated query, read from the field its request schema annotates. */
export function dataSubjectOf(
  schemas: SchemaRegistry,
  requestType: string,
  service: string,
  query: unknown,
): DataSubject {
  const { field, scheme } = subjectFieldOf(schemas, requestType, service);
  // the query has passed its schema, which requires the annotated field as a string
  return { scheme, id: (query as Record<string, string>)[field] };
}
