import { ApiFileResponse, ApiSort } from '../common/http/api-contract';
import { PosJournalListResponse } from './pos-journal.responses';
import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { RequestContext } from '../common/request-context';
import { XLSX_MIME } from '../excel/sheet-writer';
import { PosJournalQueryDto } from './pos-journal.dto';
import { POS_JOURNAL_SORT, PosJournalService } from './pos-journal.service';

/** 收银查询 on both servers: at a store its own documents, at HQ every store's pushed copies. */
@ApiTags('零售收银')
@Controller('pos/journal')
export class PosJournalController {
  constructor(private readonly journal: PosJournalService) {}

  @Get()
  @RequirePermission('pos.journal.read')
  @ApiOperation({ summary: '收银查询: sales and refunds with payments, totals and totals per payment method' })
  @ApiOkResponse({ type: PosJournalListResponse })
  @ApiSort(POS_JOURNAL_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: PosJournalQueryDto) {
    return this.journal.list(ctx, q);
  }

  @Get('export')
  @RequirePermission('pos.journal.read')
  @ApiFileResponse(XLSX_MIME, 'the journal as a spreadsheet')
  @ApiOperation({ summary: 'The journal as an Excel workbook (收银流水 + 汇总)' })
  @ApiSort(POS_JOURNAL_SORT)
  async export(@Ctx() ctx: RequestContext, @Query() q: PosJournalQueryDto, @Res() res: Response) {
    res.setHeader('Content-Type', XLSX_MIME);
    res.setHeader('Content-Disposition', `attachment; filename="pos-journal.xlsx"; filename*=UTF-8''${encodeURIComponent('收银流水.xlsx')}`);
    await this.journal.export(ctx, q, res);
  }
}
