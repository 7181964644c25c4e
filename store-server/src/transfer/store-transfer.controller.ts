import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApplyResult, Ctx, LocalSyncState, OutboxRecord, Public, ReconcileSummary, RequestContext, RequirePermission, StreamStatus, SyncReport } from '@chain-erp/shared';
import { LocalSigned } from './local-signature.guard';
import { StoreOutboxService } from './store-outbox.service';
import { StoreSetupService } from './store-setup.service';
import { StoreSyncService, SyncStatusView } from './store-sync.service';
import { AcksDto, ChangeKeyDto, ChangesPageDto, HqChangedDto, RestoreApplyDto, RestoreBeginDto, RestoreFinishDto, OutboxQueryDto, ReportDto, ResetDto, SetupDto, SnapshotPageDto, StoreEventDto, SyncDto } from './store-transfer.dto';

@ApiTags('setup (门店系统初始化)')
@Controller('setup')
export class SetupController {
  constructor(
    private readonly sync: StoreSyncService,
    private readonly setup: StoreSetupService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Is this store set up? (and against which HQ)' })
  async state(@Ctx() ctx: RequestContext): Promise<{ initialised: boolean; storeCode: string | null; hqUrl: string | null }> {
    const link = await this.setup.link(ctx);
    return { initialised: !!link, storeCode: link?.storeCode ?? null, hqUrl: link?.hqUrl ?? null };
  }

  @Post()
  @Public()
  @ApiOperation({ summary: '门店系统初始化: link to HQ and run the first sync (only while not set up)' })
  run(@Ctx() ctx: RequestContext, @Body() dto: SetupDto) {
    return this.sync.setup(ctx, dto);
  }

  @Put('transfer-password')
  @RequirePermission('store.setup')
  @ApiOperation({ summary: 'Enter the new transfer password after HQ changed it' })
  @HttpCode(204)
  async changeKey(@Ctx() ctx: RequestContext, @Body() dto: ChangeKeyDto): Promise<void> {
    await this.setup.changeKey(ctx, dto);
  }

  @Post('reset')
  @RequirePermission('store.setup')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the link to HQ so the store can be set up again (data stays)' })
  async reset(@Ctx() ctx: RequestContext, @Body() dto: ResetDto): Promise<void> {
    await this.setup.reset(ctx, dto.confirmStoreCode);
  }
}

@ApiTags('sync (传输)')
@Controller('sync')
export class SyncController {
  constructor(
    private readonly sync: StoreSyncService,
    private readonly outbox: StoreOutboxService,
    private readonly setup: StoreSetupService,
  ) {}

  @Post()
  @RequirePermission('sync.run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sync now: push the outbox, then pull from HQ' })
  run(@Body() dto: SyncDto): Promise<SyncReport> {
    return this.sync.run('manual', dto);
  }

  @Get('status')
  @RequirePermission('sync.run')
  @ApiOperation({ summary: 'Per stream: cursor, last contact, backlog, last error' })
  status(@Ctx() ctx: RequestContext): Promise<SyncStatusView> {
    return this.sync.status(ctx);
  }

  @Post('events')
  @RequirePermission('sync.run')
  @ApiOperation({ summary: '门店日志: write a note to the store log (sent to HQ)' })
  async event(@Ctx() ctx: RequestContext, @Body() dto: StoreEventDto): Promise<{ id: string }> {
    const link = await this.setup.requireLink(ctx);
    return { id: await this.outbox.recordEvent(ctx, link.storeCode, dto) };
  }
}

/** The transfer tool's store port. Signed with the store key; see docs/transfer.md. */
@ApiTags('transfer (local port for the transfer tool)')
@Controller('transfer/local')
export class LocalTransferController {
  constructor(
    private readonly sync: StoreSyncService,
    private readonly setup: StoreSetupService,
  ) {}

  @Get('info')
  @Public()
  @ApiOperation({ summary: 'HQ address and store code (nothing secret)' })
  async info(@Ctx() ctx: RequestContext): Promise<{ initialised: boolean; storeCode: string | null; hqUrl: string | null }> {
    const link = await this.setup.link(ctx);
    return { initialised: !!link, storeCode: link?.storeCode ?? null, hqUrl: link?.hqUrl ?? null };
  }

  @Get('state')
  @LocalSigned()
  state(): Promise<LocalSyncState> {
    return this.sync.storePort().state();
  }

  @Post('apply')
  @LocalSigned()
  @HttpCode(200)
  apply(@Body() page: ChangesPageDto): Promise<ApplyResult> {
    return this.sync.storePort().applyPage(page);
  }

  @Post('apply-snapshot')
  @LocalSigned()
  @HttpCode(200)
  applySnapshot(@Body() page: SnapshotPageDto): Promise<ApplyResult> {
    return this.sync.storePort().applySnapshotPage(page);
  }

  @Post('outbox')
  @LocalSigned()
  @HttpCode(200)
  async outbox(@Body() q: OutboxQueryDto): Promise<{ items: OutboxRecord[] }> {
    return { items: await this.sync.storePort().outbox(q.stream, q.limit, q.after) };
  }

  @Post('acks')
  @LocalSigned()
  @HttpCode(204)
  async acks(@Body() dto: AcksDto): Promise<void> {
    await this.sync.storePort().acknowledge(dto.stream, dto.results);
  }

  @Post('report')
  @LocalSigned()
  @HttpCode(204)
  async report(@Body() dto: ReportDto): Promise<void> {
    await this.sync.storePort().report(dto.reports.map((r) => ({ ...r, error: r.error ?? null })));
  }

  @Get('status')
  @LocalSigned()
  async status(): Promise<{ streams: StreamStatus[] }> {
    return { streams: await this.sync.storePort().status() };
  }

  @Post('restore/begin')
  @LocalSigned()
  @HttpCode(204)
  async restoreBegin(@Body() dto: RestoreBeginDto): Promise<void> {
    await this.sync.storePort().restoreBegin(dto.origin);
  }

  @Post('restore/apply')
  @LocalSigned()
  @HttpCode(200)
  restoreApply(@Body() dto: RestoreApplyDto): Promise<{ taken: number; skipped: number }> {
    return this.sync.storePort().restoreApply(dto.records);
  }

  @Post('restore/finish')
  @LocalSigned()
  @HttpCode(200)
  restoreFinish(@Body() dto: RestoreFinishDto): Promise<ReconcileSummary> {
    return this.sync.storePort().restoreFinish({ highWater: dto.highWater, maxSeq: dto.maxSeq ?? null });
  }

  @Post('hq-changed')
  @LocalSigned()
  @HttpCode(200)
  hqChanged(@Body() dto: HqChangedDto): Promise<{ requeued: number }> {
    return this.sync.storePort().hqChanged({ incarnation: dto.incarnation ?? null, recover: dto.recover });
  }
}
