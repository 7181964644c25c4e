import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTime, ApiEnum, ApiId } from '../common/http/api-contract';
import { SHIPMENT_STATUS_VALUES, type ShipmentStatus } from './replenishment.entity';

/** A transfer shipment serving a replenishment request, as HQ's approval and the store's request list it. */
export class RequestShipmentRef {
  @ApiId()
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiEnum(SHIPMENT_STATUS_VALUES)
  status!: ShipmentStatus;

  @ApiDateTime({ nullable: true })
  postedAt!: Date | null;
}
