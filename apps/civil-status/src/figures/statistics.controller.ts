import { Controller, Get, Header, Inject, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { OfficerAuthGuard, Roles } from '@lienthong/adapter-kit';
import { type DossierDashboard, DossierFiguresQuery } from './dossier-figures.query';
import { parseFiguresScope } from './figures-scope';
import { dashboardCsv } from './figures.csv';

const SCOPE_QUERIES = [
  { name: 'from', description: 'first day, YYYY-MM-DD (Vietnam); default 12 weeks before to' },
  { name: 'to', description: 'last day, YYYY-MM-DD (Vietnam); default today' },
  { name: 'commune', description: 'one commune (5 digits)' },
  { name: 'agency', description: "one agency's steps (POP, INS, …)" },
  { name: 'procedure', description: 'BIRTH or DEATH' },
];

/**
 * The leaders' figures of the interconnected procedures: dossiers received, completed (on time
 * or late), refused, open and overdue, per procedure and step, per week and per commune. Counts
 * only: no dossier, person or officer is ever named. Deadlines are working days on the working
 * calendar.
 */
@ApiTags('statistics')
@ApiBearerAuth()
@UseGuards(OfficerAuthGuard)
@Controller('v1/statistics')
export class StatisticsController {
  constructor(@Inject(DossierFiguresQuery) private readonly figures: DossierFiguresQuery) {}

  @Get('dossiers')
  @Roles('leader')
  @ApiOperation({ summary: 'Dashboard of dossiers over a period, office-wide or for a commune' })
  @ApiQuery({ name: 'from', required: false, description: SCOPE_QUERIES[0]?.description })
  @ApiQuery({ name: 'to', required: false, description: SCOPE_QUERIES[1]?.description })
  @ApiQuery({ name: 'commune', required: false, description: SCOPE_QUERIES[2]?.description })
  @ApiQuery({ name: 'agency', required: false, description: SCOPE_QUERIES[3]?.description })
  @ApiQuery({ name: 'procedure', required: false, description: SCOPE_QUERIES[4]?.description })
  dossiers(@Query() query: Record<string, unknown>): Promise<DossierDashboard> {
    return this.figures.dashboard(parseFiguresScope(query));
  }

  @Get('dossiers.csv')
  @Roles('leader')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="ho-so-lien-thong.csv"')
  @ApiOperation({ summary: 'The same dashboard as CSV: one row per procedure and step' })
  async dossiersCsv(@Query() query: Record<string, unknown>): Promise<string> {
    return dashboardCsv(await this.figures.dashboard(parseFiguresScope(query)));
  }
}
