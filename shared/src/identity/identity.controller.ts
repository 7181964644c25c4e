import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, UseGuards } from '@nestjs/common';
import { ParseId } from '../common/http/parse-id.pipe';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { Authenticated, Ctx, Public, RequirePermission } from '../common/http/decorators';
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
import { OrgUnitService } from './org-unit.service';
import { ALL_PERMISSIONS, PERMISSIONS } from './permissions';
import { RoleService } from './role.service';
import { UserService } from './user.service';

const uuid = ParseId;

@ApiTags('auth')
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
  login(@Ctx() ctx: RequestContext, @Body() dto: LoginDto) {
    return this.auth.login(ctx, dto.username, dto.password);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user, org unit, roles and permissions' })
  me(@Ctx() ctx: RequestContext) {
    return this.auth.me(ctx, ctx.userId!);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Sign out (退出登录): this token stops working at once' })
  logout(@Ctx() ctx: RequestContext) {
    return this.auth.logout(ctx);
  }

  @Post('change-password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Change one’s own password: every other sign-in of the user ends (this one goes on)' })
  changePassword(@Ctx() ctx: RequestContext, @Body() dto: ChangeOwnPasswordDto) {
    return this.users.changeOwnPassword(ctx, dto);
  }
}

@ApiTags('permissions')
@Controller('permissions')
export class PermissionsController {
  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The permission catalogue (权限目录)' })
  @ApiOkResponse({ description: 'code → labels' })
  list() {
    return ALL_PERMISSIONS.map((code) => ({ code, ...PERMISSIONS[code] }));
  }
}

/** Read side of users, on both servers (a store reads its replica). */
@ApiTags('users')
@Controller('users')
export class UsersReadController {
  constructor(protected readonly users: UserService) {}

  @Get()
  @RequirePermission('identity.user.read')
  @ApiOperation({ summary: 'List users (scoped: a store sees its own)' })
  list(@Ctx() ctx: RequestContext, @Query() q: UserQueryDto) {
    return this.users.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('identity.user.read')
  get(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.users.get(ctx, id);
  }
}

/** Users are managed at HQ, the source; stores receive copies through sync. */
@ApiTags('users')
@Controller('users')
export class UsersController extends UsersReadController {
  @Post()
  @RequirePermission('identity.user.write')
  @ApiOperation({ summary: 'Create a user (a store administrator: only in its store)' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateUserDto) {
    return this.users.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('identity.user.write')
  @ApiOperation({ summary: 'Change name, status or roles of a user' })
  update(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: UpdateUserDto) {
    return this.users.update(ctx, id, dto);
  }

  @Put(':id/password')
  @HttpCode(204)
  @RequirePermission('identity.user.write')
  @ApiOperation({ summary: 'Reset a user’s password (also unlocks the account)' })
  resetPassword(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: ResetPasswordDto) {
    return this.users.resetPassword(ctx, id, dto);
  }
}

@ApiTags('roles')
@Controller('roles')
export class RolesReadController {
  constructor(protected readonly roles: RoleService) {}

  @Get()
  @RequirePermission('identity.role.read')
  @ApiOperation({ summary: 'List roles: chain-wide ones and, for a store, its own' })
  list(@Ctx() ctx: RequestContext, @Query() q: RoleQueryDto) {
    return this.roles.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('identity.role.read')
  get(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.roles.get(ctx, id);
  }
}

@ApiTags('roles')
@Controller('roles')
export class RolesController extends RolesReadController {
  @Post()
  @RequirePermission('identity.role.write')
  @ApiOperation({ summary: 'Create a role with permissions (never more than the caller holds)' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateRoleDto) {
    return this.roles.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('identity.role.write')
  update(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: UpdateRoleDto) {
    return this.roles.update(ctx, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('identity.role.write')
  remove(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.roles.remove(ctx, id);
  }
}

@ApiTags('org-units')
@Controller('org-units')
export class OrgUnitsReadController {
  constructor(protected readonly orgs: OrgUnitService) {}

  @Get()
  @RequirePermission('identity.org.read')
  @ApiOperation({ summary: 'List org units (HQ and stores; a store sees itself)' })
  list(@Ctx() ctx: RequestContext, @Query() q: OrgUnitQueryDto) {
    return this.orgs.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('identity.org.read')
  get(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string) {
    return this.orgs.get(ctx, id);
  }
}

@ApiTags('org-units')
@Controller('org-units')
export class OrgUnitsController extends OrgUnitsReadController {
  @Post()
  @RequirePermission('identity.org.write')
  @ApiOperation({ summary: 'Create a store org unit (the opening wizard does this and more in one step)' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateOrgUnitDto) {
    return this.orgs.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('identity.org.write')
  update(@Ctx() ctx: RequestContext, @Param('id', uuid) id: string, @Body() dto: UpdateOrgUnitDto) {
    return this.orgs.update(ctx, id, dto);
  }
}
