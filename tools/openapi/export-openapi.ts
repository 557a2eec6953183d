import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AdapterKitModule, loadAdapterConfig } from '@lienthong/adapter-kit';
import { findRepositoryRoot } from '@lienthong/schema';
import { auditAgency } from '../../apps/audit/src/audit.agency';
import { loadAuditConfig } from '../../apps/audit/src/audit.config';
import { CIVIL_STATUS_AGENCY } from '../../apps/civil-status/src/civil-status.agency';
import { loadTrustConfig } from '../../apps/trust/src/trust.config';
import { TrustModule } from '../../apps/trust/src/trust.module';

/**
 * Writes the OpenAPI documents the console's typed clients are generated from
 * (`apps/console/web/openapi/*.json`), reading the apps' routes in Nest's preview mode: nothing
 * connects to NATS or PostgreSQL. `--check` fails when a written document is out of date (CI).
 * The adapter document is civil status's: the kit's routes every adapter serves plus its own; the
 * trust document is the operator API of members, certificates, catalogue, rights and configuration.
 */
const PLACEHOLDER_ENV = {
  HTTP_PORT: '0',
  NATS_URL: 'nats://127.0.0.1:4222',
  DATABASE_URL: 'postgres://export@127.0.0.1:5432/export',
  LT_KEY_FILE: 'unused',
  LT_CERT_FILE: 'unused',
  LT_ANCHOR_FILE: 'unused',
  LT_SUBJECT_KEY_FILE: 'unused',
  OFFICER_TOKEN_PUBLIC_KEY_FILE: 'unused',
  OPERATOR_JWKS_FILE: 'unused',
  PORTAL_TOKEN_PUBLIC_KEY_FILE: 'unused',
  TRUST_DATA_DIR: 'unused',
};

async function documentOf(module: DynamicModule, title: string): Promise<unknown> {
  const app = await NestFactory.create(module, { preview: true, logger: false });
  try {
    return SwaggerModule.createDocument(
      app,
      new DocumentBuilder().setTitle(title).setVersion('1').addBearerAuth().build(),
    );
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const root = findRepositoryRoot();
  const dir = join(root, 'apps/console/web/openapi');
  const adapterConfig = loadAdapterConfig(PLACEHOLDER_ENV);
  const documents: Record<string, unknown> = {
    adapter: await documentOf(
      AdapterKitModule.forAgency(CIVIL_STATUS_AGENCY, adapterConfig),
      'Lienthong agency adapter',
    ),
    audit: await documentOf(
      AdapterKitModule.forAgency(auditAgency(loadAuditConfig(PLACEHOLDER_ENV)), adapterConfig),
      'Lienthong audit service',
    ),
    trust: await documentOf(
      TrustModule.forRoot(loadTrustConfig(PLACEHOLDER_ENV)),
      'Lienthong trust service',
    ),
  };
  const check = process.argv.includes('--check');
  mkdirSync(dir, { recursive: true });
  let stale = 0;
  for (const [name, document] of Object.entries(documents)) {
    const file = join(dir, `${name}.json`);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (check) {
      let current = '';
      try {
        current = readFileSync(file, 'utf8');
      } catch {
        // missing counts as out of date
      }
      if (current !== text) {
        process.stderr.write(`${relative(root, file)} is out of date: run npm run openapi\n`);
        stale++;
      }
    } else {
      writeFileSync(file, text);
      process.stdout.write(`wrote ${relative(root, file)}\n`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi export failed: ${String(error)}\n`);
  process.exit(1);
});
