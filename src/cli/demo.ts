import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { startDemoCms } from '../demo/cms.js';
import { hashPassword } from '../console/passwords.js';
import { tokenHash } from '../review/auth.js';
import { startGateway } from '../server.js';
import { closeOnSignals } from './serve.js';

/** `baomi demo`: the demo CMS on 8081 and the gateway in front of it, with curl lines to try. */
export async function demo(): Promise<void> {
  const cms = await startDemoCms(Number(process.env.BAOMI_DEMO_CMS_PORT ?? 8081));
  const adminToken = process.env.BAOMI_ADMIN_TOKEN || randomBytes(18).toString('base64url');
  // What the demo prints is a reviewer's token, not the admin's: what a reviewer may do is what the demo shows.
  const token = randomBytes(18).toString('base64url');
  let gw: Awaited<ReturnType<typeof startGateway>>;
  let config: ReturnType<typeof loadConfig>;
  try {
    // On this machine only, unless told otherwise: a demo is no deployment.
    config = loadConfig({ env: { ...process.env, BAOMI_HOST: process.env.BAOMI_HOST || '127.0.0.1', BAOMI_UPSTREAM: process.env.BAOMI_UPSTREAM || cms.url, BAOMI_ADMIN_TOKEN: adminToken, BAOMI_LOG_LEVEL: process.env.BAOMI_LOG_LEVEL || 'warn' } });
    gw = await startGateway(config);
  } catch (err) {
    // Without this the demo CMS would keep the process alive after the error is printed.
    await cms.close();
    throw err;
  }
  closeOnSignals(gw, () => cms.close());
  // A data directory kept from an earlier demo has the demo reviewer already: a new token for it.
  if (!(await gw.store.users.create('demo-reviewer', 'reviewer', tokenHash(token)))) await gw.store.users.rotate('demo-reviewer', tokenHash(token));
  // And a console password, new each run, printed beside the token.
  const password = randomBytes(12).toString('base64url');
  await gw.store.users.setPassword('demo-reviewer', await hashPassword(password));
  const api = `${gw.publicUrl}/wp-json/wp/v2/posts`;
  const json = `-H 'Content-Type: application/json'`;
  process.stdout.write(`
保密审查网关演示 / baomi-gateway demo
  portal (through the gateway):  ${gw.publicUrl}/
  demo CMS (behind it):          ${cms.url}/
  admin (metrics, review API):   ${gw.adminUrl}/metrics
  review console (审核台):       ${gw.adminUrl}/console/
    sign in as demo-reviewer, password ${password}
  reviewer token (review API):   ${token}
  data directory:                ${config.dataDir}

1. A clean article is published (201 from the CMS):
curl -s ${json} -d '{"title":"关于开展全民健身月活动的通知","content":"<p>各乡镇人民政府：为丰富群众文化生活，定于十月举办全民健身月活动。</p>","status":"publish"}' ${api}

2. A document with a classification mark is blocked (403, reason in Chinese):
curl -s ${json} -d '{"title":"转发上级文件","content":"<p>000036</p><p>秘密★1年</p><p>特急</p><p>关于做好防汛工作的通知</p>","status":"publish"}' ${api}

3. Text citing a classified document is held for a reviewer, who sees it in the console or the review API:
curl -s ${json} -d '{"title":"工作动态","content":"<p>本周召开专题会议，传达了机密★文件的有关要求。</p>","status":"publish"}' ${api}
curl -s -H 'Authorization: Bearer ${token}' '${gw.adminUrl}/api/holds?state=pending'

4. What was published before the gateway: a crawl of the CMS finds the article marked 内部资料 (in another terminal):
npx baomi crawl --wordpress ${cms.url}/ --data-dir ${config.dataDir} --report crawl-report.html

Ctrl-C stops the demo.
`);
}

/** `baomi demo-cms [--port N] [--host H]`: only the demo CMS (a stand-in WordPress REST API), for compose files and trials. */
export async function demoCms(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' } } });
  const cms = await startDemoCms(Number(values.port ?? 8081), values.host ?? '127.0.0.1');
  closeOnSignals(cms);
  process.stdout.write(`demo CMS listening on ${cms.url}\n`);
}
