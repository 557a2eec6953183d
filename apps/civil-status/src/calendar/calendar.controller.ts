import {
  Body,
  Controller,
  Delete,
  Get,
  Inject,
  Param,
  Put,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { OfficerAuthGuard, Roles, type OfficerPrincipal } from '@lienthong/adapter-kit';
import { CalendarError } from './calendar.errors';
import type { CalendarDayView } from './calendar.repository';
import { CalendarService, parseCalendarDay, type CalendarChange } from './calendar.service';

function yearParam(value: string | undefined): number | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (!/^(19|20|21)[0-9]{2}$/.test(value)) {
    throw new CalendarError('CALENDAR_DAY_INVALID', 'year must be a four-digit year');
  }
  return Number(value);
}

/**
 * The working calendar the statutory deadlines are counted on: public holidays, the days off and
 * the weekend days worked that the Government fixes each year (docs/domain.md, working days).
 * Everyone signed in reads it; the agency's operator keeps it.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@UseGuards(OfficerAuthGuard)
@Controller('v1/calendar/days')
export class CalendarController {
  constructor(@Inject(CalendarService) private readonly calendar: CalendarService) {}

  @Get()
  @Roles('officer', 'leader', 'operator', 'auditor')
  @ApiOperation({ summary: 'Days off and weekend working days of the calendar, of a year or all' })
  @ApiQuery({ name: 'year', required: false })
  list(@Query('year') year?: string): Promise<CalendarDayView[]> {
    return this.calendar.list(yearParam(year));
  }

  @Put(':date')
  @Roles('operator')
  @ApiOperation({
    summary:
      'Enter or replace a day (HOLIDAY on a weekday, WORKING_DAY on a weekend); pending deadlines it crosses move',
  })
  put(
    @Param('date') date: string,
    @Body() body: unknown,
    @Req() request: Request & { principal: OfficerPrincipal },
  ): Promise<CalendarChange> {
    return this.calendar.put(parseCalendarDay(date, body), request.principal.id);
  }

  @Delete(':date')
  @Roles('operator')
  @ApiOperation({ summary: 'Remove a day from the calendar; pending deadlines it crossed move' })
  remove(@Param('date') date: string): Promise<CalendarChange> {
    return this.calendar.remove(date);
  }
}
