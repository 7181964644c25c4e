import {
  ApplyResultResponse,
  LocalSyncStateResponse,
  LocalTransferHqChangedResponse,
  LocalTransferInfoResponse,
  LocalTransferOutboxResponse,
  LocalTransferRestoreApplyResponse,
  LocalTransferStatusResponse,
  ReconcileSummaryResponse,
  SetupRunResponse,
  SetupStateResponse,
  SyncEventResponse,
  SyncReportResponse,
  SyncStatusResponse,
} from './store-transfer.responses';
import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApplyResult,
  Ctx,
  LocalSyncState,
  OutboxRecord,
  Public,
  ReconcileSummary,
  RequestContext,
  RequirePermission,
  StoreEventDto,
  StreamStatus,
  SyncReport,
} from '@chain-erp/shared';
import { LocalSigned } from './local-signature.guard';
import { StoreOutboxService } from './store-outbox.service';
import { StoreSetupService } from './store-setup.service';
import { StoreSyncService, SyncStatusView } from './store-sync.service';
import {
  AcksDto,
  ChangeKeyDto,
  ConnectionTestDto,
  ConnectionTestResultDto,
  SetupProgressDto,
  ChangesPageDto,
  HqChangedDto,
  RestoreApplyDto,
  RestoreBeginDto,
  RestoreFinishDto,
  OutboxQueryDto,
  ReportDto,
  ResetDto,
  SetupDto,
  SnapshotPageDto,
  SyncDto,
} from './store-transfer.dto';

@ApiTags('连锁管理')
@Controller('setup')
export class SetupController {
  constructor(
    private readonly sync: StoreSyncService,
    private readonly setup: StoreSetupService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Is this store set up? (and against which HQ)' })
  @ApiOkResponse({ type: SetupStateResponse })
  async state(@Ctx() ctx: RequestContext): Promise<{ initialised: boolean; storeCode: string | null; hqUrl: string | null }> {
    const link = await this.setup.link(ctx);
    return { initialised: !!link, storeCode: link?.storeCode ?? null, hqUrl: link?.hqUrl ?? null };
  }

  @Post()
  @Public()
  @ApiOperation({ summary: '门店系统初始化: link to HQ and run the first sync (only while not set up)' })
  @ApiCreatedResponse({ type: SetupRunResponse })
  @ApiErrors('STORE_ALREADY_INITIALISED', 'STORE_NOT_INITIALISED', 'STORE_SETUP_WAREHOUSE_UNKNOWN', 'TRANSFER_PROTOCOL_UNSUPPORTED', 'TRANSFER_SETUP_CODE_INVALID')
  run(@Ctx() ctx: RequestContext, @Body() dto: SetupDto) {
    return this.sync.setup(ctx, dto);
  }

  @Post('test-connection')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '测试连接: is HQ answering at this address, with a protocol this store speaks? (only while not set up)' })
  @ApiOkResponse({ type: ConnectionTestResultDto })
  testConnection(@Ctx() ctx: RequestContext, @Body() dto: ConnectionTestDto): Promise<ConnectionTestResultDto> {
    return this.setup.testConnection(ctx, dto.hqUrl, dto.storeCode);
  }

  @Get('progress')
  @Public()
  @ApiOperation({ summary: "The first sync's progress (pages, rows) while setup runs, for the wizard's progress bar" })
  @ApiOkResponse({ type: SetupProgressDto })
  progress(): SetupProgressDto {
    return this.sync.setupProgress();
  }

  @Put('transfer-password')
  @RequirePermission('store.setup')
  @ApiOperation({ summary: 'Enter the new transfer password after HQ changed it' })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'done; no body' })
  @ApiErrors('STORE_NOT_INITIALISED', 'TRANSFER_OTHER_STORE', 'TRANSFER_PROTOCOL_UNSUPPORTED', 'TRANSFER_SETUP_CODE_INVALID')
  async changeKey(@Ctx() ctx: RequestContext, @Body() dto: ChangeKeyDto): Promise<void> {
    await this.setup.changeKey(ctx, dto);
  }

  @Post('reset')
  @RequirePermission('store.setup')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the link to HQ so the store can be set up again (data stays)' })
  @ApiNoContentResponse({ description: 'done; no body' })
  @ApiErrors('STORE_NOT_INITIALISED')
  async reset(@Ctx() ctx: RequestContext, @Body() dto: ResetDto): Promise<void> {
    await this.setup.reset(ctx, dto.confirmStoreCode);
  }
}

@ApiTags('连锁管理')
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
  @ApiOkResponse({ type: SyncReportResponse })
  @ApiErrors('STORE_NOT_INITIALISED')
  run(@Body() dto: SyncDto): Promise<SyncReport> {
    return this.sync.run('manual', dto);
  }

  @Get('status')
  @RequirePermission('sync.run')
  @ApiOperation({ summary: 'Per stream: cursor, last contact, backlog, last error' })
  @ApiOkResponse({ type: SyncStatusResponse })
  status(@Ctx() ctx: RequestContext): Promise<SyncStatusView> {
    return this.sync.status(ctx);
  }

  @Post('events')
  @RequirePermission('sync.run')
  @ApiOperation({ summary: '门店日志: write a note to the store log (sent to HQ)' })
  @ApiCreatedResponse({ type: SyncEventResponse })
  @ApiErrors('STORE_NOT_INITIALISED')
  async event(@Ctx() ctx: RequestContext, @Body() dto: StoreEventDto): Promise<{ id: string }> {
    const link = await this.setup.requireLink(ctx);
    return { id: await this.outbox.recordEvent(ctx, link.storeCode, dto) };
  }
}

/** The transfer tool's store port. Signed with the store key; see docs/transfer.md. */
@ApiTags('连锁管理')
@Controller('transfer/local')
export class LocalTransferController {
  constructor(
    private readonly sync: StoreSyncService,
    private readonly setup: StoreSetupService,
  ) {}

  @Get('info')
  @Public()
  @ApiOperation({ summary: 'HQ address and store code (nothing secret)' })
  @ApiOkResponse({ type: LocalTransferInfoResponse })
  async info(@Ctx() ctx: RequestContext): Promise<{ initialised: boolean; storeCode: string | null; hqUrl: string | null }> {
    const link = await this.setup.link(ctx);
    return { initialised: !!link, storeCode: link?.storeCode ?? null, hqUrl: link?.hqUrl ?? null };
  }

  @Get('state')
  @LocalSigned()
  @ApiOperation({ summary: 'The store’s sync state: cursors, incarnation, setup (transfer tool)' })
  @ApiOkResponse({ type: LocalSyncStateResponse })
  state(): Promise<LocalSyncState> {
    return this.sync.storePort().state();
  }

  @Post('apply')
  @LocalSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Apply one page of HQ’s changes in one transaction (transfer tool)' })
  @ApiOkResponse({ type: ApplyResultResponse })
  apply(@Body() page: ChangesPageDto): Promise<ApplyResult> {
    return this.sync.storePort().applyPage(page);
  }

  @Post('apply-snapshot')
  @LocalSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Apply one page of an HQ snapshot (transfer tool)' })
  @ApiOkResponse({ type: ApplyResultResponse })
  @ApiErrors('VALIDATION_FAILED')
  applySnapshot(@Body() page: SnapshotPageDto): Promise<ApplyResult> {
    return this.sync.storePort().applySnapshotPage(page);
  }

  @Post('outbox')
  @LocalSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'The store’s unsent outbox records of a stream, in order (transfer tool)' })
  @ApiOkResponse({ type: LocalTransferOutboxResponse })
  async outbox(@Body() q: OutboxQueryDto): Promise<{ items: OutboxRecord[] }> {
    return { items: await this.sync.storePort().outbox(q.stream, q.limit, q.after) };
  }

  @Post('acks')
  @LocalSigned()
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark outbox records as taken by HQ (transfer tool)' })
  @ApiNoContentResponse({ description: 'done; no body' })
  async acks(@Body() dto: AcksDto): Promise<void> {
    await this.sync.storePort().acknowledge(dto.stream, dto.results);
  }

  @Post('report')
  @LocalSigned()
  @HttpCode(204)
  @ApiOperation({ summary: 'Record per-stream sync results and errors (transfer tool)' })
  @ApiNoContentResponse({ description: 'done; no body' })
  async report(@Body() dto: ReportDto): Promise<void> {
    await this.sync.storePort().report(dto.reports.map((r) => ({ ...r, error: r.error ?? null })));
  }

  @Get('status')
  @LocalSigned()
  @ApiOperation({ summary: 'Per-stream sync status: last run, backlog, last error' })
  @ApiOkResponse({ type: LocalTransferStatusResponse })
  async status(): Promise<{ streams: StreamStatus[] }> {
    return { streams: await this.sync.storePort().status() };
  }

  @Post('restore/begin')
  @LocalSigned()
  @HttpCode(204)
  @ApiOperation({ summary: 'Start reconciling a restored store (writes refused until it finishes)' })
  @ApiNoContentResponse({ description: 'done; no body' })
  async restoreBegin(@Body() dto: RestoreBeginDto): Promise<void> {
    await this.sync.storePort().restoreBegin(dto.origin);
  }

  @Post('restore/apply')
  @LocalSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Take back records HQ holds that the restored store lacks' })
  @ApiOkResponse({ type: LocalTransferRestoreApplyResponse })
  restoreApply(@Body() dto: RestoreApplyDto): Promise<{ taken: number; skipped: number }> {
    return this.sync.storePort().restoreApply(dto.records);
  }

  @Post('restore/finish')
  @LocalSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Finish a restore’s reconciliation: number series past HQ’s high-water marks' })
  @ApiOkResponse({ type: ReconcileSummaryResponse })
  restoreFinish(@Body() dto: RestoreFinishDto): Promise<ReconcileSummary> {
    return this.sync.storePort().restoreFinish({ highWater: dto.highWater, maxSeq: dto.maxSeq ?? null });
  }

  @Post('hq-changed')
  @LocalSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'HQ was restored or replaced: requeue what HQ may have lost' })
  @ApiOkResponse({ type: LocalTransferHqChangedResponse })
  hqChanged(@Body() dto: HqChangedDto): Promise<{ requeued: number }> {
    return this.sync.storePort().hqChanged({ incarnation: dto.incarnation ?? null, recover: dto.recover });
  }
}
