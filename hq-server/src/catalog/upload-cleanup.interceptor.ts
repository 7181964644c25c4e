import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { catchError, Observable, throwError } from 'rxjs';

/**
 * Multer stores an upload before the query is validated; when the request is refused after that
 * (a bad query string, a permission, an unreadable file) the temporary file goes with it.
 * Placed after FileInterceptor, so it wraps the pipes and the handler.
 */
@Injectable()
export class RemoveUploadOnError implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        const file = context.switchToHttp().getRequest<{ file?: { path?: string } }>().file;
        if (file?.path) rmSync(file.path, { force: true });
        return throwError(() => e);
      }),
    );
  }
}
