import { Injectable } from '@nestjs/common';

/**
 * "Now" for documents whose time matters to the rules (the till's sales and refunds: prices and
 * promotions in force). Production reads the system clock; a test moves a store to another moment
 * by replacing `now` on the app's instance (e.g. a price change taking effect at 08:00 tomorrow).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
