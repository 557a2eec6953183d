import './instrument';
import { runAdapter } from '@lienthong/adapter-kit';
import { POPULATION_AGENCY } from './population.agency';

void runAdapter(POPULATION_AGENCY);
