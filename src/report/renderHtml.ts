import { createHash } from 'node:crypto';

import { dashboardDataElements } from './dashboardData.js';
import type { AuditReport } from './reportModel.js';

/**
 * The security team's dashboard (`report.html`): one self-contained file that needs no network when
 * opened. The report travels as inert JSON; the page builds every element with textContent, never
 * with HTML from data, so a resource named `<img src=x onerror=alert(1)>` shows as text. A Content
 * Security Policy allows only this page's own script and style (by hash) and no connections.
 */
export function* renderHtml(report: AuditReport): Generator<string> {
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  const csp = `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(STYLE)}; img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  const title = `mi-auditor: ${report.tenantId}`.replace(/[<>&"']/g, '');
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>mi-auditor</h1><p id="run-line"></p></header>
<main>
<section id="cards" aria-label="Findings by severity"></section>
<section class="row">
  <div class="panel"><h2>Findings by check</h2><div id="by-check"></div></div>
  <div class="panel"><h2>Trend</h2><div id="trend"></div></div>
</section>
<section class="row">
  <div class="panel"><h2>Since the last run</h2><div id="changes"></div></div>
  <div class="panel"><h2>Coverage</h2><div id="coverage"></div></div>
</section>
<section class="panel">
  <h2>Findings <span id="shown-count"></span></h2>
  <div class="filters">
    <input id="search" type="search" placeholder="Search resource, message, principal" aria-label="Search findings">
    <select id="filter-severity" aria-label="Severity"></select>
    <select id="filter-check" aria-label="Check"></select>
    <select id="filter-subscription" aria-label="Subscription"></select>
    <select id="filter-state" aria-label="State"></select>
  </div>
  <table id="findings"><thead><tr>
    <th data-sort="severity">Severity</th><th data-sort="checkId">Check</th><th data-sort="resource">Resource</th><th data-sort="state">State</th><th data-sort="firstSeen">First seen</th>
  </tr></thead><tbody></tbody></table>
</section>
<section class="panel"><h2>Checks</h2><table id="checks"><thead><tr><th>Check</th><th>Severity</th><th>Status</th><th>Evaluated</th><th>Failed</th></tr></thead><tbody></tbody></table></section>
</main>
<dialog id="detail"><form method="dialog"><button class="close" aria-label="Close">×</button></form><div id="detail-body"></div></dialog>
`;
  yield* dashboardDataElements(report);
  yield `<script>${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
:root{--critical:#8b0000;--high:#d9480f;--medium:#e8a400;--low:#2f7dbd;--informational:#6c757d;--bg:#f5f6f8;--fg:#1d2330;--muted:#5d6677;--card:#fff;--line:#e3e6eb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#c9cfdb}
main{padding:16px 24px;max-width:1400px;margin:0 auto}h2{font-size:15px;margin:0 0 10px}
#cards{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-bottom:16px}
.card{background:var(--card);border-radius:8px;padding:12px 14px;border-top:4px solid var(--c);box-shadow:0 1px 2px #0001}
.card b{display:block;font-size:28px}.card span{color:var(--muted);text-transform:capitalize}
.row{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-bottom:16px}
.panel{background:var(--card);border-radius:8px;padding:14px;box-shadow:0 1px 2px #0001;margin-bottom:16px;overflow-x:auto}
.legend{display:flex;flex-wrap:wrap;gap:10px;font-size:12px;color:var(--muted)}.legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
.bar{display:flex;align-items:center;gap:8px;margin:4px 0}.bar label{flex:0 0 44%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-family:ui-monospace,monospace;font-size:12px}
.bar .track{flex:1;background:#eef0f3;border-radius:3px;height:14px;display:flex}.bar .track i{display:block;height:14px}.bar em{font-style:normal;width:30px;text-align:right}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:10px}.filters input{flex:1 1 240px;padding:6px 8px;border:1px solid var(--line);border-radius:6px}.filters select{padding:6px;border:1px solid var(--line);border-radius:6px;max-width:220px}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}th[data-sort]{cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
#findings tbody tr{cursor:pointer}#findings tbody tr:hover{background:#f0f4fa}td.res{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all}td .msg{display:block;color:var(--muted);font-family:system-ui,sans-serif;font-size:12px;margin-top:2px}
.sev{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;text-transform:capitalize;background:var(--c)}
.state-new,.state-reopened{font-weight:600;color:#b42318}.status-error{color:#b42318;font-weight:600}.status-fail{color:#d9480f}.status-pass{color:#1a7f37}
dialog{max-width:760px;width:calc(100% - 24px);border:0;border-radius:10px;padding:18px;box-shadow:0 10px 40px #0004}dialog pre{background:#f3f4f6;padding:10px;border-radius:6px;overflow:auto;max-height:300px;font-size:12px}
.close{float:right;border:0;background:none;font-size:22px;cursor:pointer}ul.plain{padding-left:18px;margin:4px 0}.muted{color:var(--muted)}svg text{font-size:11px;fill:var(--muted)}
@media (max-width:760px){#cards{grid-template-columns:repeat(2,1fr)}.row{grid-template-columns:1fr}main{padding:10px}#findings thead{display:none}#findings tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}#findings td{display:block;border:0;padding:2px 4px}}
`;

const SCRIPT = `
(function(){
'use strict';
var R=JSON.parse(document.getElementById('report-meta').textContent);R.findings=[];R.resolved=[];
var FF=R.findingFields;Array.prototype.forEach.call(document.querySelectorAll('script[data-findings]'),function(el){JSON.parse(el.textContent).forEach(function(row){var f={};for(var i=0;i<FF.length;i++){if(row[i]!==null)f[FF[i]]=row[i];}var c=null;for(var j=0;j<R.checks.length;j++)if(R.checks[j].id===f.checkId)c=R.checks[j];if(!f.title)f.title=c?c.title:f.checkId;f.remediation={text:c?c.remediation.text:'',cli:f.cli};f.references=c?c.references:[];R.findings.push(f);});});
Array.prototype.forEach.call(document.querySelectorAll('script[data-resolved]'),function(el){JSON.parse(el.textContent).forEach(function(r){R.resolved.push(r);});});
var SEV=['critical','high','medium','low','informational'];
var COLORS={critical:'#8b0000',high:'#d9480f',medium:'#e8a400',low:'#2f7dbd',informational:'#6c757d'};
function el(tag,props,children){var e=document.createElement(tag);if(props){for(var k in props){if(k==='text')e.textContent=props[k];else if(k==='style')e.style.cssText=props[k];else e.setAttribute(k,props[k]);}}(children||[]).forEach(function(c){if(c!=null)e.appendChild(typeof c==='string'?document.createTextNode(c):c);});return e;}
function sevBadge(s){return el('span',{class:'sev',style:'--c:'+COLORS[s]},[s]);}
function svg(tag,attrs){var e=document.createElementNS('http://www.w3.org/2000/svg',tag);for(var k in attrs)e.setAttribute(k,attrs[k]);return e;}
function short(id){var p=String(id).split('/');return p.length>2?p.slice(-2).join('/'):id;}
var subNames={};(R.coverage.subscriptions||[]).forEach(function(s){subNames[s.subscriptionId]=s.displayName+' ('+s.subscriptionId.slice(0,8)+')';});
document.getElementById('run-line').textContent='Tenant '+R.tenantId+' · run '+R.runId+' ('+R.trigger+') · '+R.finishedAt+' · '+R.status;
var cards=document.getElementById('cards');
SEV.forEach(function(s){cards.appendChild(el('div',{class:'card',style:'--c:'+COLORS[s],'data-severity':s},[el('b',{text:String(R.summary.bySeverity[s])}),el('span',{text:s})]));});
var byCheck=document.getElementById('by-check');var counts={};R.findings.forEach(function(f){counts[f.checkId]=counts[f.checkId]||{};counts[f.checkId][f.severity]=(counts[f.checkId][f.severity]||0)+1;});
var max=1;Object.keys(counts).forEach(function(k){var t=0;for(var s in counts[k])t+=counts[k][s];max=Math.max(max,t);});
Object.keys(counts).sort(function(a,b){var ta=0,tb=0;for(var s in counts[a])ta+=counts[a][s];for(var s2 in counts[b])tb+=counts[b][s2];return tb-ta;}).forEach(function(k){var track=el('div',{class:'track'});var total=0;SEV.forEach(function(s){var n=counts[k][s]||0;total+=n;if(n)track.appendChild(el('i',{style:'width:'+(100*n/max)+'%;background:'+COLORS[s],title:s+': '+n}));});byCheck.appendChild(el('div',{class:'bar'},[el('label',{text:k,title:k}),track,el('em',{text:String(total)})]));});
if(!Object.keys(counts).length)byCheck.appendChild(el('p',{class:'muted',text:'No findings.'}));
var trend=document.getElementById('trend');var pts=(R.trend||[]).slice(-30);
if(pts.length<2){trend.appendChild(el('p',{class:'muted',text:pts.length?'One run so far; the trend appears from the second run.':'No history yet.'}));}else{var W=520,H=160,P=28;var totals=pts.map(function(p){return SEV.reduce(function(a,s){return a+(p.bySeverity[s]||0);},0);});var ymax=Math.max.apply(null,totals.concat([1]));var g=svg('svg',{viewBox:'0 0 '+W+' '+H,width:'100%',role:'img','aria-label':'Findings per run'});
SEV.slice(0,3).concat(['total']).forEach(function(s){var d='';pts.forEach(function(p,i){var v=s==='total'?totals[i]:(p.bySeverity[s]||0);var x=P+i*(W-2*P)/(pts.length-1),y=H-P-(H-2*P)*v/ymax;d+=(i?'L':'M')+x.toFixed(1)+' '+y.toFixed(1);});g.appendChild(svg('path',{d:d,fill:'none',stroke:s==='total'?'#1d2330':COLORS[s],'stroke-width':s==='total'?2.5:1.5}));});
var t1=svg('text',{x:P,y:H-8});t1.textContent=pts[0].finishedAt.slice(0,10);g.appendChild(t1);var t2=svg('text',{x:W-P-60,y:H-8});t2.textContent=pts[pts.length-1].finishedAt.slice(0,10);g.appendChild(t2);var t3=svg('text',{x:2,y:P});t3.textContent=String(ymax);g.appendChild(t3);trend.appendChild(g);var lg=el('div',{class:'legend'});SEV.slice(0,3).concat(['total']).forEach(function(s){lg.appendChild(el('span',{},[el('i',{style:'background:'+(s==='total'?'#1d2330':COLORS[s])}),s]));});trend.appendChild(lg);}
var changes=document.getElementById('changes');var fresh=R.findings.filter(function(f){return f.state!=='existing';});
changes.appendChild(el('p',{},['New '+R.summary.new+' · reopened '+R.summary.reopened+' · resolved '+R.summary.resolved+' · suppressed '+R.summary.suppressed]));
var ul=el('ul',{class:'plain'});fresh.slice(0,8).forEach(function(f){ul.appendChild(el('li',{},[sevBadge(f.severity),' ',f.state+': '+(f.message.length>160?f.message.slice(0,157)+'...':f.message)]));});R.resolved.slice(0,8).forEach(function(r){ul.appendChild(el('li',{},['resolved: '+r.checkId+' on '+short(r.resourceId)]));});changes.appendChild(ul);
var cov=document.getElementById('coverage');var subsRead=R.coverage.subscriptions.filter(function(s){return s.read;}).length;var wsRead=R.coverage.workspaces.filter(function(w){return w.read;}).length;
cov.appendChild(el('p',{},[subsRead+' of '+R.coverage.subscriptions.length+' subscriptions read, '+wsRead+' of '+R.coverage.workspaces.length+' workspaces read.']));
cov.appendChild(el('p',{class:'muted',text:'Key Vault logging rule: '+R.coverage.rules.kvAuditLogging+'. Log window: '+R.coverage.rules.kvLogWindow+'.'}));
if(R.coverage.errors.length){var ce=el('ul',{class:'plain'});R.coverage.errors.forEach(function(e){ce.appendChild(el('li',{class:'status-error',text:e.source+' at '+e.scope+(e.statusCode?' ('+e.statusCode+(e.code?' '+e.code:'')+')':'')+': '+e.message}));});cov.appendChild(ce);}
function fill(id,label,values){var s=document.getElementById(id);s.appendChild(el('option',{value:''},[label]));values.forEach(function(v){s.appendChild(el('option',{value:v[0]},[v[1]]));});s.addEventListener('change',render);}
function uniq(a){return a.filter(function(v,i){return v&&a.indexOf(v)===i;}).sort();}
fill('filter-severity','All severities',SEV.map(function(s){return[s,s];}));
fill('filter-check','All checks',uniq(R.findings.map(function(f){return f.checkId;})).map(function(c){return[c,c];}));
fill('filter-subscription','All subscriptions',uniq(R.findings.map(function(f){return f.subscriptionId||'';})).map(function(s){return[s,subNames[s]||s];}));
fill('filter-state','All states',['new','existing','reopened','suppressed'].map(function(s){return[s,s];}));
document.getElementById('search').addEventListener('input',render);
var sortKey='severity',sortDir=1;
Array.prototype.forEach.call(document.querySelectorAll('#findings th[data-sort]'),function(th){th.addEventListener('click',function(){var k=th.getAttribute('data-sort');if(sortKey===k)sortDir=-sortDir;else{sortKey=k;sortDir=1;}render();});});
function value(f,k){if(k==='severity')return SEV.indexOf(f.severity);if(k==='resource')return f.resourceId.toLowerCase();return String(f[k]||'');}
function render(){var q=document.getElementById('search').value.toLowerCase();var sev=document.getElementById('filter-severity').value,chk=document.getElementById('filter-check').value,sub=document.getElementById('filter-subscription').value,st=document.getElementById('filter-state').value;
var rows=R.findings.filter(function(f){if(sev&&f.severity!==sev)return false;if(chk&&f.checkId!==chk)return false;if(sub&&f.subscriptionId!==sub)return false;if(st==='suppressed'){if(!f.suppressed)return false;}else if(st&&f.state!==st)return false;if(q){var hay=(f.resourceId+' '+f.message+' '+(f.principalId||'')+' '+f.title+' '+f.checkId).toLowerCase();if(hay.indexOf(q)<0)return false;}return true;});
rows.sort(function(a,b){var x=value(a,sortKey),y=value(b,sortKey);return(x<y?-1:x>y?1:0)*sortDir;});
Array.prototype.forEach.call(document.querySelectorAll('#findings th[data-sort]'),function(th){if(th.getAttribute('data-sort')===sortKey)th.setAttribute('aria-sort',sortDir>0?'ascending':'descending');else th.removeAttribute('aria-sort');});
var tb=document.querySelector('#findings tbody');tb.textContent='';
rows.forEach(function(f){var tr=el('tr',{'data-finding-id':f.id,tabindex:'0'},[el('td',{},[sevBadge(f.severity)]),el('td',{text:f.checkId}),el('td',{class:'res'},[short(f.resourceId),el('span',{class:'msg',text:f.message})]),el('td',{class:'state-'+f.state,text:f.suppressed?'suppressed':f.state}),el('td',{text:f.firstSeen.slice(0,10)})]);tr.addEventListener('click',function(){open(f);});tr.addEventListener('keydown',function(e){if(e.key==='Enter')open(f);});tb.appendChild(tr);});
document.getElementById('shown-count').textContent='('+rows.length+' of '+R.findings.length+')';}
function open(f){var b=document.getElementById('detail-body');b.textContent='';
b.appendChild(el('h2',{},[sevBadge(f.severity),' '+f.title]));b.appendChild(el('p',{text:f.message}));
b.appendChild(el('p',{class:'muted',text:'Resource: '+f.resourceId}));if(f.principalId)b.appendChild(el('p',{class:'muted',text:'Principal: '+f.principalId}));
b.appendChild(el('p',{class:'muted',text:'State: '+f.state+' · first seen '+f.firstSeen+' · last seen '+f.lastSeen}));
if(f.suppressed)b.appendChild(el('p',{text:'Suppressed until '+f.suppressed.expires+': '+f.suppressed.reason}));
b.appendChild(el('h3',{text:'Remediation'}));b.appendChild(el('p',{text:f.remediation.text}));b.appendChild(el('pre',{text:f.remediation.cli}));
b.appendChild(el('h3',{text:'Evidence'}));b.appendChild(el('pre',{text:JSON.stringify(f.evidence,null,2)}));
b.appendChild(el('p',{class:'muted',text:'References: '+f.references.map(function(r){return r.framework+' '+r.control;}).join('; ')}));
var d=document.getElementById('detail');if(d.showModal)d.showModal();else d.setAttribute('open','');}
var ctb=document.querySelector('#checks tbody');R.checks.forEach(function(c){ctb.appendChild(el('tr',{},[el('td',{},[el('code',{text:c.id}),' '+c.title]),el('td',{},[sevBadge(c.severity)]),el('td',{class:'status-'+c.status,text:c.status+(c.error?': '+c.error:'')}),el('td',{text:String(c.evaluated)}),el('td',{text:String(c.failed)})]));});
render();
})();
`;
