import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { makePdf } from '../fixtures/make.js';
import { startWordPress, wordpressSkip, type WordPress } from '../helpers/wordpress.js';
import { crawlBench, job } from './harness.js';

/**
 * A real WordPress (Debian's package) read through its REST API: what a
 * crawl without credentials finds is what any visitor can read; with an
 * administrator's application password, drafts, pending, scheduled and
 * private items too.
 */
describe('baomi crawl --wordpress against a real WordPress', { skip: wordpressSkip }, () => {
  let wp: WordPress;
  const ids: Record<string, number> = {};
  before(async () => {
    wp = await startWordPress(['admin'], { atItsAddress: true });
    const post = (name: string, status: string, type: string, title: string, content: string) => {
      ids[name] = Number(wp.php(`echo wp_insert_post(['post_title' => ${JSON.stringify(title)}, 'post_content' => ${JSON.stringify(content)}, 'post_status' => '${status}', 'post_type' => '${type}', 'post_author' => 1]);`));
    };
    post('clean', 'publish', 'post', '县政府召开第27次常务会议', '<p>会议研究部署了防汛抗旱、安全生产和项目建设等工作。</p>');
    post('marked', 'publish', 'post', '关于做好防汛工作的通知', '<p>000036</p><p>秘密★1年</p><p>特急</p><p>关于做好防汛工作的通知</p><p>各乡镇人民政府：现将有关事项通知如下。</p>');
    post('draft', 'draft', 'post', '关于做好防汛工作的通知（草稿）', '<p>000037</p><p>机密★5年</p><p>关于做好防汛工作的通知</p>');
    post('private', 'private', 'post', '工作简报', '<p>内部资料　注意保存</p><p>工作简报（第9期）</p>');
    post('page', 'publish', 'page', '机构职能', '<p>县政府办公室负责处理县政府日常工作。</p>');
    // Twelve more clean posts: the listing takes more than one page at a per_page the test sets below.
    for (let i = 0; i < 12; i++) post(`news${i}`, 'publish', 'post', `政务动态第${i + 1}期`, `<p>本周全县各项工作有序推进（第${i + 1}期）。</p>`);
    const pdf = (await makePdf([[{ text: '000158', x: 60, y: 60 }, { text: '机密★10年', x: 60, y: 80 }, { text: '关于印发应急预案的通知', x: 120, y: 160, size: 18 }]])).toString('base64');
    wp.php(`$up = wp_upload_bits('notice.pdf', null, base64_decode('${pdf}')); wp_insert_attachment(['post_mime_type' => 'application/pdf', 'post_title' => 'notice', 'post_status' => 'inherit'], $up['file'], ${ids.clean});`);
  });
  after(() => wp?.close());

  it('without credentials finds what visitors can read: the marked post and the marked attachment, not drafts or private posts', async () => {
    const bench = await crawlBench({ registry: false });
    try {
      const summary = await bench.crawl(job({ wordpress: `${wp.url}/` }));
      assert.equal(summary.run.state, 'finished');
      const items = await bench.storage.store.published.list({ limit: 100, offset: 0 });
      const urls = items.map((i) => new URL(i.url)).map((u) => u.searchParams.get('p') ?? u.pathname);
      assert.deepEqual(urls.sort(), [String(ids.marked), `/wp-content/uploads/${new Date().getFullYear()}/${String(new Date().getMonth() + 1).padStart(2, '0')}/notice.pdf`].sort());
      const attachment = items.find((i) => i.url.endsWith('notice.pdf'))!;
      assert.equal(attachment.verdict, 'block');
      assert.ok(summary.stats['wp-item']! >= 14, `posts and pages scanned: ${summary.stats['wp-item']}`);
    } finally {
      await bench.close();
    }
  });

  it('with an administrator\'s application password also reads drafts and private posts, paging through every listing', async () => {
    const bench = await crawlBench({ registry: false });
    try {
      const summary = await bench.crawl(job({ wordpress: `${wp.url}/`, auth: `admin:${wp.users.admin!.appPassword}` }));
      const items = await bench.storage.store.published.list({ limit: 100, offset: 0 });
      const posts = items.map((i) => new URL(i.url).searchParams.get('p')).filter(Boolean).sort();
      assert.deepEqual(posts, [ids.marked, ids.draft, ids.private].map(String).sort());
      assert.equal(items.find((i) => i.url.endsWith(`p=${ids.private}`))!.verdict, 'block');
      assert.equal(summary.stats.unscanned ?? 0, 0);
      // A second crawl finds nothing new and scans nothing: every post is as it was.
      bench.scanned.length = 0;
      const again = await bench.crawl(job({ wordpress: `${wp.url}/`, auth: `admin:${wp.users.admin!.appPassword}` }));
      assert.deepEqual(bench.scanned, []);
      assert.equal(again.stats.unchanged, summary.stats['wp-item']! + summary.stats.attachment!);
    } finally {
      await bench.close();
    }
  });

  it('with credentials WordPress refuses, does not crawl at all (WordPress would read them as a visitor\'s)', async () => {
    const bench = await crawlBench({ registry: false });
    try {
      await assert.rejects(bench.crawl(job({ wordpress: `${wp.url}/`, auth: 'admin:wrong wrong wrong wrong' })), /did not accept the crawl's credentials \(http-401: 401 Unauthorized \(\w+/);
      assert.deepEqual(await bench.storage.store.crawls.runs(5), []);
    } finally {
      await bench.close();
    }
  });
});
