import { defineErrorCodes } from '../common/errors';

export const ReportError = defineErrorCodes({
  /** a date that is not a calendar day (2026-02-30) */
  REPORT_INVALID_DATE: 400,
  /** `from` after `to` */
  REPORT_RANGE_INVERTED: 400,
});
