import type { AreaLabels } from '.';

/** 价格促销 → 代金券异常 (console/src/pages/pricing/VoucherExceptions.tsx), and the voucher streams' names on the store's 传输 screen. */
const zh = {
  menu: { voucherExceptions: '代金券异常' },
  // the store's 传输 screen: the voucher push streams
  sync: { stream: { 'voucher.redemption': '离线用券', 'voucher.reversal': '券支付冲正' } },
  voucherException: {
    title: '代金券异常（离线重复用券 · 未扣券销售）',
    period: '用券日期',
    store: '门店',
    kind: '异常类型',
    kinds: { double_redemption: '重复用券', offline_rule: '离线用券违规', unmatched_tender: '总部未扣券' },
    reason: '原因',
    reasons: {
      VOUCHER_ALREADY_USED: '券已使用',
      VOUCHER_EXPIRED: '券已过期',
      VOUCHER_NOT_YET_VALID: '券尚未生效',
      VOUCHER_WRONG_STORE: '不能在该店使用',
      VOUCHER_VOID: '券已作废',
      VOUCHER_MIN_SPEND_NOT_MET: '未达使用门槛',
      VOUCHER_PERCENT_EXCEEDED: '超过折扣上限',
      VOUCHER_INSUFFICIENT_BALANCE: '余额不足',
      VOUCHER_NOT_FOUND: '券号不存在',
      NOT_CHARGED: '总部无扣券记录',
      REVERSED: '扣券已撤销',
    },
    number: '券号',
    batchNo: '券批次',
    storeCode: '门店',
    receiptNo: '小票号',
    at: '用券时间',
    amount: '金额',
    otherStoreCode: '先用门店',
    otherReceiptNo: '先用小票/单据',
    detectedAt: '发现时间',
  },
};

const en = {
  menu: { voucherExceptions: 'Voucher exceptions' },
  sync: { stream: { 'voucher.redemption': 'Offline voucher uses', 'voucher.reversal': 'Voucher reversals' } },
  voucherException: {
    title: 'Voucher exceptions (double offline use · tenders HQ never charged)',
    period: 'Redeemed on',
    store: 'Store',
    kind: 'Kind',
    kinds: { double_redemption: 'Double redemption', offline_rule: 'Offline rule broken', unmatched_tender: 'Not charged at HQ' },
    reason: 'Reason',
    reasons: {
      VOUCHER_ALREADY_USED: 'Already used',
      VOUCHER_EXPIRED: 'Expired',
      VOUCHER_NOT_YET_VALID: 'Not yet valid',
      VOUCHER_WRONG_STORE: 'Not valid at that store',
      VOUCHER_VOID: 'Void',
      VOUCHER_MIN_SPEND_NOT_MET: 'Minimum spend not met',
      VOUCHER_PERCENT_EXCEEDED: 'Above its percent',
      VOUCHER_INSUFFICIENT_BALANCE: 'Balance short',
      VOUCHER_NOT_FOUND: 'Unknown number',
      NOT_CHARGED: 'No charge at HQ',
      REVERSED: 'Charge undone',
    },
    number: 'Number',
    batchNo: 'Batch',
    storeCode: 'Store',
    receiptNo: 'Receipt',
    at: 'Redeemed at',
    amount: 'Amount',
    otherStoreCode: 'First used at',
    otherReceiptNo: 'First used by',
    detectedAt: 'Detected at',
  },
};

const labels: AreaLabels = { zh, en };
export default labels;
