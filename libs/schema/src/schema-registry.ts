import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { join } from 'node:path';
import { SchemaError } from './schema.errors';
import { findRepositoryRoot, readSchemaFiles } from './schema-files';
import { addVietnameseFormats } from './vn-identifiers';

/** Where the registry reads its schemas from. */
export interface SchemaRegistryOptions {
  /** Repository root holding `schemas/`; found by walking up from this file when omitted. */
  readonly rootDir?: string;
}

/** One validation failure, reduced to structure: paths and keyword, never the offending data. */
export interface SchemaViolation {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message: string;
}

/**
 * The ajv options that keep validation pure (style G10, docs/security.md §3): nothing may change the
 * parsed object, or the validated value would differ from the signed bytes. `allErrors` stays off
 * because collecting every error of a hostile payload is a cheap DoS.
 */
function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: false,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    $data: false,
    validateFormats: true,
  });
  addFormats(ajv);
  addVietnameseFormats(ajv);
  // Annotation read only by the type generator (json-schema-to-typescript); strict mode needs it declared.
  ajv.addVocabulary(['tsType']);
  // Annotation naming the data subject of a look-up request (read by subjectField, below).
  ajv.addKeyword({ keyword: SUBJECT_KEYWORD, metaSchema: { enum: [...DATA_SUBJECT_SCHEMES] } });
  return ajv;
}

/**
 * The annotation a look-up request schema puts on the property that identifies whom the request is
 * about, e.g. `"personalId": { "type": "string", "x-lienthong-subject": "personal-id" }`; its value
 * is the data-subject scheme of the envelope.
 */
export const SUBJECT_KEYWORD = 'x-lienthong-subject';

/** Schemes of a data subject (the envelope's `subject.scheme`). */
export const DATA_SUBJECT_SCHEMES = [
  'personal-id',
  'enterprise-code',
  'social-insurance-number',
] as const;

/** The property of a request schema that names the data subject, and the subject's scheme. */
export interface SubjectField {
  readonly field: string;
  readonly scheme: (typeof DATA_SUBJECT_SCHEMES)[number];
}

/**
 * Reads the subject annotation of a schema: only on a required top-level string property, once.
 * Returns undefined for a schema without one; throws a reason for a misplaced one.
 */
function readSubjectField(schema: Readonly<Record<string, unknown>>): SubjectField | undefined {
  const properties = (schema['properties'] ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]) : [];
  const annotated = Object.entries(properties).filter(([, p]) => SUBJECT_KEYWORD in p);
  if (annotated.length > 1) {
    throw new Error(
      `${SUBJECT_KEYWORD} is on ${annotated.map(([f]) => f).join(', ')}; one field names the subject`,
    );
  }
  const [entry] = annotated;
  if (!entry) {
    if (JSON.stringify(schema).includes(`"${SUBJECT_KEYWORD}"`)) {
      throw new Error(`${SUBJECT_KEYWORD} belongs on a top-level property`);
    }
    return undefined;
  }
  const [field, property] = entry;
  if (property['type'] !== 'string' || !required.includes(field)) {
    throw new Error(`${SUBJECT_KEYWORD} is on ${field}, which is not a required string`);
  }
  return { field, scheme: property[SUBJECT_KEYWORD] as SubjectField['scheme'] };
}

function toViolation(error: ErrorObject): SchemaViolation {
  return {
    instancePath: error.instancePath,
    schemaPath: error.schemaPath,
    keyword: error.keyword,
    message: error.message ?? 'is invalid',
  };
}

/**
 * Every JSON Schema of the repository (`schemas/<domain>/<name>/v<N>.schema.json`), compiled once
 * at construction with one shared Ajv 2020-12 instance and looked up by `$id`.
 * A broken schema, or an `$id` that disagrees with its path, fails construction.
 */
export class SchemaRegistry {
  private readonly ajv = createAjv();
  private readonly raw = new Map<string, Readonly<Record<string, unknown>>>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly subjects = new Map<string, SubjectField>();

  constructor(options: SchemaRegistryOptions = {}) {
    const root = options.rootDir ?? findRepositoryRoot();
    const files = readSchemaFiles(join(root, 'schemas'));
    for (const file of files) {
      if (file.schema['$id'] !== file.expectedId) {
        throw new SchemaError(
          'SCHEMA_ID_MISMATCH',
          `${file.relativePath} has $id ${String(file.schema['$id'])}, expected ${file.expectedId}`,
        );
      }
      this.raw.set(file.expectedId, Object.freeze(structuredClone(file.schema)));
    }
    // Add all before compiling any, so that schemas may $ref one another by id.
    for (const [id, schema] of this.raw) {
      this.addSchema(id, schema);
    }
    for (const [id, schema] of this.raw) {
      this.validators.set(id, this.compile(id));
      this.readSubject(id, schema);
    }
  }

  private readSubject(id: string, schema: Readonly<Record<string, unknown>>): void {
    try {
      const subject = readSubjectField(schema);
      if (subject) {
        this.subjects.set(id, subject);
      }
    } catch (error) {
      throw new SchemaError(
        'SCHEMA_DEFINITION_INVALID',
        `schema ${id}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  private addSchema(id: string, schema: Readonly<Record<string, unknown>>): void {
    try {
      this.ajv.addSchema(structuredClone(schema));
    } catch (error) {
      throw new SchemaError('SCHEMA_DEFINITION_INVALID', `schema ${id} cannot be added`, {
        cause: error,
      });
    }
  }

  private compile(id: string): ValidateFunction {
    try {
      const validate = this.ajv.getSchema(id);
      if (!validate) {
        throw new Error('ajv returned no validator');
      }
      return validate;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SchemaError(
        'SCHEMA_DEFINITION_INVALID',
        `schema ${id} does not compile: ${reason}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Whether a schema with this id is registered. */
  has(id: string): boolean {
    return this.validators.has(id);
  }

  /** Every registered id, sorted. */
  ids(): string[] {
    return [...this.validators.keys()].sort();
  }

  /** The raw (frozen) schema, for OpenAPI documents and field lists. Throws SCHEMA_UNKNOWN. */
  get(id: string): Readonly<Record<string, unknown>> {
    const schema = this.raw.get(id);
    if (!schema) {
      throw new SchemaError('SCHEMA_UNKNOWN', `no schema ${id}`, { details: { schemaId: id } });
    }
    return schema;
  }

  /**
   * The field of a request schema annotated `x-lienthong-subject` and the data-subject scheme it
   * names, or undefined when the schema names none. Throws SCHEMA_UNKNOWN for an unknown id.
   */
  subjectField(id: string): SubjectField | undefined {
    if (!this.validators.has(id)) {
      throw new SchemaError('SCHEMA_UNKNOWN', `no schema ${id}`, { details: { schemaId: id } });
    }
    return this.subjects.get(id);
  }

  /**
   * Validates without changing `data` and returns it typed. Throws SCHEMA_UNKNOWN for an unknown
   * id and PAYLOAD_SCHEMA_INVALID with `details.errors` (paths and keywords only) otherwise.
   */
  validate<T>(id: string, data: unknown): T {
    const validate = this.validators.get(id);
    if (!validate) {
      throw new SchemaError('SCHEMA_UNKNOWN', `no schema ${id}`, { details: { schemaId: id } });
    }
    if (!validate(data)) {
      const errors = (validate.errors ?? []).map(toViolation);
      const first = errors[0];
      const where = first ? ` at '${first.instancePath}' (${first.keyword})` : '';
      throw new SchemaError('PAYLOAD_SCHEMA_INVALID', `payload does not match ${id}${where}`, {
        details: { schemaId: id, errors },
      });
    }
    return data as T;
  }
}
