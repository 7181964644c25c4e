import { PurchaseReturn } from './purchase-return.entity';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiPagedResponse, Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { PostOptionsDto, PurchaseReturnQueryDto, SavePurchaseReturnDto } from './purchasing.dto';
import { PurchaseReturnService } from './purchase-return.service';

@ApiTags('采购管理')
@Controller('purchase-returns')
export class PurchaseReturnController {
  constructor(private readonly returns: PurchaseReturnService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'List purchase returns' })
  @ApiPagedResponse(PurchaseReturn)
  list(@Ctx() ctx: RequestContext, @Query() q: PurchaseReturnQueryDto) {
    return this.returns.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'One return with lines' })
  @ApiOkResponse({ type: PurchaseReturn })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.get(ctx, id);
  }

  @Post()
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Create a return to the supplier, from a receipt or free (draft, or posted with `post: true`)' })
  @ApiCreatedResponse({ type: PurchaseReturn })
  create(@Ctx() ctx: RequestContext, @Body() dto: SavePurchaseReturnDto) {
    return this.returns.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Post the return: stock goes out, never more than the batch holds' })
  @ApiOkResponse({ type: PurchaseReturn })
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostOptionsDto) {
    return this.returns.post(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Cancel a draft return' })
  @ApiOkResponse({ type: PurchaseReturn })
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.cancel(ctx, id);
  }
}
