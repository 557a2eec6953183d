import { type AppError, isAppError } from '@lienthong/errors';
import type { SchemaRegistry, SchemaViolation } from '@lienthong/schema';

/**
 * Checks an HTTP request body against its JSON Schema of `schemas/` — the registry the bus
 * validates payloads with — and returns it typed. A body that does not fit is refused with the
 * route's own documented error (`refuse`), carrying the schema violations as `details.errors`.
 */
export function validateRequestBody<T>(
  schemas: SchemaRegistry,
  schemaId: string,
  body: unknown,
  refuse: (violations: readonly SchemaViolation[], cause: AppError) => AppError,
): T {
  try {
    return schemas.validate<T>(schemaId, body ?? {});
  } catch (error) {
    if (isAppError(error) && error.code === 'PAYLOAD_SCHEMA_INVALID') {
      throw refuse((error.details?.['errors'] ?? []) as SchemaViolation[], error);
    }
    throw error;
  }
}
