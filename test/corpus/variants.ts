import { Converter } from 'opencc-js/cn2t';

/** One labelled sample as scanned: its text or HTML, and what it must come to. */
export interface Sample {
  id: string;
  format: 'text' | 'html';
  body: string;
  expect: 'allow' | 'hold' | 'block';
  category?: string;
  strong?: boolean;
}

const toTraditional = Converter({ from: 'cn', to: 'tw' });
const markLine = /^.*(?:[绝机秘]\s*密|内\s*部|工作秘密|不得外传|密码电报|密传发电|内部明电|此[件电]).*$/m;

function escape(s: string): string {
  return s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

export function asHtml(text: string): string {
  return `<article>${text.trimEnd().split('\n').map((l) => `<p>${escape(l)}</p>`).join('\n')}</article>`;
}

/** Rewrites the first line that carries the mark. */
function onMarkLine(text: string, change: (line: string) => string): string {
  return text.replace(markLine, (line) => change(line));
}

/** The known evasions (spacing, stand-ins, full-width, traditional forms), applied to a strong sample's mark line. */
export const evasions: Record<string, (text: string) => { format: 'text' | 'html'; body: string }> = {
  'zero-width': (t) => ({ format: 'text', body: onMarkLine(t, (l) => [...l].join('\u200b')) }),
  spaced: (t) => ({ format: 'text', body: onMarkLine(t, (l) => [...l.trim()].join(' ')) }),
  traditional: (t) => ({ format: 'text', body: toTraditional(t) }),
  'full-width': (t) => ({ format: 'text', body: onMarkLine(t, (l) => l.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).replace(/★/g, '☆')) }),
  'star-asterisk': (t) => ({ format: 'text', body: onMarkLine(t, (l) => l.replace(/★/g, '＊')) }),
  'star-kome': (t) => ({ format: 'text', body: onMarkLine(t, (l) => l.replace(/★/g, '※')) }),
  'star-middle-dot': (t) => ({ format: 'text', body: onMarkLine(t, (l) => l.replace(/★/g, '·')) }),
  'ocr-star-as-nv': (t) => ({ format: 'text', body: onMarkLine(t, (l) => l.replace(/★/g, '女')) }),
  'ocr-star-as-ascii': (t) => ({ format: 'text', body: onMarkLine(t, (l) => l.replace(/★/g, '*')) }),
  'html-split-spans': (t) => ({ format: 'html', body: asHtml(t).replace(/<p>([^<]*)<\/p>/, (_m, l: string) => `<p>${[...l].map((c) => `<span>${escape(c)}</span>`).join('')}</p>`) }),
  'html-hidden-mark': (t) => ({ format: 'html', body: asHtml(t).replace(/<p>([^<]*)<\/p>/, (_m, l: string) => `<div style="display:none">${l}</div>`) }),
  'html-font-tags': (t) => ({ format: 'html', body: asHtml(onMarkLine(t, (l) => l)).replace(/<p>([^<]*)<\/p>/, (_m, l: string) => `<p><font color="red"><b>${l.slice(0, 2)}</b></font><i>${l.slice(2)}</i></p>`) }),
};
