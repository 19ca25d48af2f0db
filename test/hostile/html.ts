/**
 * Post bodies whose rendered page shows a mark that the markup hides from a
 * naive reading (hidden elements splitting it, invisible quotation marks
 * before it, invisible code points inside it, right-to-left overrides,
 * generated content, scripts, templates, srcdoc), and WordPress markup that
 * the theme renders (block-comment attributes, shortcode attributes).
 */
import { twins, type HostileCase } from './case.js';

const page = (inner: string) => `<p>关于做好防汛工作的通知</p>\n${inner}\n<p>各乡镇人民政府，县直各单位：现将有关事项通知如下。</p>`;
const split = (m: string, between: string) => `<p>${m.slice(0, 1)}${between}${m.slice(1)}</p>`;
const before = (m: string, prefix: string) => `<p>${prefix}${m}</p>`;
const reversed = (m: string) => [...m].reverse().join('');
const spread = (m: string, ...chars: string[]) => [...m].map((c, i) => c + (chars[i] ?? '')).join('');

/** Builders by variant: each gets the mark (or the clean twin's text) and returns the body's markup. */
const htmlVariants: Record<string, (m: string) => string> = {
  'display-none-splits': (m) => split(m, '<span style="display:none">样</span>'),
  'hidden-attribute-splits': (m) => split(m, '<span hidden>样</span>'),
  'empty-noscript-splits': (m) => split(m, '<noscript></noscript>'),
  'visibility-hidden-splits': (m) => split(m, '<span style="visibility:hidden">样</span>'),
  'stylesheet-class-splits': (m) => `<style>.zx{display:none}</style>${split(m, '<span class="zx">样</span>')}`,
  'tiny-font-quote-prefix': (m) => before(m, '<span style="font-size:0.1px">“</span>'),
  'transparent-example-prefix': (m) => before(m, '<span style="color:transparent">如</span>'),
  'screen-reader-quote-prefix': (m) => before(m, '<span class="screen-reader-text">“</span>'),
  'offscreen-quote-prefix': (m) => before(m, '<span style="position:absolute;left:-9999px">“</span>'),
  'clipped-quote-prefix': (m) => before(m, '<span style="position:absolute;clip:rect(0 0 0 0);width:1px;height:1px;overflow:hidden">“</span>'),
  'css-comment-display-none-prefix': (m) => before(m, '<span style="display:/**/none">“</span>'),
  'ignorable-code-points-inside': (m) => `<p>${spread(m, '\u{E0100}', '\u{E0020}', '\u2800', '\uFFFB')}</p>`,
  'musical-format-char-inside': (m) => `<p>${spread(m, '', '\u{1D173}')}</p>`,
  'rtl-override': (m) => `<p>\u202E${reversed(m)}\u202C</p>`,
  'bdo-rtl': (m) => `<p><bdo dir="rtl">${reversed(m)}</bdo></p>`,
  'unicode-bidi-override-style': (m) => `<p><span style="unicode-bidi:bidi-override;direction:rtl">${reversed(m)}</span></p>`,
  'before-content-string': (m) => `<style>.n::before{content:"${m}"}</style><p class="n"></p>`,
  'after-content-attr': (m) => `<style>.n::after{content:attr(data-x)}</style><p class="n" data-x="${m}"></p>`,
  'script-string': (m) => `<script>document.write("<p>${m}</p>")</script>`,
  'template-content': (m) => `<template><p>${m}</p></template>`,
  'iframe-srcdoc': (m) => `<iframe srcdoc="<p>${m}</p>"></iframe>`,
  'entity-encoded': (m) => `<p>${[...m].map((c) => `&#${c.codePointAt(0)};`).join('')}</p>`,
};

const wordpressVariants: Record<string, (m: string) => string> = {
  'block-search-label': (m) => `<!-- wp:search {"label":"${m}","buttonText":"搜索"} /-->`,
  'block-nested-attribute': (m) => `<!-- wp:group {"metadata":{"name":"${m}"}} --><div class="wp-block-group"><p>正文</p></div><!-- /wp:group -->`,
  'block-json-escaped': (m) => `<!-- wp:image {"alt":"${[...m].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"} --><figure class="wp-block-image"><img src="/a.jpg"/></figure><!-- /wp:image -->`,
  'shortcode-caption-attribute': (m) => `[caption id="attachment_7" caption="${m}"]<img src="/a.jpg" />[/caption]`,
  'shortcode-single-quoted': (m) => `[gallery ids="1,2" title='${m}']`,
  'shortcode-unquoted': (m) => `[embed title=${m}]https://example.org/v[/embed]`,
  'shortcode-content': (m) => `[caption id="attachment_8"]<img src="/b.jpg" /> ${m}[/caption]`,
};

export async function htmlCases(): Promise<HostileCase[]> {
  const build = (klass: HostileCase['class'], variants: Record<string, (m: string) => string>) =>
    Object.entries(variants).map(([variant, markup]) => twins(klass, variant, `${variant}.html`, (m) => Buffer.from(page(markup(m))), 'text/html; charset=utf-8'));
  return (await Promise.all([...build('html', htmlVariants), ...build('wordpress', wordpressVariants)])).flat();
}
