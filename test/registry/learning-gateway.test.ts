import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import request from 'supertest';
import { tokenHash } from '../../src/review/auth.js';
import { officialText, randomWords } from '../fixtures/official-text.js';
import { startRig, type TestRig } from '../helpers/gateway.js';

const officer = 'officer-token-0123456789';
const phrase = '紧扣强区富民创新驱动工作主线，';
const sentence = '青岚水库除险加固工程于7月3日起实行封闭施工，坝顶道路禁止一切车辆通行，管理所值班电话改为8807316。';
const received = [officialText(31, 600, 0).join(''), `${phrase}${sentence}`, officialText(32, 600, 0).join('')].join('\n');

describe('the gateway teaches the registry from what it allows', () => {
  let rig: TestRig;
  const publish = (content: string) => request(rig.gw.publicUrl).post('/wp-json/wp/v2/posts').send({ title: '工作动态', content: `<p>${content}</p>` });
  const learned = async () => {
    let n = 0;
    for await (const e of rig.gw.store.audit.entries()) if (e.kind === 'registry.learn') n++;
    return n;
  };

  before(async () => {
    rig = await startRig();
    await rig.gw.store.users.create('officer-1', 'officer', tokenHash(officer));
    const res = await request(rig.gw.adminUrl).post(`/api/registry?level=${encodeURIComponent('秘密')}&file=received.txt`).set('Authorization', `Bearer ${officer}`).set('Content-Type', 'application/octet-stream').send(Buffer.from(received));
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
  after(() => rig.close());

  it('holds a post quoting the phrase with the start of the sentence, until three allowed posts showed the phrase is stock', async () => {
    const quoting = `${phrase}${sentence.slice(0, 15)}`;
    const held = await publish(quoting);
    assert.equal(held.body.code, 'baomi_held', JSON.stringify(held.body));
    for (const seed of [1, 3, 5]) assert.equal((await publish(`${randomWords(seed, 80)}${phrase}${randomWords(seed + 1, 80)}`)).status, 201);
    // Learning runs after each response, never in its way.
    for (let i = 0; i < 50 && !(await learned()); i++) await sleep(100);
    assert.equal(await learned(), 1, 'one promotion, audited');
    const again = await publish(quoting);
    assert.equal(again.status, 201, JSON.stringify(again.body));
  });
});
