import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { PERMISSION_KEY } from '../common/http/decorators';
import type { PermissionCode } from './permissions';

/**
 * The caller must hold this permission (any one of several, if several are given). Its 401/403
 * answers are added to the document by finishOpenApiDocument (api-contract.ts). Here, not in
 * common/: it names identity's permission codes, and common/ imports nothing above it.
 */
export const RequirePermission = (...permissions: PermissionCode[]) =>
  applyDecorators(SetMetadata(PERMISSION_KEY, permissions), ApiBearerAuth(), ApiExtension('x-permission', permissions.join(' | ')));
