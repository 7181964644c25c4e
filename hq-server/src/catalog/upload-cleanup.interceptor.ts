import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { finalize, Observable } from 'rxjs';

/**
 * Multer stores an upload in the instance's DATA_DIR/uploads before the query is validated. That
 * copy is the request's alone: a kept import file goes to the file store (the storage port), and
 * when the request is refused (a bad query string, a permission, an unreadable file) nothing is
 * kept. Either way the temporary file goes when the request ends. Placed after FileInterceptor,
 * so it wraps the pipes and the handler.
 */
@Injectable()
export class RemoveUpload implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      finalize(() => {
        const file = context.switchToHttp().getRequest<{ file?: { path?: string } }>().file;
        if (file?.path) rmSync(file.path, { force: true });
      }),
    );
  }
}
