/**
 * Field-level minimisation (data protection: purpose limitation). A provider returns only the
 * top-level record fields the access right allows for this consumer and purpose; the identifier
 * field is always kept so the consumer knows whose record it is.
 */
export function minimiseRecord(
  record: Readonly<Record<string, unknown>>,
  allowedFields: readonly string[],
  identifierField: string,
): { record: Record<string, unknown>; fields: string[] } {
  const allowed = new Set(allowedFields);
  allowed.add(identifierField);
  const minimised: Record<string, unknown> = {};
  const fields: string[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (allowed.has(field) && value !== undefined) {
      minimised[field] = value;
      fields.push(field);
    }
  }
  return { record: minimised, fields: fields.sort() };
}
