import { Injectable, Logger } from '@nestjs/common';
import { DomainException, PosError, RequestContext } from '@chain-erp/shared';
import { PosReceiptService } from '../pos-receipt.service';
import { PosSaleService } from '../pos-sale.service';
import { PosSettings, PosSettingsService, requireStore } from '../pos-settings.service';
import { encodeJob, EscPosJob } from './escpos';
import { parsePrinterAddress, sendRaw } from './network-printer';

export interface PrintResult {
  printed: boolean;
  kicked: boolean;
  bytes: number;
  printer: string;
}

/**
 * 外设设置 → a network receipt printer (ESC/POS over TCP 9100): the store server prints the
 * receipt it renders (the same text as `GET …/receipt?format=text`, so the first-print/reprint rule
 * holds) and kicks the cash drawer wired to the printer. Browser printing needs none of this.
 */
@Injectable()
export class PosPrinterService {
  private readonly log = new Logger('PosPrinter');

  constructor(
    private readonly settings: PosSettingsService,
    private readonly receipts: PosReceiptService,
    private readonly sales: PosSaleService,
  ) {}

  /** Prints a sale's receipt; the drawer opens with it per `cashDrawer.openOn` (cash sales, or every sale). */
  async printSale(ctx: RequestContext, saleId: string): Promise<PrintResult> {
    const s = await this.configured(ctx);
    const sale = await this.sales.get(ctx, saleId);
    const drawer = s.peripherals.cashDrawer;
    const kick = drawer.enabled && (drawer.openOn === 'any' || sale.payments.some((p) => p.methodType === 'cash'));
    const receipt = (await this.receipts.sale(ctx, saleId, 'json')) as { text: string };
    return this.send(s, { text: receipt.text, kick });
  }

  async printRefund(ctx: RequestContext, refundId: string): Promise<PrintResult> {
    const s = await this.configured(ctx);
    const receipt = (await this.receipts.refund(ctx, refundId, 'json')) as { text: string };
    return this.send(s, { text: receipt.text, kick: s.peripherals.cashDrawer.enabled });
  }

  /** 开钱箱 through the printer; false when no network printer drives a drawer here (nothing to do). */
  async kickDrawer(ctx: RequestContext): Promise<boolean> {
    const s = await this.settings.effective(ctx, requireStore(ctx));
    if (!parsedNetwork(s) || !s.peripherals.cashDrawer.enabled) return false;
    await this.send(s, { kick: true });
    return true;
  }

  private async configured(ctx: RequestContext): Promise<PosSettings> {
    const s = await this.settings.effective(ctx, requireStore(ctx));
    if (!parsedNetwork(s)) {
      throw new DomainException(PosError.POS_PRINTER_NOT_CONFIGURED, 'no network receipt printer in 外设设置 (print from the browser) / 未设置网络小票打印机', [
        { field: 'peripherals.printer', message: 'kind escpos-network with host:port' },
      ]);
    }
    return s;
  }

  private async send(s: PosSettings, job: EscPosJob): Promise<PrintResult> {
    const target = parsedNetwork(s)!;
    const p = s.peripherals.printer;
    const bytes = encodeJob({ ...job, copies: p.copies, autoCut: p.autoCut });
    try {
      await sendRaw(target, bytes);
    } catch (e) {
      this.log.warn(`printer ${target.host}:${target.port}: ${(e as Error).message}`);
      throw new DomainException(PosError.POS_PRINTER_UNREACHABLE, `the receipt printer ${target.host}:${target.port} did not answer / 小票打印机无响应`, undefined, {
        printer: `${target.host}:${target.port}`,
      });
    }
    return { printed: job.text !== undefined, kicked: !!job.kick, bytes: bytes.length, printer: `${target.host}:${target.port}` };
  }
}

function parsedNetwork(s: PosSettings) {
  const p = s.peripherals.printer;
  return p.kind === 'escpos-network' ? parsePrinterAddress(p.address) : null;
}
