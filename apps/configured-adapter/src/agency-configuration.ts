import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, readEnv } from '@lienthong/config';
import { isAppError } from '@lienthong/errors';
import type { SchemaRegistry } from '@lienthong/schema';
import type { AgencyConfigurationV1 } from '@lienthong/schema';
import {
  HttpBackendService,
  SqlBackendService,
  type BackendService,
  type OutcomeRule,
} from './backend-service';
import { HttpBackend, type HttpBackendOptions } from './http-backend';
import { compileMapping, MappingError, type Mapping } from './mapping';
import { templateFields } from './request-template';
import { SqlBackend } from './sql-backend';

/** Schema id of the agency configuration file (schemas/gateway/agency-configuration). */
export const AGENCY_CONFIGURATION_TYPE = 'urn:lienthong:gateway:agency-configuration:1';

/** A service of the configuration, ready to answer. */
export interface ConfiguredService {
  readonly code: string;
  /** Schema id of the request (the catalog's); the kit reads the data subject from its annotation. */
  readonly requestType: string;
  readonly identifierField: string;
  /** The request fields the back end needs (each must exist in the service's request schema). */
  readonly requestFields: readonly string[];
  readonly backend: BackendService;
}

/** The agency configuration, validated, with its back ends opened and its mappings compiled. */
export interface ConfiguredAgency {
  readonly member: string;
  readonly subsystem: string;
  readonly title: string;
  readonly databaseSchema: string;
  readonly services: readonly ConfiguredService[];
  /** Closes the back-end connections. */
  close(): Promise<void>;
}

/** Where the configuration's file references and secrets are read from. */
export interface AgencyFiles {
  /** Folder that relative paths of the file are resolved against (default: the file's folder). */
  readonly filesDir?: string;
  /** Reads an environment variable (for `urlEnv` of SQL back ends); the process's by default. */
  readonly readEnv?: (name: string) => string | undefined;
}

type BackendConfig = NonNullable<AgencyConfigurationV1['backends'][string]>;
type HttpBackendConfig = Extract<BackendConfig, { kind: 'http' }>;
type SqlBackendConfig = Extract<BackendConfig, { kind: 'postgres' }>;

const READ_ONLY_QUERY = /^\s*(select|with)\b/i;
const FORBIDDEN_HEADERS = new Set([
  'authorization',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'cookie',
]);

/**
 * Reads, validates and opens an agency configuration file. Every problem is collected and reported
 * at once (ConfigError, exit 78): an unknown back end, a service of the wrong kind, a JSONata
 * syntax error with its position, a missing secret file, a query that is not a SELECT.
 */
export function loadAgencyConfiguration(
  file: string,
  schemas: SchemaRegistry,
  options: AgencyFiles = {},
): ConfiguredAgency {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${file}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  try {
    schemas.validate(AGENCY_CONFIGURATION_TYPE, parsed);
  } catch (error) {
    const violations = (isAppError(error) ? error.details?.['errors'] : undefined) as
      { instancePath?: string; message?: string }[] | undefined;
    throw new ConfigError(
      (violations ?? [{ message: String(error) }]).map(
        (v) =>
          `${file}${v.instancePath ? ` at ${v.instancePath}` : ''}: ${v.message ?? 'is invalid'}`,
      ),
    );
  }
  const config = parsed as AgencyConfigurationV1;
  const baseDir = options.filesDir ?? dirname(resolve(file));
  const env = options.readEnv ?? readEnv;
  const problems: string[] = [];
  const readSecret = (where: string, path: string): string => {
    try {
      return readFileSync(isAbsolute(path) ? path : resolve(baseDir, path), 'utf8').trim();
    } catch {
      problems.push(`${where}: cannot read ${path}`);
      return '';
    }
  };
  const compile = (where: string, source: string): Mapping | undefined => {
    try {
      return compileMapping(where, source);
    } catch (error) {
      problems.push(error instanceof MappingError ? error.message : `${where}: ${String(error)}`);
      return undefined;
    }
  };

  const http = new Map<string, HttpBackendOptions>();
  const sql = new Map<
    string,
    { name: string; url: string; timeoutMs: number; maxConnections: number }
  >();
  for (const [name, backend] of Object.entries(config.backends)) {
    if (!backend) {
      continue;
    }
    if (backend.kind === 'http') {
      http.set(name, httpOptions(name, backend, readSecret));
    } else {
      const url = env(backend.urlEnv);
      if (!url) {
        problems.push(`backends.${name}: environment variable ${backend.urlEnv} is not set`);
      }
      sql.set(name, sqlOptions(name, backend, url ?? ''));
    }
  }

  const plans = config.services.map((service, index) => {
    const where = `services[${index}] (${service.code})`;
    const record = compile(`${where}.record`, service.record);
    if (!http.has(service.backend) && !sql.has(service.backend)) {
      problems.push(`${where}: no back end named ${service.backend}`);
    }
    if (http.has(service.backend)) {
      if (!service.request) {
        problems.push(`${where}: an http back end needs "request"`);
      }
      if (!service.outcomes?.length) {
        problems.push(`${where}: an http back end needs "outcomes"`);
      }
      if (service.sql !== undefined) {
        problems.push(`${where}: "sql" is for postgres back ends`);
      }
      for (const name of Object.keys(service.request?.headers ?? {})) {
        if (FORBIDDEN_HEADERS.has(name.toLowerCase())) {
          problems.push(
            `${where}.request.headers: ${name} is set by the adapter, never by configuration`,
          );
        }
      }
      if (service.request?.method === 'GET' && service.request.body) {
        problems.push(`${where}.request: a GET has no body`);
      }
    }
    if (!schemas.has(service.requestType)) {
      problems.push(`${where}.requestType: no schema ${service.requestType}`);
    } else if (!schemas.subjectField(service.requestType)) {
      problems.push(
        `${where}.requestType: ${service.requestType} names no data subject (x-lienthong-subject)`,
      );
    }
    if (sql.has(service.backend)) {
      if (service.sql === undefined || !READ_ONLY_QUERY.test(service.sql)) {
        problems.push(`${where}: a postgres back end needs "sql", one SELECT (or WITH … SELECT)`);
      }
      if (service.request || service.outcomes) {
        problems.push(`${where}: "request" and "outcomes" are for http back ends`);
      }
    }
    const rules = (service.outcomes ?? []).map((rule, ruleIndex): OutcomeRule | undefined => {
      const when = rule.when
        ? compile(`${where}.outcomes[${ruleIndex}].when`, rule.when)
        : undefined;
      if (rule.when && !when) {
        return undefined;
      }
      return {
        outcome: rule.outcome,
        ...(rule.status ? { status: new Set(rule.status) } : {}),
        ...(when ? { when } : {}),
      };
    });
    const body = service.request?.body
      ? compile(`${where}.request.body`, service.request.body)
      : undefined;
    return { service, record, rules, body };
  });
  if (new Set(config.services.map((s) => s.code)).size !== config.services.length) {
    problems.push('services: a service code appears twice');
  }
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => `${file}: ${p}`));
  }

  const httpBackends = new Map([...http].map(([name, o]) => [name, new HttpBackend(o)]));
  const sqlBackends = new Map([...sql].map(([name, o]) => [name, new SqlBackend(o)]));
  const services = plans.map(({ service, record, rules, body }): ConfiguredService => {
    const mapping = record as Mapping;
    const httpBackend = httpBackends.get(service.backend);
    const request = service.request;
    const backend: BackendService =
      httpBackend && request
        ? new HttpBackendService(
            service.code,
            httpBackend,
            {
              method: request.method,
              template: { path: request.path, ...(request.query ? { query: request.query } : {}) },
              headers: definedValues(request.headers ?? {}),
              ...(body ? { body } : {}),
            },
            rules as OutcomeRule[],
            mapping,
          )
        : new SqlBackendService(
            service.code,
            sqlBackends.get(service.backend) as SqlBackend,
            service.sql as string,
            service.parameters ?? [],
            mapping,
          );
    return {
      code: service.code,
      requestType: service.requestType,
      identifierField: service.identifierField,
      requestFields: request
        ? templateFields({ path: request.path, ...(request.query ? { query: request.query } : {}) })
        : [...(service.parameters ?? [])],
      backend,
    };
  });
  return {
    member: config.member,
    subsystem: config.subsystem,
    title: config.title,
    databaseSchema: config.databaseSchema,
    services,
    async close() {
      await Promise.all([
        ...[...httpBackends.values()].map((b) => b.close()),
        ...[...sqlBackends.values()].map((b) => b.close()),
      ]);
    },
  };
}

function httpOptions(
  name: string,
  backend: HttpBackendConfig,
  readSecret: (where: string, path: string) => string,
): HttpBackendOptions {
  const where = `backends.${name}`;
  const auth = backend.auth ?? { kind: 'none' as const };
  const tls = backend.tls;
  return {
    name,
    origin: backend.origin,
    timeoutMs: backend.timeoutMs ?? 3000,
    maxResponseBytes: backend.maxResponseBytes ?? 262_144,
    maxConnections: backend.maxConnections ?? 16,
    ...(tls
      ? {
          tls: {
            ...(tls.caFile ? { ca: readSecret(`${where}.tls.caFile`, tls.caFile) } : {}),
            ...(tls.certFile ? { cert: readSecret(`${where}.tls.certFile`, tls.certFile) } : {}),
            ...(tls.keyFile ? { key: readSecret(`${where}.tls.keyFile`, tls.keyFile) } : {}),
            ...(tls.serverName ? { serverName: tls.serverName } : {}),
          },
        }
      : {}),
    auth:
      auth.kind === 'none'
        ? auth
        : auth.kind === 'bearer'
          ? { kind: 'bearer', token: readSecret(`${where}.auth.tokenFile`, auth.tokenFile) }
          : {
              kind: 'client-credentials',
              tokenPath: auth.tokenPath,
              clientId: auth.clientId,
              clientSecret: readSecret(`${where}.auth.clientSecretFile`, auth.clientSecretFile),
              ...(auth.scope ? { scope: auth.scope } : {}),
            },
  };
}

function sqlOptions(name: string, backend: SqlBackendConfig, url: string) {
  return {
    name,
    url,
    timeoutMs: backend.timeoutMs ?? 3000,
    maxConnections: backend.maxConnections ?? 8,
  };
}

function definedValues(
  record: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
