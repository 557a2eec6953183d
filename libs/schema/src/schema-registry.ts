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
  return ajv;
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
    for (const id of this.raw.keys()) {
      this.validators.set(id, this.compile(id));
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
