import { OrgUnit, Role } from './identity.entity';
import { LoginResultResponse, MeResponse, PermissionResponse, UserResponse } from './identity.responses';
import { ApiErrors, ApiPagedResponse, ApiSort } from '../common/http/api-contract';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ParseId } from '../common/http/parse-id.pipe';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Authenticated, Ctx, Public } from '../common/http/decorators';
import { RequirePermission } from './require-permission';
import { RequestContext } from '../common/request-context';
import { AuthService } from './auth.service';
import {
  ChangeOwnPasswordDto,
  CreateOrgUnitDto,
  CreateRoleDto,
  CreateUserDto,
  LoginDto,
  OrgUnitQueryDto,
  ResetPasswordDto,
  RoleQueryDto,
  UpdateOrgUnitDto,
  UpdateRoleDto,
  UpdateUserDto,
  UserQueryDto,
} from './identity.dto';
import { ORG_UNIT_SORT, OrgUnitService } from './org-unit.service';
import { ALL_PERMISSIONS, PERMISSIONS } from './permissions';
import { ROLE_SORT, RoleService } from './role.service';
import { USER_SORT, UserService } from './user.service';

const uuid = ParseId;

@ApiTags('系统设置')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ login: { limit: 30, ttl: 60_000 } })
  @ApiOperation({ summary: 'Sign in (登录): returns a bearer token' })
  @ApiOkResponse({ type: LoginResultResponse })
  @ApiErrors('AUTH_ACCOUNT_DISABLED', 'AUTH_ACCOUNT_LOCKED', 'AUTH_INVALID_CREDENTIALS', 'AUTH_TOKEN_INVALID')
  login(@Ctx() ctx: RequestContext, @Body() dto: LoginDto) {
    return this.auth.login(ctx, dto.username, dto.password);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user, org unit, roles and permissions' })
  @ApiOkResponse({ type: MeResponse })
  @ApiErrors('AUTH_TOKEN_INVALID')
  me(@Ctx() ctx: RequestContext) {
    return this.auth.me(ctx, ctx.userId!);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Sign out (退出登录): this token stops working at once' })
  @ApiNoContentResponse({ description: 'done; no body' })
  @ApiErrors('UNAUTHENTICATED')
  logout(@Ctx() ctx: RequestContext) {
    return this.auth.logout(ctx);
  }

  @Post('change-password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Change one’s own password: every other sign-in of the user ends (this one goes on)' })
  @ApiNoContentResponse({ description: 'done; no body' })
  @ApiErrors('IDENTITY_WRONG_PASSWORD', 'NOT_FOUND')
  changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangeOwnPasswordDto) {
    return this.users.changeOwnPassword(ctx, dto);
  }
}

@ApiTags('系统设置')
@Controller('permissions')
export class PermissionsController {
  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The permission catalogue (权限目录)' })
  @ApiOkResponse({ type: PermissionResponse, isArray: true, description: 'code → labels' })
  list() {
    return ALL_PERMISSIONS.map((code) => ({ code, ...PERMISSIONS[code] }));
  }
}

/** Read side of users, on both servers (a store reads its replica). */
@ApiTags('系统设置')
@Controller('users')
export class UsersReadController {
  constructor(protected readonly users: UserService) {}

  @Get()
  @RequirePermission('identity.user.read')
  @ApiOperation({ summary: 'List users (scoped: a store sees its own)' })
  @ApiPagedResponse(UserResponse)
  @ApiSort(USER_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: UserQueryDto) {
    return this.users.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('identity.user.read')
  @ApiOperation({ summary: 'One user with roles and org unit' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.users.get(ctx, id);
  }
}

/** Users are managed at HQ, the source; stores receive copies through sync. */
@ApiTags('系统设置')
@Controller('users')
export class UsersController extends UsersReadController {
  @Post()
  @RequirePermission('identity.user.write')
  @ApiOperation({ summary: 'Create a user (a store administrator: only in its store)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors('IDENTITY_GRANT_EXCEEDS_OWN', 'IDENTITY_OTHER_STORE', 'IDENTITY_UNKNOWN_PERMISSION', 'IDENTITY_USERNAME_TAKEN', 'NOT_FOUND')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto) {
    return this.users.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('identity.user.write')
  @ApiOperation({ summary: 'Change name, status or roles of a user' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors('IDENTITY_CANNOT_DISABLE_SELF', 'IDENTITY_GRANT_EXCEEDS_OWN', 'IDENTITY_OTHER_STORE', 'IDENTITY_UNKNOWN_PERMISSION', 'NOT_FOUND')
  update(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(ctx, id, dto);
  }

  @Put(':id/password')
  @HttpCode(204)
  @RequirePermission('identity.user.write')
  @ApiOperation({ summary: 'Reset a user’s password (also unlocks the account)' })
  @ApiNoContentResponse({ description: 'done; no body' })
  @ApiErrors('NOT_FOUND')
  resetPassword(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: ResetPasswordDto) {
    return this.users.resetPassword(ctx, id, dto);
  }
}

@ApiTags('系统设置')
@Controller('roles')
export class RolesReadController {
  constructor(protected readonly roles: RoleService) {}

  @Get()
  @RequirePermission('identity.role.read')
  @ApiOperation({ summary: 'List roles: chain-wide ones and, for a store, its own' })
  @ApiPagedResponse(Role)
  @ApiSort(ROLE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: RoleQueryDto) {
    return this.roles.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('identity.role.read')
  @ApiOperation({ summary: 'One role with its permissions' })
  @ApiOkResponse({ type: Role })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.roles.get(ctx, id);
  }
}

@ApiTags('系统设置')
@Controller('roles')
export class RolesController extends RolesReadController {
  @Post()
  @RequirePermission('identity.role.write')
  @ApiOperation({ summary: 'Create a role with permissions (never more than the caller holds)' })
  @ApiCreatedResponse({ type: Role })
  @ApiErrors('IDENTITY_GRANT_EXCEEDS_OWN', 'IDENTITY_OTHER_STORE', 'IDENTITY_ROLE_CODE_TAKEN', 'IDENTITY_UNKNOWN_PERMISSION')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateRoleDto) {
    return this.roles.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('identity.role.write')
  @ApiOperation({ summary: 'Change a role’s name or permissions (never more than the caller holds)' })
  @ApiOkResponse({ type: Role })
  @ApiErrors('IDENTITY_GRANT_EXCEEDS_OWN', 'IDENTITY_OTHER_STORE', 'IDENTITY_UNKNOWN_PERMISSION', 'NOT_FOUND')
  update(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: UpdateRoleDto) {
    return this.roles.update(ctx, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('identity.role.write')
  @ApiNoContentResponse({ description: 'done; no body' })
  @ApiOperation({ summary: 'Delete a role no user holds (built-in roles stay)' })
  @ApiErrors('IDENTITY_BUILT_IN_ROLE', 'IDENTITY_OTHER_STORE', 'IDENTITY_ROLE_IN_USE', 'NOT_FOUND')
  remove(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.roles.remove(ctx, id);
  }
}

@ApiTags('系统设置')
@Controller('org-units')
export class OrgUnitsReadController {
  constructor(protected readonly orgs: OrgUnitService) {}

  @Get()
  @RequirePermission('identity.org.read')
  @ApiOperation({ summary: 'List org units (HQ and stores; a store sees itself)' })
  @ApiPagedResponse(OrgUnit)
  @ApiSort(ORG_UNIT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: OrgUnitQueryDto) {
    return this.orgs.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('identity.org.read')
  @ApiOperation({ summary: 'One org unit' })
  @ApiOkResponse({ type: OrgUnit })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.orgs.get(ctx, id);
  }
}

@ApiTags('系统设置')
@Controller('org-units')
export class OrgUnitsController extends OrgUnitsReadController {
  @Post()
  @RequirePermission('identity.org.write')
  @ApiOperation({ summary: 'Create a store org unit (the opening wizard does this and more in one step)' })
  @ApiCreatedResponse({ type: OrgUnit })
  @ApiErrors('IDENTITY_ORG_CODE_TAKEN', 'PERMISSION_DENIED')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateOrgUnitDto) {
    return this.orgs.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('identity.org.write')
  @ApiOperation({ summary: 'Change an org unit’s name, address or status' })
  @ApiOkResponse({ type: OrgUnit })
  @ApiErrors('CONFLICT', 'NOT_FOUND', 'PERMISSION_DENIED')
  update(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: UpdateOrgUnitDto) {
    return this.orgs.update(ctx, id, dto);
  }
}
