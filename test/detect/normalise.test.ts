import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalise, originalSpan } from '../../src/detect/normalise.js';

describe('normalise with an offset map', () => {
  it('folds full-width forms, star-likes and brackets, and drops invisible characters', () => {
    assert.equal(normalise('ＡＢ１２').text, 'AB12');
    assert.equal(normalise('秘密☆１年').text, '秘密★1年');
    assert.equal(normalise('清政发〔2024〕7号').text, '清政发[2024]7号');
    assert.equal(normalise('（此件公开发布）').text, '(此件公开发布)');
    assert.equal(normalise('秘\u200b\u200d密\ufeff★').text, '秘密★');
  });

  it('maps normalised spans back to the original, including astral characters', () => {
    const original = '𠀀秘\u200b密★';
    const n = normalise(original);
    assert.equal(n.text, '𠀀秘密★');
    const from = n.text.indexOf('秘');
    const span = originalSpan(n, from, n.text.length);
    assert.equal(original.slice(span.start, span.end), '秘\u200b密★');
  });

  it('maps an NFKC expansion (one character to several) back to its single source', () => {
    const original = 'a㍻b';
    const n = normalise(original);
    assert.equal(n.text, 'a平成b');
    const span = originalSpan(n, 1, 3);
    assert.equal(original.slice(span.start, span.end), '㍻');
  });
});
