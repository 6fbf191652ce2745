import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { ServiceError } from '../service-error.js';
import { gunzipReport, isGzip } from './compressed-report.js';

describe('gunzipReport', () => {
  it('inflates a compressed report within the limit', () => {
    const text = JSON.stringify({ version: '2.1.0', runs: [] });
    assert.ok(isGzip(gzipSync(text)));
    assert.ok(!isGzip(Buffer.from(text)));
    assert.equal(gunzipReport(gzipSync(text), 1024).toString('utf8'), text);
  });

  it('refuses a gzip bomb once the output passes the limit, without inflating it all', () => {
    // 256 MiB of zeros compress to about 256 KiB.
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024));
    assert.ok(bomb.length < 1024 * 1024);
    const before = process.memoryUsage().arrayBuffers;
    assert.throws(
      () => gunzipReport(bomb, 16 * 1024 * 1024),
      (e: ServiceError) => e.kind === 'too_large' && e.field === '/document' && /inflates past 16777216 bytes/.test(e.message),
    );
    // What stayed allocated is the limit's worth at most, not the 256 MiB the bomb holds.
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024);
  });

  it('names a corrupt stream as invalid', () => {
    const broken = gzipSync('{"title":"x"}').subarray(0, 12);
    assert.throws(() => gunzipReport(broken, 1024), (e: ServiceError) => e.kind === 'invalid' && /^not valid gzip/.test(e.message));
  });
});
