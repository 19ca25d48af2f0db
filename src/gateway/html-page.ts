export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A small self-contained page (no external assets: the portal network may be closed). */
export function page(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:0;padding:2rem;color:#222}
main{max-width:46rem;margin:auto;background:#fff;border-top:4px solid #b71c1c;padding:1.5rem 2rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.3rem;color:#b71c1c;margin-top:0} .en{color:#666;font-size:.9rem} code{background:#eee;padding:0 .3em}
ul{padding-left:1.2rem} a.button{display:inline-block;margin-top:1rem;padding:.4rem 1rem;background:#b71c1c;color:#fff;text-decoration:none;border-radius:3px}
main.held{border-top-color:#e65100} main.held h1{color:#e65100} main.ok{border-top-color:#2e7d32} main.ok h1{color:#2e7d32}
</style></head><body>${bodyHtml}</body></html>`;
}
