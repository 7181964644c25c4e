import {
  OpenStoreResultResponse,
  SourceFailureResponse,
  StoreTransferReleaseSourceResponse,
  StoreTransferResponse,
  StoreTransferRotateResponse,
  StoreTransferSetupCodeResponse,
} from './store-transfer.responses';
import { Body, Controller, createParamDecorator, ExecutionContext, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, Page, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import type { Request } from 'express';
import { StoreDataScope, StoreEvent, TransferConflict, TransferInbox } from './hq-transfer.entity';
import { CONFLICT_SORT, TransferConflictsService } from './transfer-conflicts.service';
import { INBOX_RECORD_SORT, InboxRecordsService } from './inbox-records.service';
import {
  ConflictQueryDto,
  DataScopeDto,
  DiscardInboxRecordDto,
  InboxRecordQueryDto,
  OpenStoreDto,
  ReleaseSourceDto,
  RotatePasswordDto,
  SetupCodeDto,
  SourceFailureQueryDto,
  StoreEventQueryDto,
  TransferStoreQueryDto,
} from './store-opening.dto';
import { OpenStoreResult, StoreOpeningService } from './store-opening.service';
import { SOURCE_FAILURE_SORT, SourceFailureView, STORE_EVENT_SORT, StoreTransferService, StoreTransferView, TRANSFER_STORE_SORT } from './store-transfer.service';

/** This request's own address, the default HQ address written into setup codes. */
const Origin = createParamDecorator((_d: unknown, host: ExecutionContext) => {
  const req = host.switchToHttp().getRequest<Request>();
  return `${req.protocol}://${req.get('host')}`;
});

@ApiTags('连锁管理')
@Controller('stores')
export class StoreTransferController {
  constructor(
    private readonly opening: StoreOpeningService,
    private readonly transfer: StoreTransferService,
    private readonly records: InboxRecordsService,
    private readonly conflicts: TransferConflictsService,
  ) {}

  @Post('open')
  @RequirePermission('store.open')
  @ApiOperation({ summary: '开新店: open a store in one step (idempotent by idempotencyKey)' })
  @ApiCreatedResponse({ type: OpenStoreResultResponse })
  @ApiErrors(
    'DUPLICATE',
    'IDEMPOTENCY_MISMATCH',
    'IDENTITY_ORG_CODE_TAKEN',
    'IDENTITY_OTHER_STORE',
    'IDENTITY_UNKNOWN_PERMISSION',
    'IDENTITY_USERNAME_TAKEN',
    'NOT_FOUND',
    'PERMISSION_DENIED',
    'STORE_CODE_TAKEN',
    'STORE_OPENING_INCOMPLETE',
    'VALIDATION_FAILED',
  )
  open(@Ctx() ctx: RequestContext, @Body() dto: OpenStoreDto, @Origin() origin: string): Promise<OpenStoreResult> {
    return this.opening.open(ctx, dto, origin);
  }

  @Get('transfer')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: '门店传输管理: every store with its sync health' })
  @ApiPagedResponse(StoreTransferResponse)
  @ApiErrors('NOT_FOUND')
  @ApiSort(TRANSFER_STORE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: TransferStoreQueryDto): Promise<Page<StoreTransferView>> {
    return this.transfer.list(ctx, q);
  }

  @Get('transfer/sources')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: '门店传输管理: failed transfer signatures per source address (locks hold the address, never the store)' })
  @ApiPagedResponse(SourceFailureResponse)
  @ApiSort(SOURCE_FAILURE_SORT)
  sources(@Ctx() ctx: RequestContext, @Query() q: SourceFailureQueryDto): Promise<Page<SourceFailureView>> {
    return this.transfer.sources(ctx, q);
  }

  @Post('transfer/sources/release')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift the lock and failure counts of one source address (audited)' })
  @ApiOkResponse({ type: StoreTransferReleaseSourceResponse })
  @ApiErrors('NOT_FOUND')
  releaseSource(@Ctx() ctx: RequestContext, @Body() dto: ReleaseSourceDto): Promise<{ source: string; released: number }> {
    return this.transfer.releaseSource(ctx, dto.source);
  }

  @Get(':id/transfer')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: 'One store’s transfer settings and sync health' })
  @ApiOkResponse({ type: StoreTransferResponse })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string): Promise<StoreTransferView> {
    return this.transfer.get(ctx, id);
  }

  @Post(':id/transfer/password')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change (rotate) the transfer password; the old one works during the grace period' })
  @ApiOkResponse({ type: StoreTransferRotateResponse })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE')
  rotate(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: RotatePasswordDto, @Origin() origin: string) {
    return this.transfer.rotate(ctx, id, dto, dto.hqUrl ?? origin);
  }

  @Post(':id/transfer/setup-code')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new one-time setup code for the store (the previous one stops working)' })
  @ApiOkResponse({ type: StoreTransferSetupCodeResponse })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE')
  setupCode(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SetupCodeDto, @Origin() origin: string) {
    return this.transfer.setupCode(ctx, id, dto.hqUrl ?? origin);
  }

  @Post(':id/transfer/revoke')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke the store’s transfer channel (every request refused)' })
  @ApiOkResponse({ type: StoreTransferResponse })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE')
  revoke(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string): Promise<StoreTransferView> {
    return this.transfer.setStatus(ctx, id, 'revoked');
  }

  @Post(':id/transfer/reinstate')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-open a revoked channel, and lift the lock of every address on this store’s code' })
  @ApiOkResponse({ type: StoreTransferResponse })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE')
  reinstate(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string): Promise<StoreTransferView> {
    return this.transfer.setStatus(ctx, id, 'active');
  }

  @Get(':id/data-scope')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: '门店基础资料: what base data the store sees' })
  @ApiOkResponse({ type: StoreDataScope })
  @ApiErrors('STORE_NOT_A_STORE')
  scope(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string): Promise<StoreDataScope> {
    return this.transfer.getScope(ctx, id);
  }

  @Put(':id/data-scope')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: 'Change the data scope: new rows arrive at the next sync, rows leaving it become inactive' })
  @ApiOkResponse({ type: StoreDataScope })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE')
  setScope(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: DataScopeDto): Promise<StoreDataScope> {
    return this.transfer.updateScope(ctx, id, dto, this.opening.scopeRow(dto));
  }

  @Get(':id/events')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: '门店日志: events the store sent' })
  @ApiPagedResponse(StoreEvent)
  @ApiErrors('STORE_NOT_A_STORE')
  @ApiSort(STORE_EVENT_SORT)
  events(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: StoreEventQueryDto): Promise<Page<StoreEvent>> {
    return this.transfer.events(ctx, id, q);
  }

  @Get(':id/transfer/records')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: 'Records the store pushed, by status (default: failed — refused by HQ, waiting for staff)' })
  @ApiPagedResponse(TransferInbox)
  @ApiErrors('STORE_NOT_A_STORE')
  @ApiSort(INBOX_RECORD_SORT)
  inboxRecords(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: InboxRecordQueryDto): Promise<Page<TransferInbox>> {
    return this.records.list(ctx, id, q);
  }

  @Post(':id/transfer/records/:recordId/retry')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run a failed record again after fixing its cause; answers the record as it is now' })
  @ApiOkResponse({ type: TransferInbox })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE', 'TRANSFER_RECORD_NOT_FAILED')
  retryRecord(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Param('recordId', ParseId) recordId: string): Promise<TransferInbox> {
    return this.records.retry(ctx, id, recordId);
  }

  @Post(':id/transfer/records/:recordId/discard')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Do not apply a failed record (audited with the reason)' })
  @ApiOkResponse({ type: TransferInbox })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE', 'TRANSFER_RECORD_NOT_FAILED')
  discardRecord(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseId) id: string,
    @Param('recordId', ParseId) recordId: string,
    @Body() dto: DiscardInboxRecordDto,
  ): Promise<TransferInbox> {
    return this.records.discard(ctx, id, recordId, dto);
  }

  @Get(':id/transfer/conflicts')
  @RequirePermission('store.transfer.manage')
  @ApiOperation({ summary: 'Records the store sent again under a known id with another body (default: failed — waiting for staff)' })
  @ApiPagedResponse(TransferConflict)
  @ApiErrors('STORE_NOT_A_STORE')
  @ApiSort(CONFLICT_SORT)
  conflictList(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: ConflictQueryDto): Promise<Page<TransferConflict>> {
    return this.conflicts.list(ctx, id, q);
  }

  @Post(':id/transfer/conflicts/:conflictId/discard')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Keep the first record HQ holds; this one is not applied (audited with the reason)' })
  @ApiOkResponse({ type: TransferConflict })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE', 'TRANSFER_RECORD_NOT_FAILED')
  discardConflict(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseId) id: string,
    @Param('conflictId', ParseId) conflictId: string,
    @Body() dto: DiscardInboxRecordDto,
  ): Promise<TransferConflict> {
    return this.conflicts.discard(ctx, id, conflictId, dto);
  }

  @Post(':id/transfer/conflicts/:conflictId/supersede')
  @RequirePermission('store.transfer.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'This record replaces the first one (only while that is failed or discarded) and is processed; answers the record as it is now' })
  @ApiOkResponse({ type: TransferInbox })
  @ApiErrors('NOT_FOUND', 'STORE_NOT_A_STORE', 'TRANSFER_RECORD_APPLIED', 'TRANSFER_RECORD_NOT_FAILED')
  supersedeConflict(
    @Ctx() ctx: RequestContext,
    @Param('id', ParseId) id: string,
    @Param('conflictId', ParseId) conflictId: string,
    @Body() dto: DiscardInboxRecordDto,
  ): Promise<TransferInbox> {
    return this.conflicts.supersede(ctx, id, conflictId, dto);
  }
}
