import { ErrorCode, StoreError } from '@mcp-oauth/core';

/** The `code` of a Node.js system error, if it is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns an expected file-system failure into a typed {@link StoreError} whose
 * message says what to do, so callers never match on raw `EACCES`/`ELOOP`
 * exceptions (STYLE: errors carry stable codes).
 */
export function storeErrorFrom(error: unknown, action: string, path: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = errnoCode(error);
  const options = { cause: error };
  switch (code) {
    case 'ELOOP':
    case 'EMLINK':
      return symlinkRefused(path, error);
    case 'EACCES':
    case 'EPERM':
      return new StoreError(
        ErrorCode.Store,
        `Permission denied while trying to ${action} ${path}. The store folder must belong to this user with mode 0700 (chmod 700 on the folder).`,
        options,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new StoreError(
        ErrorCode.Store,
        `No space left to ${action} ${path}; free some disk space and retry.`,
        options,
      );
    case 'EROFS':
      return new StoreError(
        ErrorCode.Store,
        `Cannot ${action} ${path}: the file system is read-only. Pass a writable \`dir\`.`,
        options,
      );
    default:
      return new StoreError(
        ErrorCode.Store,
        `Could not ${action} ${path}: ${(error as Error)?.message ?? String(error)}`,
        options,
      );
  }
}

/**
 * A symbolic link sits where a record or folder should be. Following it could
 * make us read or overwrite a file chosen by someone else (SPEC ST6).
 */
export function symlinkRefused(path: string, cause?: unknown): StoreError {
  return new StoreError(
    ErrorCode.Store,
    `Refusing to follow the symbolic link at ${path}: records are never read or written through links. Remove the link.`,
    cause === undefined ? {} : { cause },
  );
}
