import { CatalogImportError } from './catalog-import.entity';
import { CatalogImportResponse } from './catalog.responses';
import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Type, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiFileResponse,
  ApiPagedResponse,
  ApiSort,
  CATALOG_SPECS,
  catalogDto,
  catalogQueryDto,
  catalogReadController,
  CatalogRegistry,
  catalogResponseType,
  CatalogSpec,
  controllerName,
  Ctx,
  DisableDto,
  ErrorFileQueryDto,
  ImportErrorsQueryDto,
  ImportListQueryDto,
  ImportOptionsDto,
  ParseId,
  RequestContext,
  RequirePermission,
  setParamTypes,
} from '@chain-erp/shared';
import { CatalogExportService } from './catalog-export.service';
import { CatalogImportService, IMPORT_ERROR_SORT, IMPORT_SORT, UploadedSheet } from './catalog-import.service';
import { RemoveUpload } from './upload-cleanup.interceptor';

/**
 * HQ's eight operations for every base-data entity: list and get (shared with the stores), export,
 * template, import, create, update, disable. Generated once per entity from its spec; each is one
 * service call.
 */
function catalogController(spec: CatalogSpec): Type {
  const Query_ = catalogQueryDto(spec);
  const Read = catalogReadController(spec) as Type<{ registry: CatalogRegistry }>;
  const Create = catalogDto(spec, 'create');
  const Update = catalogDto(spec, 'update');
  const write = spec.writePermission;

  @ApiTags('基本信息')
  @Controller(`catalog/${spec.path}`)
  class CatalogController extends Read {
    constructor(
      @Inject(CatalogRegistry) registry: CatalogRegistry,
      @Inject(CatalogExportService) private readonly exports: CatalogExportService,
      @Inject(CatalogImportService) private readonly imports: CatalogImportService,
    ) {
      super(registry);
    }

    @Get('export')
    @RequirePermission('catalog.read')
    @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${spec.zh}.xlsx`)
    @ApiOperation({ summary: `Export ${spec.path} as .xlsx (same filters as the list; the file can be imported again)` })
    @ApiSort(spec.sort, 'the export keeps the records’ stored order and ignores `sort`')
    export(@Ctx() ctx: RequestContext, @Query() q: object) {
      return this.exports.export(ctx, spec.key, q);
    }

    @Get('import-template')
    @RequirePermission('catalog.read')
    @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the import template')
    @ApiOperation({ summary: `Download the ${spec.zh} import template (Chinese and English header rows, instructions sheet)` })
    template() {
      return this.exports.template(spec.key);
    }

    @Post('imports')
    @HttpCode(202)
    @RequirePermission('catalog.import')
    @UseInterceptors(FileInterceptor('file'), RemoveUpload)
    @ApiConsumes('multipart/form-data')
    @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: '.xlsx, .csv or .txt' } } } })
    @ApiAcceptedResponse({ type: CatalogImportResponse, description: 'the import is queued; follow it at GET /api/catalog/imports/{id}' })
    @ApiOperation({ summary: `Import ${spec.path} (${spec.zh}) from .xlsx/.csv/.txt: validate, commit (all or nothing) or commit-valid` })
    @ApiErrors('CATALOG_HQ_ONLY', 'IMPORT_FILE_REQUIRED', 'PERMISSION_DENIED')
    import(@Ctx() ctx: RequestContext, @UploadedFile() file: UploadedSheet | undefined, @Query() q: ImportOptionsDto) {
      return this.imports.upload(ctx, spec.key, file, q);
    }

    @Post()
    @RequirePermission(write)
    @ApiOperation({ summary: `Create a ${spec.key} (${spec.zh})` })
    @ApiCreatedResponse({ type: catalogResponseType(spec) })
    @ApiErrors('CATALOG_CODE_TAKEN', 'CATALOG_INVALID_INPUT', 'NOT_FOUND', 'VALIDATION_FAILED', 'VERSION_CONFLICT')
    create(@Ctx() ctx: RequestContext, @Body() dto: object) {
      return this.registry.get(spec.key).create(ctx, dto);
    }

    @Patch(':id')
    @RequirePermission(write)
    @ApiOperation({ summary: `Change a ${spec.key}; send expectedVersion to refuse overwriting someone else's change (409)` })
    @ApiOkResponse({ type: catalogResponseType(spec) })
    @ApiErrors('CATALOG_CODE_TAKEN', 'CATALOG_INVALID_INPUT', 'NOT_FOUND', 'VALIDATION_FAILED', 'VERSION_CONFLICT')
    update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: object) {
      return this.registry.get(spec.key).update(ctx, id, dto);
    }

    @Post(':id/disable')
    @HttpCode(200)
    @RequirePermission(write)
    @ApiOperation({ summary: `Disable a ${spec.key} (停用); nothing is deleted` })
    @ApiOkResponse({ type: catalogResponseType(spec) })
    @ApiErrors('CATALOG_INVALID_INPUT', 'NOT_FOUND', 'VALIDATION_FAILED')
    disable(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: DisableDto) {
      return this.registry.get(spec.key).disable(ctx, id, dto.expectedVersion);
    }
  }
  setParamTypes(CatalogController, 'export', [RequestContext, Query_]);
  setParamTypes(CatalogController, 'create', [RequestContext, Create]);
  setParamTypes(CatalogController, 'update', [RequestContext, String, Update]);
  Object.defineProperty(CatalogController, 'name', { value: controllerName(spec, 'Controller') });
  return CatalogController;
}

export const CATALOG_ENTITY_CONTROLLERS = CATALOG_SPECS.map(catalogController);

@ApiTags('基本信息')
@Controller('catalog/imports')
export class CatalogImportsController {
  constructor(private readonly imports: CatalogImportService) {}

  @Get()
  @RequirePermission('catalog.import')
  @ApiOperation({ summary: 'Imports, newest first' })
  @ApiPagedResponse(CatalogImportResponse)
  @ApiSort(IMPORT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: ImportListQueryDto) {
    return this.imports.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('catalog.import')
  @ApiOperation({ summary: 'Progress and result of an import: state, rows read/valid/failed, created/updated/unchanged' })
  @ApiOkResponse({ type: CatalogImportResponse })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.imports.get(ctx, id);
  }

  @Get(':id/errors')
  @RequirePermission('catalog.import')
  @ApiOperation({ summary: 'Row errors of an import: row number, column, code, message' })
  @ApiPagedResponse(CatalogImportError)
  @ApiErrors('NOT_FOUND')
  @ApiSort(IMPORT_ERROR_SORT)
  errors(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: ImportErrorsQueryDto) {
    return this.imports.errors(ctx, id, q);
  }

  @Get(':id/error-file')
  @RequirePermission('catalog.import')
  @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the rows with an error column')
  @ApiOperation({ summary: 'The uploaded rows as .xlsx with an error column (错误), to fix and upload again' })
  @ApiErrors('CATALOG_IMPORT_FILE_EXPIRED', 'CATALOG_IMPORT_NOT_FINISHED', 'NOT_FOUND')
  errorFile(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: ErrorFileQueryDto) {
    return this.imports.errorFile(ctx, id, q);
  }
}
