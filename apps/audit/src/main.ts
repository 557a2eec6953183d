import './instrument';
import { runAdapter } from '@lienthong/adapter-kit';
import { exitOnConfigError } from '@lienthong/config';
import { auditAgency } from './audit.agency';
import { type AuditConfig, loadAuditConfig } from './audit.config';

let config: Readonly<AuditConfig>;
try {
  config = loadAuditConfig();
} catch (error) {
  exitOnConfigError(error, 'AUDIT/log');
}
void runAdapter(auditAgency(config));
