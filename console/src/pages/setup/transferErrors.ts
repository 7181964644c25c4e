import type { TFunction } from 'i18next';

/**
 * What a transfer refusal means for the person at the store, and what to do — from the server's
 * stable code and its facts (`details.triesLeft`, `details.lockedUntil`). The server's own message
 * is shown beside it.
 */
export function explainTransferError(t: TFunction, code: string, details?: Record<string, unknown>): string {
  switch (code) {
    case 'TRANSFER_BAD_SIGNATURE':
    case 'TRANSFER_UNKNOWN_STORE':
      return typeof details?.triesLeft === 'number' ? t('transferError.badPassword', { n: details.triesLeft }) : t('transferError.badPasswordNoCount');
    case 'TRANSFER_LOCKED':
      return t('transferError.locked', { until: typeof details?.lockedUntil === 'string' ? new Date(details.lockedUntil).toLocaleString() : '?' });
    case 'TRANSFER_PROTOCOL_UNSUPPORTED':
      return t('transferError.protocol');
    case 'TRANSFER_HQ_UNREACHABLE':
      return t('transferError.unreachable');
    case 'TRANSFER_HQ_ERROR':
      return t('transferError.hqError');
    case 'TRANSFER_SETUP_CODE_INVALID':
      return t('transferError.setupCode');
    case 'TRANSFER_STORE_REVOKED':
      return t('transferError.revoked');
    case 'TRANSFER_KEY_EXPIRED':
      return t('transferError.keyExpired');
    case 'STORE_SETUP_WAREHOUSE_UNKNOWN':
      return t('transferError.warehouse');
    case 'STORE_ALREADY_INITIALISED':
      return t('transferError.already');
    case 'STORE_RESTORE_UNRECONCILED':
      return t('transferError.restore');
    case 'TRANSFER_STALE_TIMESTAMP':
      return t('transferError.clock');
    default:
      return t('transferError.other', { code });
  }
}
