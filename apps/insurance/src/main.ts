import './instrument';
import { runAdapter } from '@lienthong/adapter-kit';
import { INSURANCE_AGENCY } from './insurance.agency';

void runAdapter(INSURANCE_AGENCY);
