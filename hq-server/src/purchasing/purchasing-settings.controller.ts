import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext, RequirePermission } from '@chain-erp/shared';
import { PurchasingSettingsDto } from './purchasing.dto';
import { PurchasingSettingsService } from './purchasing-settings.service';

@ApiTags('purchasing: settings (采购设置)')
@Controller('purchasing/settings')
export class PurchasingSettingsController {
  constructor(private readonly settings: PurchasingSettingsService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'Approval thresholds and over-receipt tolerance' })
  get(@Ctx() ctx: RequestContext) {
    return this.settings.get(ctx);
  }

  @Put()
  @RequirePermission('purchase.settings')
  @ApiOperation({ summary: 'Set approval thresholds (each one above adds an approval level) and the over-receipt tolerance' })
  update(@Ctx() ctx: RequestContext, @Body() dto: PurchasingSettingsDto) {
    return this.settings.update(ctx, dto);
  }
}
