import jsonata from 'jsonata';

/**
 * Guardrails of every evaluation (jsonata's own): an expression is written by the agency's
 * operator, but its input is the back end's answer, which the bus never trusts. A loop over a
 * crafted answer stops at the time limit, a deep recursion at the stack limit, a huge sequence at
 * the sequence limit — each is an evaluation error, never a hang. The time limit is a safety net
 * (1 s, generous for a loaded machine): the work of a mapping is bounded by the answer size limit.
 */
const GUARDRAILS = { timeout: 1000, stack: 200, sequence: 10_000 } as const;

/** A compiled JSONata expression of the agency configuration, named for error messages. */
export interface Mapping {
  /** Where the expression is in the configuration, e.g. `services[0].record`. */
  readonly where: string;
  /** Evaluates on `input` with `$name` bindings; the result is plain JSON (or undefined). */
  evaluate(input: unknown, bindings?: Readonly<Record<string, unknown>>): Promise<unknown>;
}

/** A problem of a mapping: syntax when compiled, or what went wrong when evaluated. */
export class MappingError extends Error {
  /** JSONata's error code (e.g. `D3110`), when it gave one. */
  readonly code?: string;

  constructor(
    readonly where: string,
    message: string,
    options?: ErrorOptions & { code?: string },
  ) {
    super(`${where}: ${message}`, options);
    this.name = 'MappingError';
    if (options?.code) {
      this.code = options.code;
    }
  }
}

/** Compiles a JSONata expression once (at boot); a syntax error names its place and position. */
export function compileMapping(where: string, source: string): Mapping {
  let expression: jsonata.Expression;
  try {
    expression = jsonata(source, GUARDRAILS);
  } catch (error) {
    throw new MappingError(where, describe(error), { cause: error });
  }
  return {
    where,
    async evaluate(input, bindings) {
      let result: unknown;
      try {
        result = (await expression.evaluate(input, bindings)) as unknown;
      } catch (error) {
        throw new MappingError(where, describe(error), { cause: error, ...codeOf(error) });
      }
      return toPlainJson(where, result, 0);
    },
  };
}

const MAX_DEPTH = 64;

/**
 * JSONata answers with its own objects (null prototypes, sequences flagged on arrays) and may
 * produce functions or non-finite numbers: copy the result into plain JSON and refuse anything
 * JSON cannot say, so that what is validated and signed is exactly what JSON carries.
 */
export function toPlainJson(where: string, value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) {
    throw new MappingError(where, `the result is nested deeper than ${MAX_DEPTH} levels`);
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (value === undefined) {
    return undefined;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new MappingError(where, 'the result holds a number JSON cannot carry');
    }
    return value;
  }
  if (Array.isArray(value)) {
    return value
      .map((item) => toPlainJson(where, item, depth + 1))
      .filter((item) => item !== undefined);
  }
  if (typeof value === 'object') {
    const plain: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const converted = toPlainJson(where, item, depth + 1);
      if (converted !== undefined) {
        plain[key] = converted;
      }
    }
    return plain;
  }
  throw new MappingError(where, `the result holds a ${typeof value}, which JSON cannot carry`);
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const { code, message, position } = error as {
      code?: unknown;
      message?: unknown;
      position?: unknown;
    };
    const text = typeof message === 'string' ? message : 'failed';
    const at = typeof position === 'number' ? ` at position ${position}` : '';
    return typeof code === 'string' ? `${code} ${text}${at}` : `${text}${at}`;
  }
  return String(error);
}

function codeOf(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? { code } : {};
}
