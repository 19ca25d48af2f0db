/**
 * Full portal pages around a content block, as the CMSs in county portals
 * publish them: top bar, logo, navigation, 当前位置, title, meta line, (for
 * 信息公开) the metadata table, content, 打印本页/关闭窗口, footer.
 */
import { escapeHtml } from './content.js';
import type { Doc } from './gongwen.js';
import type { Rand } from './random.js';
import { site, towns } from './site.js';

export type PageFamily = 'trs-wcm' | 'dahan-jcms' | 'xxgk-detail' | 'wordpress-theme';

export interface PageInput {
  doc: Doc;
  /** The article content block (already HTML). */
  content: string;
  column: string;
  charset: 'utf-8' | 'gb2312';
  /** File names of attachments listed under the content. */
  attachments?: string[];
}

/** Other articles' titles: the chrome's 相关链接, 上一篇/下一篇, sidebar lists. */
const otherTitles = [
  '云溪县召开2024年安全生产工作会议',
  '县国家保密局开展保密宣传月活动',
  '关于2024年第二批次农村建房用地审批结果的公示',
  '青石镇开展防汛应急演练',
  '云溪县2023年政府信息公开工作年度报告',
  '县政府召开第27次常务会议',
  '关于公开招聘社区工作者的公告',
  '《云溪县城乡居民医保参保缴费工作方案》政策解读',
  '桃坞镇：小茶叶撬动大产业',
  '县领导督导检查秋冬季森林防火工作',
  '关于开展2024年度“双随机、一公开”抽查工作的通知',
  '云溪县人民政府关于调整县政府领导工作分工的通知',
];

const pick3 = (r: Rand) => r.shuffle(otherTitles).slice(0, 3);

const metaTime = (doc: Doc, r: Rand) => `${doc.published} ${String(r.int(8, 17)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`;

const attachmentList = (files: string[] | undefined) =>
  files?.length ? `<div class="fujian"><p>附件：</p>${files.map((f, i) => `<p><a href="./P02024${String(i + 1).padStart(4, '0')}.${f.split('.').pop()}" target="_blank">${escapeHtml(f)}</a></p>`).join('')}</div>` : '';

/** 索引号 in the usual organisation-code/year-serial form. */
function indexNumber(doc: Doc, r: Rand): string {
  return `11331124002564${r.int(100, 999)}W/${doc.published.slice(0, 4)}-${String(r.int(1, 2999)).padStart(5, '0')}`;
}

function trsPage(p: PageInput, r: Rand): string {
  const { doc } = p;
  return `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${p.charset}" />
<title>${escapeHtml(doc.title)}_${p.column}_${site.name}</title>
<meta name="SiteName" content="${site.name}">
<meta name="SiteDomain" content="${site.host}">
<meta name="SiteIDCode" content="${site.siteCode}">
<meta name="ColumnName" content="${p.column}">
<meta name="ArticleTitle" content="${escapeHtml(doc.title)}">
<meta name="PubDate" content="${metaTime(doc, r)}">
<meta name="ContentSource" content="${escapeHtml(doc.publisher)}">
<link href="/images/public.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="/js/jquery-1.11.3.min.js"></script>
<script type="text/javascript">function doZoom(size){document.getElementById('zoom').style.fontSize=size+'px';}</script>
</head>
<body>
<div class="top-bar"><div class="w1200"><span class="fl">欢迎访问${site.portal}！今天是<span id="today"></span></span><span class="fr"><a href="/wza/">无障碍浏览</a> | <a href="javascript:void(0)">长者模式</a> | <a href="/">简体</a> | <a href="http://www.gov.cn/">中国政府网</a></span></div></div>
<div class="header"><div class="w1200"><a href="/" class="logo"><img src="/images/logo.png" alt="${site.name}" /></a><div class="search"><form action="/search/" method="get"><input type="text" name="searchword" placeholder="请输入关键字" /><input type="submit" value="搜索" /></form></div></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zjyx/">走进云溪</a></li><li><a href="/zwdt/">政务动态</a></li><li><a href="/zfxxgk/">政府信息公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/ztzl/">专题专栏</a></li></ul></div>
<div class="w1200 position">当前位置：<a href="/">首页</a> &gt; <a href="/zwdt/">政务动态</a> &gt; <a href="./">${p.column}</a></div>
<div class="w1200 article">
<h1 class="article-title">${escapeHtml(doc.title)}</h1>
<div class="article-info"><span>发布时间：${metaTime(doc, r)}</span><span>来源：${escapeHtml(doc.publisher)}</span><span>浏览次数：<script language="javascript" src="/count.jsp?id=${r.int(100000, 999999)}"></script>${r.int(50, 4000)}</span><span>字体：【<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</span></div>
<div class="article-content" id="zoom">
${p.content}
</div>
${attachmentList(p.attachments)}
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a> <span class="share">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></span></div>
<div class="related"><h3>相关链接</h3><ul>${pick3(r).map((t) => `<li><a href="./t${r.int(20230101, 20241231)}_${r.int(1000000, 9999999)}.html">${t}</a></li>`).join('')}</ul></div>
</div>
<div class="links"><span>友情链接：</span><a href="http://www.gov.cn/">中国政府网</a> <a href="http://www.qinglan.gov.cn/">青岚省人民政府</a> <a href="http://www.tongzhou.gov.cn/">桐州市人民政府</a></div>
<div class="footer"><div class="w1200">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sysm/">使用说明</a></p>
<p>主办单位：云溪县人民政府办公室　承办单位：云溪县大数据发展中心　联系电话：${site.phone}</p>
<p>地址：${site.address}　网站标识码：${site.siteCode}　<a href="https://beian.miit.gov.cn/" target="_blank">${site.icp}</a>　<img src="/images/gongan.png" />${site.police}</p>
<p><span id="_ideConac"><a href="https://bszs.conac.cn/"><img src="/images/red.png" alt="党政机关" /></a></span> <script id="_jiucuo_" sitecode="${site.siteCode}" src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js"></script><a href="javascript:void(0)">政府网站找错</a></p>
</div></div>
</body>
</html>`;
}

function jcmsPage(p: PageInput, r: Rand): string {
  const { doc } = p;
  return `<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=${p.charset}">
<meta name="renderer" content="webkit">
<title>${site.name} ${p.column} ${escapeHtml(doc.title)}</title>
<meta name="SiteName" content="${site.name}"><meta name="SiteDomain" content="${site.host}"><meta name="SiteIDCode" content="${site.siteCode}">
<meta name="ColumnName" content="${p.column}"><meta name="ColumnType" content="${p.column}">
<meta name="ArticleTitle" content="${escapeHtml(doc.title)}"><meta name="PubDate" content="${metaTime(doc, r)}"><meta name="ContentSource" content="${escapeHtml(doc.publisher)}">
<link rel="stylesheet" href="/module/jslib/bootstrap/css/bootstrap.min.css"><link rel="stylesheet" href="/images/jcms_style.css">
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
<body>
<div id="header"><div class="toplink"><a href="http://www.gov.cn/" target="_blank">中国政府网</a> <a href="javascript:;" onclick="SetHome(this)">设为首页</a> <a href="javascript:;" onclick="AddFavorite()">加入收藏</a> <a href="/jcms/">无障碍</a></div>
<div class="logo"><img src="/images/logo_yx.png" alt="${site.portal}"></div>
<div class="menu"><a href="/">网站首页</a><a href="/col/col1229/">要闻动态</a><a href="/col/col1230/">政府信息公开</a><a href="/col/col1231/">办事服务</a><a href="/col/col1232/">政民互动</a><a href="/col/col1233/">数据开放</a></div></div>
<div class="main">
<div class="dqwz">您现在的位置：<a href="/">首页</a> &gt; <a href="/col/col1229/">要闻动态</a> &gt; <a href="/col/col${r.int(1234, 1299)}/index.html">${p.column}</a></div>
<div class="bt_title main-bt">${escapeHtml(doc.title)}</div>
<div class="bt_info"><span>发布日期：${doc.published}</span> <span>信息来源：${escapeHtml(doc.publisher)}</span> <span>浏览次数：<script>document.write(${r.int(30, 3000)})</script></span> <span>字号：[ <a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(12)">小</a> ]</span></div>
<div id="zoom" class="bt_content">
${p.content}
</div>
${attachmentList(p.attachments)}
<div class="bt_link"><a href="javascript:window.print()">[打印本页]</a> <a href="javascript:window.close()">[关闭窗口]</a></div>
<div class="prenext"><p>上一篇：<a href="#">${r.pick(otherTitles)}</a></p><p>下一篇：<a href="#">${r.pick(otherTitles)}</a></p></div>
</div>
<div id="footer">
<p>版权所有：云溪县人民政府　主办：云溪县人民政府办公室</p>
<p>${site.icp}　${site.police}　网站标识码：${site.siteCode}</p>
<p>建议使用1920×1080分辨率浏览　技术支持：大汉网络</p>
<p><script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script> <a href="javascript:void(0)" id="jiucuo">政府网站找错</a></p>
</div>
</body>
</html>`;
}

function xxgkPage(p: PageInput, r: Rand): string {
  const { doc } = p;
  const written = doc.lines.find((l) => l.role === 'date')?.text.replace(/年|月/g, '-').replace('日', '') ?? doc.published;
  const table = `<div class="xxgk_table"><table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><th>索引号：</th><td>${indexNumber(doc, r)}</td><th>发布机构：</th><td>${escapeHtml(doc.publisher)}</td></tr>
<tr><th>发文字号：</th><td>${escapeHtml(doc.docNumber ?? '')}</td><th>成文日期：</th><td>${written}</td></tr>
<tr><th>发布日期：</th><td>${doc.published}</td><th>主题分类：</th><td>${escapeHtml(doc.theme ?? '综合政务')}</td></tr>
<tr><th>公开方式：</th><td>${doc.openness ?? '主动公开'}</td><th>有效性：</th><td>有效</td></tr>
<tr><th>名　　称：</th><td colspan="3">${escapeHtml(doc.title)}</td></tr>
</table></div>`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="${p.charset}">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>${escapeHtml(doc.title)}-政府信息公开-${site.name}</title>
<meta name="SiteName" content="${site.name}"><meta name="SiteIDCode" content="${site.siteCode}"><meta name="ColumnName" content="${p.column}">
<link rel="stylesheet" href="/zfxxgk/css/xxgk.css">
</head>
<body>
<div class="gk-top"><div class="w1200"><a href="/">${site.name}</a> <a href="/zfxxgk/">政府信息公开</a></div></div>
<div class="gk-banner"><img src="/zfxxgk/images/gk_banner.jpg" alt="政府信息公开"></div>
<div class="w1200 gk-main">
<div class="gk-left"><ul class="gk-menu"><li><a href="/zfxxgk/zn/">政府信息公开指南</a></li><li><a href="/zfxxgk/zd/">政府信息公开制度</a></li><li><a href="/zfxxgk/fdzdgknr/">法定主动公开内容</a></li><li><a href="/zfxxgk/ysqgk/">依申请公开</a></li><li><a href="/zfxxgk/nb/">政府信息公开年报</a></li></ul>
<div class="gk-org"><h3>公开主体</h3><ul><li>县政府办公室</li><li>县发展和改革局</li><li>县财政局</li><li>${r.pick(towns)}</li></ul></div></div>
<div class="gk-right">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zfxxgk/">政府信息公开</a> &gt; <a href="/zfxxgk/fdzdgknr/">法定主动公开内容</a> &gt; ${p.column}</div>
${table}
<div class="zwgk_title"><h1>${escapeHtml(doc.title)}</h1></div>
<div class="zwgk_info">发布时间：${doc.published}　来源：${escapeHtml(doc.publisher)}　【字体：<a href="javascript:void(0)" class="fz-b">大</a> <a href="javascript:void(0)" class="fz-m">中</a> <a href="javascript:void(0)" class="fz-s">小</a>】</div>
<div class="zwgk_content" id="zoom">
${p.content}
</div>
${attachmentList(p.attachments)}
<div class="zwgk_tools"><a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭窗口</a></div>
</div></div>
<div class="gk-footer"><p>主办单位：云溪县人民政府办公室　网站标识码：${site.siteCode}　<a href="https://beian.miit.gov.cn/">${site.icp}</a></p><p>${site.police}　<a href="javascript:void(0)">政府网站找错</a></p></div>
</body>
</html>`;
}

function wpPage(p: PageInput, r: Rand): string {
  const { doc } = p;
  const subsite = r.pick(['云溪县青石镇人民政府', '云溪县桃坞镇人民政府', '云溪县教育体育局', '云溪县卫生健康局', '云溪县溪城街道办事处']);
  const id = r.int(100, 9999);
  const [y, m, d] = doc.published.split('-').map(Number);
  return `<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="${p.charset === 'utf-8' ? 'UTF-8' : 'gb2312'}" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${escapeHtml(doc.title)} &#8211; ${subsite}</title>
<link rel="alternate" type="application/rss+xml" title="${subsite} &raquo; Feed" href="/feed/" />
<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.5.3' media='all' />
<link rel='stylesheet' id='twentytwentyfour-style-css' href='/wp-content/themes/gov-blue/style.css?ver=1.2' media='all' />
<link rel="https://api.w.org/" href="/wp-json/" /><link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/${id}" />
<meta name="generator" content="WordPress 6.5.3" />
</head>
<body class="post-template-default single single-post postid-${id} single-format-standard wp-embed-responsive">
<div class="wp-site-blocks">
<header class="wp-block-template-part site-header"><div class="wp-block-group alignwide top-strip"><p>${subsite}</p><p><a href="/wp-login.php">登录</a></p></div>
<div class="wp-block-group alignwide"><p class="wp-block-site-title"><a href="/" rel="home">${subsite}</a></p>
<nav class="wp-block-navigation" aria-label="主导航"><ul class="wp-block-navigation__container"><li class="wp-block-navigation-item"><a href="/">首页</a></li><li class="wp-block-navigation-item"><a href="/category/news/">工作动态</a></li><li class="wp-block-navigation-item"><a href="/category/notice/">通知公告</a></li><li class="wp-block-navigation-item"><a href="/category/gk/">信息公开</a></li><li class="wp-block-navigation-item"><a href="/contact/">联系我们</a></li></ul></nav></div></header>
<main class="wp-block-group site-main">
<nav class="breadcrumbs" aria-label="breadcrumb">当前位置：<a href="/">首页</a> » <a href="/category/notice/">${p.column}</a> » 正文</nav>
<article id="post-${id}" class="post-${id} post type-post status-publish format-standard hentry category-notice">
<h1 class="wp-block-post-title entry-title">${escapeHtml(doc.title)}</h1>
<div class="entry-meta"><div class="wp-block-post-date"><time datetime="${doc.published}T09:${String(r.int(10, 59))}:00+08:00">${y}年${m}月${d}日</time></div> <div class="wp-block-post-author-name">发布：${escapeHtml(doc.publisher)}</div> <span class="post-views">阅读 ${r.int(12, 900)}</span></div>
<div class="entry-content wp-block-post-content is-layout-flow">
${p.content}
</div>
${attachmentList(p.attachments)}
<footer class="entry-footer"><span class="cat-links">分类：<a href="/category/notice/" rel="category tag">${p.column}</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="文章"><div class="nav-links"><div class="nav-previous"><a href="#" rel="prev">上一篇：${r.pick(otherTitles)}</a></div><div class="nav-next"><a href="#" rel="next">下一篇：${r.pick(otherTitles)}</a></div></div></nav>
</main>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/"><label><span class="screen-reader-text">搜索：</span><input type="search" class="search-field" placeholder="搜索&hellip;" name="s" /></label><input type="submit" class="search-submit" value="搜索" /></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">近期文章</h2><ul>${pick3(r).map((t) => `<li><a href="#">${t}</a></li>`).join('')}</ul></section>
<section id="categories-2" class="widget widget_categories"><h2 class="widget-title">分类</h2><ul><li class="cat-item"><a href="/category/news/">工作动态</a></li><li class="cat-item"><a href="/category/notice/">通知公告</a></li><li class="cat-item"><a href="/category/gk/">信息公开</a></li></ul></section>
</aside>
<footer class="wp-block-template-part site-footer"><p>主办：${subsite}　地址：云溪县${r.pick(towns)}　${site.icp}</p><p>网站标识码：${site.siteCode}　<a href="javascript:void(0)">政府网站找错</a>　自豪地采用 WordPress</p></footer>
</div>
<script src="/wp-includes/js/dist/interactivity.min.js?ver=6.5.3" id="wp-interactivity-js"></script>
</body>
</html>`;
}

export function renderPortalPage(family: PageFamily, input: PageInput, r: Rand): string {
  switch (family) {
    case 'trs-wcm':
      return trsPage(input, r);
    case 'dahan-jcms':
      return jcmsPage(input, r);
    case 'xxgk-detail':
      return xxgkPage(input, r);
    case 'wordpress-theme':
      return wpPage(input, r);
  }
}
