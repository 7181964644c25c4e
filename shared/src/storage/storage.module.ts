import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config';
import { FileStore, LocalFileStore, PgFileStore } from './file-store';

/** The storage port's adapter chosen by FILE_STORE (docs/operations.md); the server lists STORAGE_ENTITIES. */
@Global()
@Module({
  providers: [
    {
      provide: FileStore,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, ds: DataSource) => (config.fileStore === 'local' ? new LocalFileStore(config.fileStoreDir) : new PgFileStore(ds)),
    },
  ],
  exports: [FileStore],
})
export class StorageModule {}
