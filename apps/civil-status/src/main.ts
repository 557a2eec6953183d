import './instrument';
import { runAdapter } from '@lienthong/adapter-kit';
import { CIVIL_STATUS_AGENCY } from './civil-status.agency';

void runAdapter(CIVIL_STATUS_AGENCY);
