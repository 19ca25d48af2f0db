import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import request from 'supertest';
import { startRig, type TestRig } from '../helpers/gateway.js';

const marked = { title: '转发', content: '<p>000036</p><p>秘密★1年</p><p>特急</p><p>关于做好防汛工作的通知</p>', status: 'publish' };
const inline = { title: '工作动态', content: '<p>本周召开专题会议，传达了机密★文件的有关要求。</p>', status: 'publish' };
const clean = { title: '关于开展全民健身月活动的通知', content: '<p>各乡镇人民政府：定于十月举办全民健身月活动。</p>', status: 'publish' };

describe('inspected publish requests', () => {
  let rig: TestRig;
  before(async () => {
    rig = await startRig({ policy: { routes: [{ name: 'news-monitor', path: '/wp-json/wp/v2/news/**', action: 'monitor', responder: 'wp-rest' }] } });
  });
  after(() => rig.close());
  beforeEach(() => {
    rig.upstream.received.length = 0;
  });

  it('forwards a clean REST post byte for byte and relays the CMS answer', async () => {
    const body = JSON.stringify(clean);
    const res = await request(rig.gw.publicUrl)
      .post('/wp-json/wp/v2/posts')
      .set('Content-Type', 'application/json')
      .set('Cookie', 'wordpress_logged_in_abc=editor1%7C1700000000%7Ctok%7Chmac')
      .set('X-WP-Nonce', 'n0nce')
      .send(body);
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-upstream'], 'yes');
    assert.equal(rig.upstream.received.length, 1);
    const got = rig.upstream.received[0]!;
    assert.equal(got.body.toString('utf8'), body);
    assert.equal(got.headers['x-wp-nonce'], 'n0nce');
    assert.match(got.headers.cookie!, /wordpress_logged_in_abc/);
    assert.equal(got.headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(got.headers['x-forwarded-proto'], 'http');
    assert.equal(got.headers.host, new URL(rig.gw.publicUrl).host, 'Host is kept');
  });

  it('blocks a document with a 密级 mark in its header, in the WordPress REST error shape, and the CMS never sees it', async () => {
    const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(marked);
    assert.equal(res.status, 403);
    assert.equal(res.body.code, 'baomi_blocked');
    assert.equal(res.body.data.status, 403);
    assert.match(res.body.message, /秘密★1年/);
    assert.match(res.body.message, /国家秘密密级/);
    assert.doesNotMatch(res.body.message, /<[a-z]/i, 'the block editor drops messages containing HTML');
    assert.equal(res.body.data.findings[0].rule, 'marking.level-line');
    assert.equal(rig.upstream.received.length, 0);
  });

  it('holds a text that cites a marked document, answering with a hold id and a status URL the editor can open', async () => {
    const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(inline);
    assert.equal(res.status, 403, 'a 2xx would make the block editor say "Published"');
    assert.equal(res.body.code, 'baomi_held');
    const holdId = res.body.data.holdId;
    assert.match(holdId, /^[A-Za-z0-9_-]{12}$/);
    assert.equal(rig.upstream.received.length, 0);
    const status = await request(rig.gw.publicUrl).get(res.body.data.statusUrl);
    assert.equal(status.status, 200);
    assert.equal(status.body.state, 'pending');
    assert.equal(status.body.findings, undefined, 'editors see the state only');
    const html = await request(rig.gw.publicUrl).get(res.body.data.statusUrl).set('Accept', 'text/html');
    assert.match(html.text, /等待保密审查/);
    // In the portal's time zone (Asia/Shanghai unless its identity file says otherwise), as editors read clocks.
    assert.match(html.text, /更新时间 \/ Updated: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \(Asia\/Shanghai\)/);
  });

  it('answers a browser form post with a Chinese HTML page and a way back', async () => {
    const res = await request(rig.gw.publicUrl)
      .post('/wp-admin/post.php')
      .set('Accept', 'text/html,application/xhtml+xml')
      .type('form')
      .send({ post_title: '通知', content: '秘密★1年\n关于召开会议的通知', _wpnonce: 'abc', publish: 'Publish' });
    assert.equal(res.status, 403);
    assert.match(res.headers['content-type']!, /text\/html/);
    assert.match(res.text, /发布已被拦截/);
    assert.match(res.text, /秘密★1年/);
    assert.match(res.text, /返回修改/);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('answers the classic media uploader with HTTP 200 and success:false, naming the file', async () => {
    const res = await request(rig.gw.publicUrl)
      .post('/wp-admin/async-upload.php')
      .field('name', 'notice.html')
      .attach('async-upload', Buffer.from('<p>机密★10年</p><p>关于……的通知</p>'), { filename: 'notice.html', contentType: 'text/html' });
    assert.equal(res.status, 200);
    assert.equal(res.body.success, false);
    assert.equal(res.body.data.filename, 'notice.html');
    assert.match(res.body.data.message, /机密★10年/);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('answers XML-RPC clients with a fault', async () => {
    const xml = `<?xml version="1.0"?><methodCall><methodName>wp.newPost</methodName><params><param><value><struct>
      <member><name>post_title</name><value><string>通知</string></value></member>
      <member><name>post_content</name><value><string>&lt;p&gt;秘密★5年&lt;/p&gt;&lt;p&gt;正文&lt;/p&gt;</string></value></member>
      </struct></value></param></params></methodCall>`;
    const res = await request(rig.gw.publicUrl).post('/xmlrpc.php').set('Content-Type', 'text/xml').send(xml);
    assert.equal(res.status, 200);
    assert.match(res.text, /<fault>/);
    assert.match(res.text, /秘密★5年/);
    assert.equal(rig.upstream.received.length, 0);
  });

  it('a monitor route decides and records but always forwards', async () => {
    const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/news').send(marked);
    assert.equal(res.status, 201);
    assert.equal(rig.upstream.received.length, 1);
    const metrics = await request(rig.gw.adminUrl).get('/metrics');
    assert.match(metrics.text, /baomi_requests_total\{portal="default",route="news-monitor",verdict="monitor"\} 1/);
  });

  it('lets an awareness article that quotes a mark as an example through', async () => {
    const article = { title: '保密知识', content: '<p>国家秘密的标志为“★”，如标注为“机密★10年”的文件，不得在互联网发布。</p>' };
    const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send(article);
    assert.equal(res.status, 201);
    assert.equal(rig.upstream.received.length, 1);
  });

  it('reads marks hidden in attributes, comments, hidden elements and data: URIs', async () => {
    const hidden = [
      '<p>正文</p><div style="display:none">秘密★1年</div>',
      '<!-- 绝密★长期 --><p>正文</p>',
      '<img alt="机密★5年" src="x.png">',
      `<p>正文</p><iframe src="data:text/html;base64,${Buffer.from('<p>秘密★1年</p><p>通知</p>').toString('base64')}"></iframe>`,
    ];
    for (const content of hidden) {
      const res = await request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: 't', content });
      assert.ok([403].includes(res.status), `${content} → ${res.status}`);
      assert.match(res.body.code, /baomi_(held|blocked)/, content);
    }
    assert.equal(rig.upstream.received.length, 0);
  });
});
