import { Controller, Get, Inject, Param, Query, Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort } from '../common/http/api-contract';
import { catalogResponseType, ProductResponse } from './catalog.responses';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { ParseId } from '../common/http/parse-id.pipe';
import { RequestContext } from '../common/request-context';
import { ParseBarcode } from './barcode';
import { CatalogQueryDto, CategoryQueryDto, ProductQueryDto, StorePriceQueryDto } from './catalog.dto';
import { CatalogRegistry } from './catalog.registry';
import { CatalogSpec } from './catalog.definitions';
import { ProductService } from './product.service';

const QUERY_DTO: Record<string, Type> = { product: ProductQueryDto, category: CategoryQueryDto, 'store-price': StorePriceQueryDto };

export function catalogQueryDto(spec: CatalogSpec): Type {
  return QUERY_DTO[spec.key] ?? CatalogQueryDto;
}

/** The parameter types a generic method cannot declare, so the ValidationPipe and Swagger see the DTOs. */
export function setParamTypes(target: Type, method: string, types: unknown[]): void {
  Reflect.defineMetadata('design:paramtypes', types, target.prototype, method);
}

export function controllerName(spec: CatalogSpec, suffix: string): string {
  return `Catalog${spec.key.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}${suffix}`;
}

/**
 * Reading base data — list (filters, search, pages) and get — the same on both servers: HQ reads
 * its master rows, a store its replica (and only its own store prices). HQ's controllers extend
 * these with writes, imports and exports.
 */
export function catalogReadController(spec: CatalogSpec): Type {
  @ApiTags('基本信息')
  @Controller(`catalog/${spec.path}`)
  class CatalogReadController {
    constructor(@Inject(CatalogRegistry) protected readonly registry: CatalogRegistry) {}

    @Get()
    @RequirePermission('catalog.read')
    @ApiOperation({ summary: `List ${spec.path} (${spec.zh}) with filters, search and pages` })
    @ApiPagedResponse(catalogResponseType(spec))
    @ApiSort(spec.sort)
    list(@Ctx() ctx: RequestContext, @Query() q: object) {
      return this.registry.get(spec.key).list(ctx, q);
    }

    @Get(':id')
    @RequirePermission('catalog.read')
    @ApiOperation({ summary: `One ${spec.key} (${spec.zh}) by id` })
    @ApiOkResponse({ type: catalogResponseType(spec) })
    @ApiErrors('NOT_FOUND')
    get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.registry.get(spec.key).get(ctx, id);
    }
  }
  setParamTypes(CatalogReadController, 'list', [RequestContext, catalogQueryDto(spec)]);
  Object.defineProperty(CatalogReadController, 'name', { value: controllerName(spec, 'ReadController') });
  return CatalogReadController;
}

@ApiTags('基本信息')
@Controller('catalog/products/by-barcode')
export class ProductBarcodeController {
  constructor(private readonly products: ProductService) {}

  @Get(':barcode')
  @RequirePermission('catalog.read')
  @ApiOperation({ summary: 'The product of a barcode (条码查询)' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiErrors('NOT_FOUND')
  byBarcode(@Ctx() ctx: RequestContext, @Param('barcode', ParseBarcode) barcode: string) {
    return this.products.getByBarcode(ctx, barcode);
  }
}
