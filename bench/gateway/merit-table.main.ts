import { runAdapter } from '@lienthong/adapter-kit';
import { MERIT_TABLE_AGENCY } from './merit-table.agency';

// The bench's table-path provider, started as a process of its own like any adapter.
void runAdapter(MERIT_TABLE_AGENCY);
