import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyDocument, type TextLine } from '../../src/extract/document.js';
import { scanLines } from '../../src/detect/layout.js';

const line = (text: string, origin: TextLine['origin'] = 'visible', zone: TextLine['zone'] = 'body'): TextLine => ({ text, origin, zone });

describe('zones', () => {
  it('finds the end matter among the last lines of the flow; text beside the flow (parts, attributes, properties) does not push it out', () => {
    const doc = emptyDocument('file', 'application/test');
    const aside = Array.from({ length: 30 }, (_, i) => line(`图表系列${i}`, 'aside'));
    doc.pages.push({
      number: 1,
      lines: [line('南屏省人民政府文件', 'visible', 'header'), line('各市、县人民政府：', 'visible', 'header'), line('正文。'), line('抄送：省委办公厅。'), line('南屏省人民政府办公厅 2024年6月1日印发'), ...aside, line('说明', 'attribute'), line('标题', 'metadata')],
    });
    const zones = scanLines(doc).map((l) => [l.text, l.zone]);
    assert.deepEqual(zones.slice(3, 5), [
      ['抄送：省委办公厅。', 'end'],
      ['南屏省人民政府办公厅 2024年6月1日印发', 'end'],
    ]);
    assert.ok(zones.slice(5).every(([, zone]) => zone !== 'end'));
  });
});
