import {
  CheckResultResponse,
  ClaimResultResponse,
  HandshakeResultResponse,
  HelloResultResponse,
  PullPageResponse,
  PushResultResponse,
  ReconcilePageResponse,
  SnapshotPageResponse,
} from './transfer-api.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiFileResponse,
  CheckResult,
  ClaimResult,
  Ctx,
  HandshakeResult,
  HelloResult,
  Public,
  PullPage,
  PushResult,
  ReconcilePage,
  RequestContext,
  SnapshotPage,
} from '@chain-erp/shared';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CheckRequestDto, ClaimDto, PullRequestDto, ReconcileRequestDto, PushRequestDto, SnapshotRequestDto, SnapshotStreamRequestDto, StoreCodeParam } from './transfer-api.dto';
import { TransferApiService } from './transfer-api.service';
import { TransferCaller } from './transfer-auth.service';
import { TransferRecoveryService } from './transfer-recovery.service';
import { Caller, TransferSigned } from './transfer-signature.guard';

/** The transfer API stores call (传输接口). Signed with the store key; see docs/transfer.md. */
@ApiTags('连锁管理')
@Controller('transfer/v1')
export class TransferApiController {
  constructor(
    private readonly api: TransferApiService,
    private readonly recovery: TransferRecoveryService,
  ) {}

  @Get('hello/:storeCode')
  @Public()
  @ApiOperation({ summary: 'Salt, key derivation and protocol of a store (unsigned; nothing secret)' })
  @ApiOkResponse({ type: HelloResultResponse })
  hello(@Ctx() ctx: RequestContext, @Param() p: StoreCodeParam): Promise<HelloResult> {
    return this.api.hello(ctx, p.storeCode);
  }

  @Post('setup-claim')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: { limit: 10, ttl: 60_000 } })
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a one-time setup code for the store key, encrypted under the code' })
  @ApiOkResponse({ type: ClaimResultResponse })
  @ApiErrors('TRANSFER_SETUP_CODE_INVALID', 'TRANSFER_STORE_REVOKED')
  claim(@Ctx() ctx: RequestContext, @Body() dto: ClaimDto): Promise<ClaimResult> {
    return this.api.claim(ctx, dto.storeCode, dto.tokenId);
  }

  @Post('handshake')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the signature and learn the store’s id, warehouses and scope version' })
  @ApiOkResponse({ type: HandshakeResultResponse })
  handshake(@Ctx() ctx: RequestContext, @Caller() caller: TransferCaller): Promise<HandshakeResult> {
    return this.api.handshake(ctx, caller);
  }

  @Post('pull')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Changes after a cursor, in the store’s scope (or: take a snapshot)' })
  @ApiOkResponse({ type: PullPageResponse })
  pull(@Ctx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: PullRequestDto): Promise<PullPage> {
    return this.api.pull(ctx, caller, dto);
  }

  @Post('snapshot')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'One page of a full snapshot of the store’s scope' })
  @ApiOkResponse({ type: SnapshotPageResponse })
  snapshot(@Ctx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: SnapshotRequestDto): Promise<SnapshotPage> {
    return this.api.snapshot(ctx, caller, dto);
  }

  @Post('check')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'HQ’s incarnation; whether the store (outbox behind what HQ received) or HQ (cursor ahead of the feed) went back in time' })
  @ApiOkResponse({ type: CheckResultResponse })
  check(@Ctx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: CheckRequestDto): Promise<CheckResult> {
    return this.recovery.check(ctx, caller, dto);
  }

  @Post('reconcile')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'A restored store’s reconciliation: its sales, refunds and shift reports HQ holds (paged), its document-number high-water marks and outbox position' })
  @ApiOkResponse({ type: ReconcilePageResponse })
  reconcile(@Ctx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: ReconcileRequestDto): Promise<ReconcilePage> {
    return this.recovery.reconcile(ctx, caller, dto);
  }

  @Post('push')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Store records, each stored once by its id (a repeat answers duplicate)' })
  @ApiBody({ type: PushRequestDto })
  @ApiOkResponse({ type: PushResultResponse })
  @ApiErrors('IDEMPOTENCY_MISMATCH', 'TRANSFER_OTHER_STORE', 'TRANSFER_UNKNOWN_STREAM', 'VALIDATION_FAILED')
  // typed unknown: the global pipe leaves it alone; the service checks it against PushRequestDto's rules
  push(@Ctx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() body: unknown): Promise<PushResult> {
    return this.api.push(ctx, caller, body);
  }
}

/** Routes of protocol 2 (docs/transfer.md §1): what protocol 1 answers as JSON, streamed as text. */
@ApiTags('连锁管理')
@Controller('transfer/v2')
export class TransferApiV2Controller {
  constructor(private readonly api: TransferApiService) {}

  @Post('snapshot')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'One snapshot page: a JSON header line, then the rows in PostgreSQL COPY text format (row key, then the header’s columns)' })
  @ApiFileResponse('text/plain', 'a JSON header line, then one COPY text line per row')
  async snapshot(@Ctx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: SnapshotStreamRequestDto, @Res() res: Response): Promise<void> {
    const page = await this.api.snapshotStream(ctx, caller, dto);
    res.status(200).type('text/plain; charset=utf-8').end(page);
  }
}
