import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { describeEntity } from '../common/http/api-contract';
import { Product } from './catalog.entity';
import type { CatalogSpec } from './catalog.definitions';

/** Response bodies of base data (the OpenAPI contract, docs/api.md). */

/** A product as the API answers it: its columns and its barcodes (the first is the main one). */
export class ProductResponse extends describeEntity(Product) {
  @ApiProperty({ type: [String], description: 'barcodes, main first' })
  barcodes!: string[];
}

/** What list/get/create/update/disable of a base-data entity answer. */
export function catalogResponseType(spec: CatalogSpec): Type {
  return spec.key === 'product' ? ProductResponse : describeEntity(spec.entity);
}
