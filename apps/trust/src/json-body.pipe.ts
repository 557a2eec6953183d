import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { CommonError } from '@lienthong/errors';

/** A request body class that carries its own JSON Schema (`static schema`). */
interface SchemaCarrier {
  readonly schema: object;
}

function carriesSchema(value: unknown): value is SchemaCarrier {
  return typeof value === 'function' && typeof (value as { schema?: unknown }).schema === 'object';
}

function describe(error: ErrorObject): string {
  const at = error.instancePath === '' ? 'body' : `body${error.instancePath}`;
  if (error.keyword === 'additionalProperties') {
    return `${at} has unknown field ${String(error.params['additionalProperty'])}`;
  }
  return `${at} ${error.message ?? 'is invalid'}`;
}

/**
 * Validates every `@Body()` whose declared class has a static JSON Schema. ajv never coerces,
 * fills defaults or strips fields (the caller's body is taken as sent), and unknown fields are
 * rejected by the schemas' `additionalProperties: false`. Reports the first problem only:
 * collecting all errors is a denial-of-service lever on hostile input.
 */
@Injectable()
export class JsonBodyPipe implements PipeTransform {
  private readonly ajv = addFormats(new Ajv({ strict: true, allErrors: false }));
  private readonly compiled = new Map<object, ValidateFunction>();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || !carriesSchema(metadata.metatype)) {
      return value;
    }
    const validate = this.validatorFor(metadata.metatype.schema);
    if (!validate(value)) {
      const problems = (validate.errors ?? []).map(describe);
      throw new CommonError('REQUEST_INVALID', problems.join('; '), { details: { problems } });
    }
    return value;
  }

  private validatorFor(schema: object): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (validate === undefined) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}
