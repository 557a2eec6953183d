import './instrument';
import { runAdapter } from '@lienthong/adapter-kit';
import { BUSINESS_REGISTRY_AGENCY } from './business-registry.agency';

void runAdapter(BUSINESS_REGISTRY_AGENCY);
