import { createHash } from 'node:crypto';

/** The console's one stylesheet, served from the console itself (the CSP allows no other). */
export const consoleCss = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 "Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",system-ui,sans-serif;color:#1d2430;background:#f4f6f9}
a{color:#0b57a4}
header.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;padding:.5rem 1.25rem;background:#1f3a5f;color:#fff}
header.bar .brand{font-weight:700;margin-right:1rem}
header.bar nav{display:flex;flex-wrap:wrap;gap:.25rem}
header.bar nav a{color:#dfe8f3;text-decoration:none;padding:.35rem .6rem;border-radius:4px}
header.bar nav a[aria-current=page]{background:#2f5a8f;color:#fff}
header.bar .who{margin-left:auto;display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
header.bar .who a{color:#dfe8f3}
.count{display:inline-block;min-width:1.4em;padding:0 .35em;margin-left:.3em;border-radius:1em;background:#d9534f;color:#fff;font-size:.8em;text-align:center}
.count.zero{background:#5b6f86}
main{max-width:1280px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.panel>h2:first-child{margin-top:0}
table{width:100%;border-collapse:collapse;background:#fff}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e1e6ee;vertical-align:top}
th{background:#eef2f7;font-weight:600;white-space:nowrap}
.scroll{overflow-x:auto}
.age{display:inline-block;padding:0 .5em;border-radius:3px;font-variant-numeric:tabular-nums}
.age.fresh{background:#dff3e4;color:#1e6b34}.age.aging{background:#fff1cc;color:#7a5700}.age.late{background:#fbdcdc;color:#9b1c1c}
.tag{display:inline-block;padding:0 .45em;margin:0 .2em .2em 0;border-radius:3px;background:#e8edf5;font-size:.85em}
.tag.strong{background:#fbdcdc;color:#8a1c1c}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin-bottom:1rem}
label{display:flex;flex-direction:column;gap:.15rem;font-size:.85rem;color:#475569}
input,select,textarea,button{font:inherit}
select{max-width:100%}
input,select,textarea{padding:.35rem .5rem;border:1px solid #b8c2d0;border-radius:4px;background:#fff}
textarea{width:100%;min-height:4rem}
button{padding:.4rem .9rem;border:1px solid #1f3a5f;border-radius:4px;background:#1f3a5f;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#1f3a5f}
button.danger{background:#a12626;border-color:#a12626}
button.link{background:none;border:none;color:inherit;text-decoration:underline;padding:0}
.panel{background:#fff;border:1px solid #dbe2ec;border-radius:6px;padding:1rem;margin-bottom:1rem}
.grid{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,1fr);gap:1rem}
@media (max-width:900px){.grid{grid-template-columns:1fr}}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
dl.facts dt{color:#5b6b80}
dl.facts dd{margin:0;word-break:break-all}
ol.text{margin:0;padding:0 0 0 3.2em;font-family:"Noto Sans Mono CJK SC","WenQuanYi Zen Hei Mono",monospace;font-size:.9rem;white-space:pre-wrap;word-break:break-all}
ol.text li{padding:.05rem .25rem}
ol.text li.hit{background:#fff8e1}
ol.text li.gap{list-style:none;color:#8391a5}
mark{background:#ffd54f;color:#000;padding:0 .1em;border-radius:2px}
mark.strong{background:#ef9a9a}
.origin{color:#8391a5;font-size:.8em;margin-left:.5em}
.notice{padding:.6rem .9rem;border-radius:4px;margin-bottom:1rem;background:#e6f0fb;border:1px solid #b6cfee}
.notice.error{background:#fdecec;border-color:#f0b7b7}
.notice.ok{background:#e7f6ea;border-color:#b5dfbf}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-start}
.actions form{margin:0}
.reject{flex:1 1 20rem;min-width:0}
.reject select{width:100%}
details.panel summary{cursor:pointer}
details.panel summary h3{display:inline;font-size:1rem}
.history li{margin-bottom:.3rem}
.figure img{max-width:100%;height:auto;border:1px solid #dbe2ec}
.signin{max-width:24rem;margin:4rem auto;background:#fff;padding:1.5rem;border-radius:6px;border:1px solid #dbe2ec}
.signin form{display:flex;flex-direction:column;gap:.75rem}
.muted{color:#66758a;font-size:.9em}
.inline{display:inline}
`;

/** Content-addressed, so the stylesheet can be cached for good and a new one is fetched at once. */
export const consoleCssPath = `/console/console-${createHash('sha256').update(consoleCss).digest('hex').slice(0, 12)}.css`;
