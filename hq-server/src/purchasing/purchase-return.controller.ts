import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { PostOptionsDto, PurchaseReturnQueryDto, SavePurchaseReturnDto } from './purchasing.dto';
import { PurchaseReturnService } from './purchase-return.service';

@ApiTags('purchasing: returns (采购退货)')
@Controller('purchase-returns')
export class PurchaseReturnController {
  constructor(private readonly returns: PurchaseReturnService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'List purchase returns' })
  list(@Ctx() ctx: RequestContext, @Query() q: PurchaseReturnQueryDto) {
    return this.returns.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'One return with lines' })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.get(ctx, id);
  }

  @Post()
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Create a return to the supplier, from a receipt or free (draft, or posted with `post: true`)' })
  create(@Ctx() ctx: RequestContext, @Body() dto: SavePurchaseReturnDto) {
    return this.returns.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Post the return: stock goes out, never more than the batch holds' })
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostOptionsDto) {
    return this.returns.post(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Cancel a draft return' })
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.cancel(ctx, id);
  }
}
