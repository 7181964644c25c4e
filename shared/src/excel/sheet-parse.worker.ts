// The entry of the import's parse worker (sheet-parser.ts); loads the reader and the sheet schema only.
import { runSheetParseWorker } from './sheet-parser';

runSheetParseWorker();
