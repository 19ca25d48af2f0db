import type { Logger } from 'pino';

/** What reviewers are told of: a new held item, and each decision on one. Never content or evidence: only ids, portal, route and categories. */
export type ReviewEvent =
  | { event: 'held'; holdId: string; portal: string; route: string; categories: string[]; at: string }
  | { event: 'decided'; holdId: string; portal: string; route: string; decision: string; reviewer: string; at: string };

export type WebhookFormat = 'json' | 'wecom' | 'dingtalk';

export interface Webhook {
  format: WebhookFormat;
  url: string;
}

/**
 * Parses `BAOMI_WEBHOOKS`: entries `FORMAT=URL` (json, wecom for 企业微信 group
 * robots, dingtalk for 钉钉 robots) separated by spaces or commas.
 */
export function parseWebhooks(list: string | undefined): Webhook[] {
  return (list ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const m = /^(json|wecom|dingtalk)=(https?:\/\/\S+)$/.exec(entry);
      if (!m) throw new Error(`BAOMI_WEBHOOKS: "${entry.replace(/\?.*/, '?…')}" is not FORMAT=URL with FORMAT json, wecom or dingtalk`);
      return { format: m[1] as WebhookFormat, url: m[2]! };
    });
}

const decisionText: Record<string, string> = { released: '已放行 released', approve: '已批准重新提交 approved for resubmission', reject: '已驳回 rejected', 'confirm-released': '已确认发布 confirmed published', 'release-failed': '放行失败 release failed' };

/** The robot messages: a short Chinese line with its English, no content. */
function text(e: ReviewEvent): { title: string; body: string } {
  if (e.event === 'held') {
    return { title: '新的待审内容 / New held item', body: `新的待审内容 / New held item ${e.holdId}\n网站 Portal: ${e.portal}\n路由 Route: ${e.route}\n原因类别 Categories: ${e.categories.join(', ') || '-'}\n时间 Time: ${e.at}` };
  }
  return { title: '审查已决定 / Review decided', body: `审查项 / Item ${e.holdId}: ${decisionText[e.decision] ?? e.decision}\n审查人 Reviewer: ${e.reviewer}\n网站 Portal: ${e.portal}\n时间 Time: ${e.at}` };
}

export function payload(format: WebhookFormat, e: ReviewEvent): unknown {
  if (format === 'json') return e;
  const { title, body } = text(e);
  if (format === 'wecom') return { msgtype: 'markdown', markdown: { content: body } };
  return { msgtype: 'markdown', markdown: { title, text: body } };
}

interface Delivery {
  hook: Webhook;
  body: string;
  attempt: number;
}

/**
 * Sends review events to webhooks off the request path: queued (bounded:
 * past `maxQueue` the oldest are dropped and counted), each delivery retried
 * with backoff until `attempts`, a slow or dead receiver never holding up the
 * proxy. A robot that answers 200 with an error code (企业微信 and 钉钉 do) is
 * a failure too.
 */
export class WebhookNotifier {
  private readonly queue: Delivery[] = [];
  private sending = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly hooks: Webhook[],
    private readonly logger: Logger,
    private readonly onResult: (result: 'sent' | 'failed' | 'dropped') => void = () => {},
    private readonly options = { attempts: 4, backoffMs: [1000, 5000, 30_000], timeoutMs: 5000, maxQueue: 1000, concurrency: 4 },
  ) {}

  notify(e: ReviewEvent): void {
    if (this.closed) return;
    for (const hook of this.hooks) {
      if (this.queue.length >= this.options.maxQueue) {
        this.queue.shift();
        this.onResult('dropped');
      }
      this.queue.push({ hook, body: JSON.stringify(payload(hook.format, e)), attempt: 1 });
    }
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.sending < this.options.concurrency && this.queue.length) {
      const d = this.queue.shift()!;
      this.sending++;
      void this.send(d).finally(() => {
        this.sending--;
        this.pump();
      });
    }
  }

  private async send(d: Delivery): Promise<void> {
    let failure: string | undefined;
    try {
      const res = await fetch(d.hook.url, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: d.body, signal: AbortSignal.timeout(this.options.timeoutMs) });
      const answer = await res.text();
      if (!res.ok) failure = `HTTP ${res.status}`;
      else if (d.hook.format !== 'json' && /"errcode"\s*:\s*[1-9]/.test(answer)) failure = `robot answered ${answer.slice(0, 120)}`;
    } catch (err) {
      failure = (err as Error).name === 'TimeoutError' ? 'timed out' : (err as Error).message;
    }
    if (!failure) return this.onResult('sent');
    if (d.attempt >= this.options.attempts || this.closed) {
      this.onResult('failed');
      this.logger.warn({ webhook: d.hook.format, failure, attempts: d.attempt }, 'review notification not delivered');
      return;
    }
    const wait = this.options.backoffMs[Math.min(d.attempt - 1, this.options.backoffMs.length - 1)]!;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queue.push({ ...d, attempt: d.attempt + 1 });
      this.pump();
    }, wait).unref();
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
  }
}
