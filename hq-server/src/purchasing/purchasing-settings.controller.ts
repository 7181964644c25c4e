import { PurchasingSettingsResponse } from './purchasing-settings.responses';
import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, RequirePermission } from '@chain-erp/shared';
import { PurchasingSettingsDto } from './purchasing.dto';
import { PurchasingSettingsService } from './purchasing-settings.service';

@ApiTags('采购管理')
@Controller('purchasing/settings')
export class PurchasingSettingsController {
  constructor(private readonly settings: PurchasingSettingsService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'Approval thresholds and over-receipt tolerance' })
  @ApiOkResponse({ type: PurchasingSettingsResponse })
  get(@Ctx() ctx: RequestContext) {
    return this.settings.get(ctx);
  }

  @Put()
  @RequirePermission('purchase.settings')
  @ApiOperation({ summary: 'Set approval thresholds (each one above adds an approval level) and the over-receipt tolerance' })
  @ApiOkResponse({ type: PurchasingSettingsResponse })
  update(@Ctx() ctx: RequestContext, @Body() dto: PurchasingSettingsDto) {
    return this.settings.update(ctx, dto);
  }
}
