import { loadConfig, type EnvSchema } from '@lienthong/config';

/** Limits and tuning of the document exchange of one adapter. */
export interface DocumentsOptions {
  /** Largest single file (main file or attachment), bytes; refused while uploading. */
  readonly maxFileBytes: number;
  /** Most attachments besides the main file. */
  readonly maxAttachments: number;
  /** Largest metadata field, bytes. */
  readonly maxMetadataBytes: number;
  /** Largest signed package accepted from the bus, bytes. */
  readonly maxPackageBytes: number;
  /** How often the delivery relay retries unsent documents and statuses, ms. */
  readonly deliveryPollMs: number;
  /** Most deliveries one relay round publishes. */
  readonly deliveryBatch: number;
}

interface DocumentsEnv {
  DOCUMENT_MAX_FILE_BYTES: number;
  DOCUMENT_MAX_ATTACHMENTS: number;
  DOCUMENT_MAX_METADATA_BYTES: number;
  DOCUMENT_MAX_PACKAGE_BYTES: number;
  DOCUMENT_DELIVERY_POLL_MS: number;
  DOCUMENT_DELIVERY_BATCH: number;
}

const schema: EnvSchema<DocumentsEnv> = {
  type: 'object',
  properties: {
    DOCUMENT_MAX_FILE_BYTES: { type: 'integer', minimum: 1, default: 20 * 1024 * 1024 },
    DOCUMENT_MAX_ATTACHMENTS: { type: 'integer', minimum: 0, maximum: 64, default: 20 },
    DOCUMENT_MAX_METADATA_BYTES: { type: 'integer', minimum: 1024, default: 64 * 1024 },
    // the package travels inside one message: its base64 must fit the 1 MiB stream limit
    DOCUMENT_MAX_PACKAGE_BYTES: {
      type: 'integer',
      minimum: 4096,
      maximum: 512 * 1024,
      default: 512 * 1024,
    },
    DOCUMENT_DELIVERY_POLL_MS: { type: 'integer', minimum: 50, maximum: 600_000, default: 1000 },
    DOCUMENT_DELIVERY_BATCH: { type: 'integer', minimum: 1, maximum: 1000, default: 64 },
  },
  required: [
    'DOCUMENT_MAX_FILE_BYTES',
    'DOCUMENT_MAX_ATTACHMENTS',
    'DOCUMENT_MAX_METADATA_BYTES',
    'DOCUMENT_MAX_PACKAGE_BYTES',
    'DOCUMENT_DELIVERY_POLL_MS',
    'DOCUMENT_DELIVERY_BATCH',
  ],
  additionalProperties: false,
};

/** Reads the document limits from the environment (defaults: 20 MiB files, 20 attachments). */
export function loadDocumentsOptions(
  source?: Readonly<Record<string, string | undefined>>,
): DocumentsOptions {
  return loadConfig(
    schema,
    (env) => ({
      maxFileBytes: env.DOCUMENT_MAX_FILE_BYTES,
      maxAttachments: env.DOCUMENT_MAX_ATTACHMENTS,
      maxMetadataBytes: env.DOCUMENT_MAX_METADATA_BYTES,
      maxPackageBytes: env.DOCUMENT_MAX_PACKAGE_BYTES,
      deliveryPollMs: env.DOCUMENT_DELIVERY_POLL_MS,
      deliveryBatch: env.DOCUMENT_DELIVERY_BATCH,
    }),
    source,
  );
}
