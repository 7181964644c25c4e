import { dec, type DecimalInput, Dec } from '../common/money';
import { ApiProperty } from '@nestjs/swagger';
import { ApiEnum } from '../common/http/api-contract';
import { CARD_PRICINGS, type CardPricing, type CardScope, type CardState, type MemberCard, type MemberCardType } from './membership.entity';

/** Points for a sale amount: amount × points rate, whole points, rounded down (a customer never gets a point not fully earned). */
export function pointsFor(amount: DecimalInput, pointsRate: DecimalInput): Dec {
  const p = dec(amount).times(pointsRate).toDecimalPlaces(0, Dec.ROUND_DOWN);
  return p.isNegative() ? dec(0) : p;
}

/**
 * Points a refund takes back from a sale that earned `earned` points on `saleAmount`. After refunds
 * worth R the sale keeps floor(earned × (saleAmount − R) ÷ saleAmount) points; a refund takes what
 * the sale kept before it minus what it keeps after it. So partial refunds add up exactly to what
 * one whole refund would take, and a full refund takes back every point, whatever the rounding.
 */
export function pointsToTakeBack(earned: DecimalInput, saleAmount: DecimalInput, refundedBefore: DecimalInput, amount: DecimalInput): Dec {
  const total = dec(saleAmount);
  if (total.lte(0)) return dec(0);
  const kept = (refunded: Dec) =>
    dec(earned)
      .times(Dec.max(total.minus(refunded), 0))
      .div(total)
      .toDecimalPlaces(0, Dec.ROUND_DOWN);
  const before = dec(refundedBefore);
  return Dec.max(kept(before).minus(kept(before.plus(amount))), 0);
}

/** Expiry of a card issued at `issuedAt` under a type valid for `months` (null = never). */
export function expiryOf(issuedAt: Date, months: number | null): Date | null {
  if (!months) return null;
  const d = new Date(issuedAt.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 Jan + 1 month is the last day of February, not 3 March
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** Whether a store may see or use a card: chain cards everywhere, 本店卡 only at their owner; HQ itself (null) sees all. */
export function cardVisibleTo(card: Pick<MemberCard, 'scope' | 'ownerStoreId'>, storeId: string | null): boolean {
  return storeId === null || card.scope === 'chain' || card.ownerStoreId === storeId;
}

/** A card's type as the card's answers show it. */
export class CardTypeSummary {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiEnum(CARD_PRICINGS)
  pricing!: CardPricing;

  @ApiProperty({ type: String, nullable: true })
  discountRate!: string | null;

  @ApiProperty({ type: String })
  pointsRate!: string;

  @ApiProperty({ type: Boolean })
  storedValueAllowed!: boolean;
}

/** A card as HQ's card screens, its member center and a store's counter show it (one class for all three). */
export class CardView {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  cardNo!: string;

  @ApiEnum(['chain', 'store'] satisfies CardScope[])
  scope!: CardScope;

  @ApiEnum(['made', 'assigned', 'issued', 'lost', 'replaced', 'void'] satisfies CardState[])
  state!: CardState;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerStoreId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  memberId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  issuedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: Date | null;

  @ApiProperty({ type: Boolean })
  expired!: boolean;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  pointsBalance!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  storedValueBalance!: string;

  @ApiProperty({ type: () => CardTypeSummary, nullable: true })
  cardType!: CardTypeSummary | null;
}

export function cardView(card: MemberCard, type: MemberCardType | null | undefined, now = new Date()): CardView {
  return {
    id: card.id,
    cardNo: card.cardNo,
    scope: card.scope,
    state: card.state,
    ownerStoreId: card.ownerStoreId,
    memberId: card.memberId,
    issuedAt: card.issuedAt,
    expiresAt: card.expiresAt,
    expired: !!card.expiresAt && card.expiresAt.getTime() <= now.getTime(),
    pointsBalance: card.pointsBalance,
    storedValueBalance: card.storedValueBalance,
    cardType: type
      ? {
          id: type.id,
          code: type.code,
          name: type.name,
          pricing: type.pricing,
          discountRate: type.discountRate,
          pointsRate: type.pointsRate,
          storedValueAllowed: type.storedValueAllowed,
        }
      : null,
  };
}
