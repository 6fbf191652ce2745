import { gunzipSync } from 'node:zlib';
import { ServiceError } from '../service-error.js';

/** True for bytes in gzip's format (RFC 1952's magic number). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates a gzip-compressed report (scanners ship large SARIF logs that way). zlib stops at
 * `limit` bytes of output, so a gzip bomb is refused having used no more than that.
 */
export function gunzipReport(bytes: Uint8Array, limit: number, field = '/document'): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ServiceError('too_large', `the compressed report inflates past ${limit} bytes, the limit (${bytes.length} bytes compressed)`, field);
    }
    throw new ServiceError('invalid', `not valid gzip: ${(error as Error).message}`, field);
  }
}
