import { defineErrorCodes } from '../common/errors';

export const IdentityError = defineErrorCodes({
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_ACCOUNT_LOCKED: 423,
  AUTH_ACCOUNT_DISABLED: 403,
  AUTH_TOKEN_INVALID: 401,
  AUTH_TOKEN_EXPIRED: 401,
  /** the sign-in was ended: logout, password changed, account disabled, access changed (details.reason) */
  AUTH_SESSION_ENDED: 401,
  /** a manager approval (授权) token that is not genuine, expired, of another sign-in, or whose approver lost the right — 403, not 401: the cashier stays signed in */
  AUTH_APPROVAL_INVALID: 403,
  IDENTITY_USERNAME_TAKEN: 409,
  IDENTITY_ROLE_CODE_TAKEN: 409,
  IDENTITY_ORG_CODE_TAKEN: 409,
  IDENTITY_UNKNOWN_PERMISSION: 400,
  IDENTITY_GRANT_EXCEEDS_OWN: 403,
  IDENTITY_OTHER_STORE: 403,
  IDENTITY_ROLE_IN_USE: 409,
  IDENTITY_BUILT_IN_ROLE: 409,
  IDENTITY_CANNOT_DISABLE_SELF: 409,
  IDENTITY_WRONG_PASSWORD: 400,
});
