import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tokenHash } from '../../src/review/auth.js';
import { ADMIN_TOKEN, startRig, type TestRig } from '../helpers/gateway.js';
import { send as sendRaw, type Answer } from '../helpers/http.js';
import { startWordPress, wordpressSkip, type WordPress } from '../helpers/wordpress.js';

/**
 * The gateway in front of a real WordPress: who submitted a held item is
 * what WordPress itself says a login cookie or an application password
 * belongs to; a forged cookie is nobody; clean content is published and
 * marked content never reaches the database.
 */

/** Through the gateway or straight to WordPress, with the site's Host (as the gateway forwards it). */
const send = (base: string, host: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<Answer> => sendRaw(base, method, path, { Host: host, ...headers }, body);

describe('in front of a real WordPress', { skip: wordpressSkip }, () => {
  let wp: WordPress;
  let rig: TestRig;
  let cookies = '';
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:${wp.users[user]!.appPassword}`).toString('base64')}`;
  const held = JSON.stringify({ title: '工作动态', content: '<p>本周传达了机密★文件的有关要求。</p>', status: 'publish' });
  const holdOf = async (res: Answer) => (await fetch(`${rig.gw.adminUrl}/api/holds/${res.json.data.holdId}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } }).then((r) => r.json())) as Record<string, any>;

  before(async () => {
    wp = await startWordPress(['siteadmin', 'editor1']);
    rig = await startRig({ upstreamUrl: wp.url, policy: { scan: { workers: 1 } } });
    // Logging in goes through the gateway (a canonical pass route) and WordPress sets its cookies.
    const login = await send(rig.gw.publicUrl, wp.host, 'POST', '/wp-login.php', { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'wordpress_test_cookie=WP%20Cookie%20check' }, `log=editor1&pwd=${encodeURIComponent(wp.users.editor1!.password)}&testcookie=1`);
    assert.equal(login.status, 302, 'WordPress accepted the login');
    cookies = (login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).join('; ');
    assert.match(cookies, /wordpress_logged_in_/);
  });
  after(async () => {
    await rig?.close();
    await wp?.close();
  });

  it("names the submitter WordPress names: the login cookie's user", async () => {
    const res = await send(rig.gw.publicUrl, wp.host, 'POST', '/?rest_route=/wp/v2/posts', { 'Content-Type': 'application/json', Cookie: cookies }, held);
    assert.equal(res.json.code, 'baomi_held');
    const hold = await holdOf(res);
    assert.equal(hold.submitter, 'editor1');
  });

  it("and the application password's user", async () => {
    const res = await send(rig.gw.publicUrl, wp.host, 'POST', '/?rest_route=/wp/v2/posts', { 'Content-Type': 'application/json', Authorization: basic('siteadmin') }, held);
    assert.equal((await holdOf(res)).submitter, 'siteadmin');
  });

  it('a forged login cookie is nobody: the claim is kept, an officer decides', async () => {
    const name = /wordpress_logged_in_[^=]*/.exec(cookies)![0];
    const forged = `${name}=${encodeURIComponent('siteadmin|1900000000|forgedtoken|forgedhmac')}`;
    const res = await send(rig.gw.publicUrl, wp.host, 'POST', '/?rest_route=/wp/v2/posts', { 'Content-Type': 'application/json', Cookie: forged }, held);
    const hold = await holdOf(res);
    assert.equal(hold.submitter, null);
    assert.deepEqual(hold.claims, ['siteadmin']);
  });

  it('an editor who is also an officer cannot get her own item decided by hiding which login is hers', async () => {
    await rig.gw.store.users.create('editor1', 'officer', tokenHash('editor1-officer-token-00000'));
    const loggedIn = /wordpress_logged_in_[^;]*/.exec(cookies)![0];
    const nonce = (await send(wp.url, wp.host, 'GET', '/wp-admin/admin-ajax.php?action=rest-nonce', { Cookie: cookies })).text.trim();
    const attempts: Array<[string, Record<string, string>]> = [
      // PHP folds "." in a cookie name to "_": WordPress reads this cookie as its own.
      ['a cookie name PHP folds', { Cookie: loggedIn.replace('wordpress_logged_in_', 'wordpress.logged_in_'), 'X-WP-Nonce': nonce, 'X-Remote-User': 'siteadmin' }],
      // WordPress takes the valid cookie and never tries the Basic credentials.
      ['a valid cookie beside failing Basic credentials', { Cookie: `wordpress_logged_in_zz=siteadmin%7C1900000000%7Cx%7Cy; ${loggedIn}`, 'X-WP-Nonce': nonce, Authorization: `Basic ${Buffer.from('siteadmin:wrong').toString('base64')}` }],
    ];
    for (const [name, headers] of attempts) {
      const res = await send(rig.gw.publicUrl, wp.host, 'POST', '/?rest_route=/wp/v2/posts', { 'Content-Type': 'application/json', ...headers }, held);
      const hold = await holdOf(res);
      assert.ok(hold.submitter === 'editor1' || hold.claims.includes('editor1'), `${name}: ${JSON.stringify([hold.submitter, hold.claims])}`);
      const release = await fetch(`${rig.gw.adminUrl}/api/holds/${hold.id}/release`, { method: 'POST', headers: { Authorization: 'Bearer editor1-officer-token-00000' } }).then((r) => r.json() as Promise<Record<string, unknown>>);
      assert.equal(release.error, 'own_item', name);
    }
  });

  it('publishes clean content to WordPress and keeps marked content out of its database', async () => {
    const clean = await send(rig.gw.publicUrl, wp.host, 'POST', '/?rest_route=/wp/v2/posts', { 'Content-Type': 'application/json', Authorization: basic('editor1') }, JSON.stringify({ title: '全民健身月活动', content: '<p>关于开展全民健身月活动的通知</p>', status: 'publish' }));
    assert.equal(clean.status, 201, JSON.stringify(clean.json).slice(0, 300));
    const marked = await send(rig.gw.publicUrl, wp.host, 'POST', '/?rest_route=/wp/v2/posts', { 'Content-Type': 'application/json', Authorization: basic('editor1') }, JSON.stringify({ title: '转发', content: '<p>秘密★1年</p><p>关于做好防汛工作的通知</p>', status: 'publish' }));
    assert.equal(marked.json.code, 'baomi_blocked');
    const titles = wp.php(`foreach (get_posts(['numberposts' => -1, 'post_status' => 'any']) as $p) echo $p->post_title, "\\n";`);
    assert.match(titles, /全民健身月活动/);
    assert.doesNotMatch(titles, /转发/);
  });
});
