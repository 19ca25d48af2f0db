import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AuditTrail } from '../../src/audit/chain.js';
import { decide } from '../../src/detect/decide.js';
import { loadPolicy } from '../../src/policy/load.js';
import { Registry } from '../../src/registry/registry.js';
import { Scanner } from '../../src/scanner.js';
import { SqliteStore } from '../../src/store/sqlite/store.js';
import { rng } from '../fixtures/official-text.js';

const policy = loadPolicy('policies/default.yaml');
const secret = Buffer.alloc(32, 12);

/** What a received classified document says that nobody else does. */
const distinctive = [
  '安保工作划分为核心区、控制区和外围区三个层级，核心区为会展中心A馆、B馆及迎宾馆三号楼，由市公安局特警支队负责，人员凭“青岚-1”专用证件出入。',
  '全市现有在册重点人员1863人，按照风险程度分为红、橙、黄三级，其中红色等级217人，由县级领导包案，实行“五包一”稳控措施。',
  '市财政每年安排稳控专项经费800万元，按照各县（市、区）红色等级人数分配，专款用于包案化解和生活救助，不得挪作他用。',
];

/** The stock phrasing every notice carries, with the parts each unit fills in. */
const stock = (title: string, date: string, contact: string) => [
  '各县（市、区）人民政府，市直各单位：',
  `《${title}》已经市人民政府同意，现印发给你们，请认真组织实施。`,
  '为进一步加强安全防范工作，深入贯彻落实党中央、国务院决策部署，经市人民政府同意，现将有关事项通知如下：',
  '一、总体要求',
  '坚持以习近平新时代中国特色社会主义思想为指导，坚持人民至上、生命至上，统筹发展和安全。',
  '二、主要任务',
  '各有关单位要高度重视，加强组织领导，明确责任分工，确保各项工作落到实处。',
  '三、保障措施',
  '强化督促检查，对工作不力、造成严重后果的，依法依规追究有关人员责任。',
  '四、工作要求',
  `请于${date}前将工作开展情况报送市应急管理局。`,
  `联系人：${contact}。`,
  '特此通知。',
];

/** A registered document: stock phrasing with one distinctive paragraph inside. */
const registered = (i: number) => {
  const lines = stock(['桐州市重大活动安全保卫工作方案', '桐州市重点人员稳控工作意见', '桐州市稳控专项经费管理办法'][i]!, '6月30日', '张明，联系电话：0571-87654321');
  lines.splice(6, 0, distinctive[i]!);
  return lines.join('\n');
};

/** A public notice made of the same phrasing in another order, with other fill-ins. */
function stockOnly(seed: number): string {
  const r = rng(seed);
  const lines = stock(['桐州市城市管理工作方案', '桐州市防汛抗旱应急预案', '桐州市文明城市创建实施意见'][seed % 3]!, ['5月31日', '6月30日', '9月15日'][seed % 3]!, ['李华，联系电话：0571-81234567', '王强，联系电话：0571-82345678'][seed % 2]!);
  const body = lines.slice(2, -1);
  for (let i = body.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [body[i], body[j]] = [body[j]!, body[i]!];
  }
  return [lines[0], lines[1], ...body, lines.at(-1)].join('\n');
}

describe('registry boilerplate: public formulas never count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baomi-registry-stock-'));
  const store = new SqliteStore(join(dir, 'baomi.db'));
  let scanner: Scanner;
  const scan = async (text: string) => {
    const { findings } = await scanner.scan([{ part: 'content', bytes: Buffer.from(text) }]);
    return { verdict: decide(findings, policy).verdict, findings: findings.filter((f) => f.category === 'registered-copy') };
  };

  before(async () => {
    const registry = await Registry.open(store, new AuditTrail(store.audit, secret), secret, policy.registry);
    for (const i of [0, 1, 2]) await registry.add(registered(i), Buffer.from(`received ${i}`), { level: '机密' }, 'officer');
    scanner = new Scanner(policy, { ocr: false, registry });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds nothing in notices made only of the stock phrasing the registered documents carry', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const text = stockOnly(seed);
      const r = await scan(text);
      assert.deepEqual(r.findings.map((f) => f.evidence), [], `seed ${seed}:\n${text}`);
    }
  });

  it('finds nothing in the 印发 formula with the registered documents own addressees', async () => {
    const r = await scan('各县（市、区）人民政府，市直各单位：\n《桐州市农村人居环境整治方案》已经市人民政府同意，现印发给你们，请认真组织实施。\n桐州市人民政府办公室\n2024年5月6日\n（此件公开发布）');
    assert.deepEqual(r.findings, []);
  });

  it("finds nothing in a released document of the same office: its signature, date and end matter say who and when, not what", async () => {
    const signed = (body: string) => `${body}\n桐州市人民政府办公室\n2024年5月6日\n抄送：市委办公室，市人大常委会办公室，市政协办公室，市法院，市检察院。\n桐州市人民政府办公室 2024年5月6日印发`;
    const dir2 = mkdtempSync(join(tmpdir(), 'baomi-registry-signed-'));
    const store2 = new SqliteStore(join(dir2, 'baomi.db'));
    try {
      const registry = await Registry.open(store2, new AuditTrail(store2.audit, secret), secret, policy.registry);
      await registry.add(signed(registered(0)), Buffer.from('signed 0'), { level: '秘密' }, 'officer');
      const own = new Scanner(policy, { ocr: false, registry });
      const released = await own.scan([{ part: 'content', bytes: Buffer.from(signed('关于开展全民健身月活动的通知\n各县（市、区）人民政府：\n定于十月举办全民健身月活动，请各地积极组织群众参加。')) }]);
      assert.deepEqual(released.findings.filter((f) => f.category === 'registered-copy').map((f) => f.evidence), []);
      const copied = await own.scan([{ part: 'content', bytes: Buffer.from(signed(distinctive[0]!)) }]);
      assert.equal(copied.decision.verdict, 'block', 'the content itself still matches');
      // Only the registered document's own signature lines are left out: a copy shaped like end matter or organ names still matches.
      const asAttachment = `关于……的通知\n各县（市、区）人民政府：\n现将有关材料印送你们。\n附件：\n${distinctive[0]}`;
      assert.equal((await own.scan([{ part: 'content', bytes: Buffer.from(asAttachment) }])).decision.verdict, 'block');
      const asOrgans = distinctive[0]!.split(/[，。]/).filter(Boolean).map((c) => `${c}中心`).join('\n');
      assert.notEqual((await own.scan([{ part: 'content', bytes: Buffer.from(asOrgans) }])).decision.verdict, 'allow');
    } finally {
      await store2.close();
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('still blocks a distinctive paragraph and holds a shorter excerpt of one, among the same phrasing', async () => {
    for (const [i, paragraph] of distinctive.entries()) {
      const notice = stockOnly(100 + i).split('\n');
      notice.splice(3, 0, paragraph);
      const copy = await scan(notice.join('\n'));
      assert.equal(copy.verdict, 'block', `paragraph ${i}: ${copy.findings.map((f) => f.evidence)}`);
      notice[3] = paragraph.slice(0, 36);
      const excerpt = await scan(notice.join('\n'));
      assert.equal(excerpt.verdict, 'hold', `excerpt ${i}: ${excerpt.findings.map((f) => f.evidence)}`);
    }
  });
});
