import type { SiteSpec } from './site.js';

const page = (title: string, body: string) =>
  Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`);
const html = 'text/html; charset=utf-8';

/** A five-page site: one page marked 秘密★ (block), one citing a 机密★ document (hold), one ordinary page linking a missing attachment, the rest clean. */
export function smallSite(): SiteSpec {
  const resources = new Map([
    ['/index.html', { body: page('云溪县人民政府门户网站', '<a href="/a.html">通知一</a> <a href="/b.html">通知二</a> <a href="/c.html">动态</a> <a href="/d.html">会议</a>'), type: html }],
    ['/d.html', { body: page('工作动态', '<p>本周召开专题会议，传达了机密★文件的有关要求。</p>'), type: html }],
    ['/a.html', { body: page('关于做好防汛工作的通知', '<p>000036</p><p>秘密★1年</p><p>特急</p><p>关于做好防汛工作的通知</p><p>各乡镇人民政府：现将有关事项通知如下。</p>'), type: html }],
    ['/b.html', { body: page('关于开展全民健身月活动的通知', '<p>各乡镇人民政府：为丰富群众文化生活，定于十月举办全民健身月活动。</p><p>附件：<a href="/files/missing.pdf">报名表.pdf</a></p>'), type: html }],
    ['/c.html', { body: page('县政府召开第27次常务会议', '<p>会议研究部署了防汛抗旱、安全生产和项目建设等工作。</p>'), type: html }],
  ]);
  return { resources, expected: [], fillers: [] };
}
