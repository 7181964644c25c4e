import catalog from './catalog';
import chain from './chain';
import dashboard from './dashboard';
import documents from './documents';
import { registerAreas } from './index';
import inventory from './inventory';
import member from './member';
import pos from './pos';
import pricing from './pricing';
import purchase from './purchase';
import reports from './reports';
import settings from './settings';
import settlement from './settlement';
import store from './store';
import tillExtras from './tillExtras';
import voucherExceptions from './voucherExceptions';
import wholesale from './wholesale';

/** The areas' label files, registered when a screen past the login page loads; add yours here. */
registerAreas([catalog, settings, member, dashboard, documents, chain, purchase, inventory, reports, store, pricing, pos, tillExtras, wholesale, settlement, voucherExceptions]);
