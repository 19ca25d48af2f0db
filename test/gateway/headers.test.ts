import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endToEnd } from '../../src/gateway/headers.js';

describe('hop-by-hop headers (RFC 9110 §7.6.1)', () => {
  it('drops hop-by-hop headers and those the Connection header lists, keeping order, case and repeats', () => {
    const raw = ['Host', 'a', 'Connection', 'keep-alive, X-Secret-Hop', 'X-Secret-Hop', '1', 'Keep-Alive', 'timeout=5', 'Set-Cookie', 'a=1', 'Transfer-Encoding', 'chunked', 'set-cookie', 'b=2', 'Upgrade', 'h2c', 'TE', 'trailers'];
    assert.deepEqual(endToEnd(raw), ['Host', 'a', 'Set-Cookie', 'a=1', 'set-cookie', 'b=2']);
  });

  it('drops extra names on request', () => {
    assert.deepEqual(endToEnd(['Expect', '100-continue', 'A', '1'], ['expect']), ['A', '1']);
  });
});
