import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CreateAccessRightBody } from '../access-rights/access-right.schemas';
import { type RegistryChange } from './configuration.constants';
import { type DiffEntry } from './configuration-diff';

const MEMBER = { type: 'string', pattern: '^[A-Z][A-Z0-9]{1,15}$' };
const PARTY = {
  type: 'object',
  additionalProperties: false,
  required: ['member', 'subsystem'],
  properties: { member: MEMBER, subsystem: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' } },
};
const ID = { type: 'string', format: 'uuid' };

/** JSON Schema of one {@link RegistryChange}. */
export const REGISTRY_CHANGE_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['kind'],
  oneOf: [
    // a grant in a change list is the body of POST /v1/access-rights with its kind: one schema
    {
      ...CreateAccessRightBody.schema,
      required: ['kind', ...CreateAccessRightBody.schema.required],
      properties: {
        kind: { type: 'string', enum: ['grantAccessRight'] },
        ...CreateAccessRightBody.schema.properties,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id'],
      properties: { kind: { type: 'string', enum: ['withdrawAccessRight'] }, id: ID },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'subscriber', 'publisher', 'eventType'],
      properties: {
        kind: { type: 'string', enum: ['grantEventRight'] },
        subscriber: PARTY,
        publisher: MEMBER,
        eventType: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,63}$' },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id'],
      properties: { kind: { type: 'string', enum: ['withdrawEventRight'] }, id: ID },
    },
  ],
};

const CHANGES = { type: 'array', minItems: 1, maxItems: 64, items: REGISTRY_CHANGE_SCHEMA };

/** Body of `POST /v1/configuration/preview`: a change list, not applied. */
export class PreviewChangesBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['changes'],
    properties: { changes: CHANGES },
  };

  changes!: RegistryChange[];
}

/** Body of `POST /v1/configuration/changes`: a change list applied as one, and why. */
export class PublishChangesBody {
  static readonly schema = {
    type: 'object',
    additionalProperties: false,
    required: ['changes', 'summary'],
    properties: {
      changes: CHANGES,
      summary: {
        description: 'Why: kept in the history of published changes.',
        type: 'string',
        minLength: 1,
        maxLength: 512,
        pattern: '\\S',
      },
    },
  };

  changes!: RegistryChange[];
  summary!: string;
}

/** What a change list would do to the signed configuration. */
export interface PreviewView {
  /** The signed configuration the draft is compared with. */
  readonly base: { readonly version: number; readonly issuedAt: string };
  readonly diff: DiffEntry[];
}

/** A published change list as the history shows it. */
export interface ChangeView {
  readonly id: string;
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly summary: string;
  readonly changes: RegistryChange[];
  readonly diff: DiffEntry[];
  readonly version: number | null;
}

const DIFF_ENTRY_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['section', 'change', 'key', 'before', 'after'],
  properties: {
    section: {
      type: 'string',
      enum: ['members', 'services', 'accessRights', 'eventRights', 'revocations'],
    },
    change: { type: 'string', enum: ['added', 'removed', 'changed'] },
    key: { type: 'string' },
    before: { type: 'object', additionalProperties: true, nullable: true },
    after: { type: 'object', additionalProperties: true, nullable: true },
  },
};

/** OpenAPI schema of {@link PreviewView}. */
export const PREVIEW_VIEW_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['base', 'diff'],
  properties: {
    base: {
      type: 'object',
      required: ['version', 'issuedAt'],
      properties: {
        version: { type: 'integer' },
        issuedAt: { type: 'string', format: 'date-time' },
      },
    },
    diff: { type: 'array', items: DIFF_ENTRY_SCHEMA },
  },
};

/** OpenAPI schema of {@link ChangeView}. */
export const CHANGE_VIEW_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['id', 'publishedBy', 'publishedAt', 'summary', 'changes', 'diff', 'version'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    publishedBy: { type: 'string' },
    publishedAt: { type: 'string', format: 'date-time' },
    summary: { type: 'string' },
    changes: { type: 'array', items: REGISTRY_CHANGE_SCHEMA },
    diff: { type: 'array', items: DIFF_ENTRY_SCHEMA },
    version: { type: 'integer', nullable: true },
  },
};
