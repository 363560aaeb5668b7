/**
 * The dashboard's script (allowed by its hash in the page's Content Security Policy). It reads the
 * run from `#report-meta` and the findings from the compact `script[data-findings]` chunks, keeps
 * each filterable dimension as an integer code per finding (typed arrays, Maps), so that filtering,
 * grouping and counting are one pass over the findings, and shows one page of the table at a time:
 * fast at 300k findings. Every element is built with textContent; links are only ever https.
 * Written without template literals (it lives in one), as plain browser JavaScript.
 */
export const DASHBOARD_SCRIPT = String.raw`
(function(){
'use strict';
var META=JSON.parse(document.getElementById('report-meta').textContent);
var SEV=['critical','high','medium','low','informational'];
var COLORS={critical:'#8b0000',high:'#c2410c',medium:'#a16207',low:'#1d4ed8',informational:'#4b5563'};
var STATES=['new','reopened','existing','suppressed'];
var PAGE=100;
var FF=META.findingFields,I={};FF.forEach(function(k,i){I[k]=i;});
var DF={};(META.detailFields||[]).forEach(function(k,i){DF[k]=i;});var CHUNK=META.chunk||2000;var MGP=META.mgPaths||[];
var rows=[];
Array.prototype.forEach.call(document.querySelectorAll('script[data-findings]'),function(s){var a=JSON.parse(s.textContent);for(var i=0;i<a.length;i++)rows.push(a[i]);});
var resolved=[];
Array.prototype.forEach.call(document.querySelectorAll('script[data-resolved]'),function(s){var a=JSON.parse(s.textContent);for(var i=0;i<a.length;i++)resolved.push(a[i]);});
var N=rows.length;
/* details (links, command, evidence, tags) are parsed per chunk, only when a finding is opened or exported */
var detailEls=document.querySelectorAll('script[data-details]'),detailCache=new Map();
function detailsOf(i,cache){var c=Math.floor(i/CHUNK);var a=cache.get(c);if(!a){var e=detailEls[c];a=e?JSON.parse(e.textContent):[];cache.set(c,a);}return a[i-c*CHUNK]||[];}
function mark(name){if(window.performance&&performance.mark)performance.mark(name);}
mark('dashboard-parsed');
var subNames=new Map();(META.coverage.subscriptions||[]).forEach(function(s){subNames.set(String(s.subscriptionId).toLowerCase(),s.displayName);});
/* two subscriptions may share a display name: those are told apart by their whole id */
var sharedName=new Set(),seenName=new Set();subNames.forEach(function(n){if(seenName.has(n))sharedName.add(n);seenName.add(n);});
function get(i,k,cache){if(k in DF)return detailsOf(i,cache||detailCache)[DF[k]];var v=rows[i][I[k]];if(v==null){if(k==='subscriptionName')return subNames.get(String(rows[i][I.subscriptionId]||'').toLowerCase());if(k==='lastSeen')return META.startedAt;return v;}if(k==='managementGroupPath')return typeof v==='number'?MGP[v]:v;return v;}

/* ---------- helpers ---------- */
function el(tag,props,children){var e=document.createElement(tag);if(props){for(var k in props){var v=props[k];if(v==null||v===false)continue;if(k==='text')e.textContent=v;else if(k==='onclick')e.addEventListener('click',v);else e.setAttribute(k,v===true?'':String(v));}}(children||[]).forEach(function(c){if(c!=null)e.appendChild(typeof c==='string'||typeof c==='number'?document.createTextNode(String(c)):c);});return e;}
function svg(tag,attrs,text){var e=document.createElementNS('http://www.w3.org/2000/svg',tag);for(var k in attrs)e.setAttribute(k,attrs[k]);if(text!=null)e.textContent=text;return e;}
function sevBadge(s){var b=el('span',{class:'sev'},[s]);b.style.setProperty('--c',COLORS[s]||'#555');return b;}
function link(href,text){if(typeof href!=='string'||href.indexOf('https://')!==0)return null;return el('a',{href:href,target:'_blank',rel:'noopener noreferrer'},[text]);}
function lastSegment(id){var p=String(id||'').split('/').filter(Boolean);return p.length?p[p.length-1]:String(id||'');}
function shortId(id){var p=String(id||'').split('/').filter(Boolean);return p.length>2?p.slice(-2).join('/'):String(id||'');}
function fmtDate(iso){if(!iso)return '';var d=new Date(iso);if(isNaN(d))return String(iso);return d.toISOString().slice(0,16).replace('T',' ')+' UTC';}
function plural(n,w,ws){return n+' '+(n===1?w:(ws||w+'s'));}
function clear(e){while(e.firstChild)e.removeChild(e.firstChild);return e;}
function $(id){return document.getElementById(id);}
var checkById=new Map();(META.checks||[]).forEach(function(c){checkById.set(c.id,c);});
function checkTitle(id){var c=checkById.get(id);return c?c.title:id;}
function areaOf(id){var c=checkById.get(id);return c?c.area:'other';}
var mgNames=new Map(),mgParent=new Map();(META.managementGroups||[]).forEach(function(g){mgNames.set(g.name,g.displayName||g.name);mgParent.set(g.name,g.parent);});
function mgLabel(n){return mgNames.get(n)||n;}

/* ---------- dimensions: one integer code per finding ---------- */
function Dim(name,label){this.name=name;this.label=label;this.values=[];this.labels=[];this.map=new Map();this.codes=new Int32Array(N);}
Dim.prototype.text=function(c){var l=this.labels[c];return this.fmt?this.fmt(l):l;};
Dim.prototype.code=function(key,label){if(key==null||key==='')return -1;var c=this.map.get(key);if(c===undefined){c=this.values.length;this.values.push(key);this.labels.push(label==null?key:label);this.map.set(key,c);}return c;};
var D={
 severity:new Dim('severity','Severity'),check:new Dim('check','Check'),area:new Dim('area','Area'),
 subscription:new Dim('subscription','Subscription'),rg:new Dim('rg','Resource group'),resource:new Dim('resource','Resource'),
 principal:new Dim('principal','Principal'),owner:new Dim('owner','Owner'),state:new Dim('state','State'),mgpath:new Dim('mgpath','Management-group path')
};
D.resource.fmt=function(rid){return lastSegment(rid)+' \u00b7 '+rid;};
MGP.forEach(function(path){D.mgpath.code(path.join('/'),path);});
SEV.forEach(function(s){D.severity.code(s,s);});STATES.forEach(function(s){D.state.code(s,s);});
(META.checks||[]).forEach(function(c){D.check.code(c.id,c.title);D.area.code(c.area,c.area);});
for(var i=0;i<N;i++){
 var sub=String(get(i,'subscriptionId')||'').toLowerCase(),rg=get(i,'resourceGroup'),sn=get(i,'subscriptionName')||subNames.get(sub)||sub;
 D.severity.codes[i]=D.severity.code(get(i,'severity'));
 var ck=get(i,'checkId');D.check.codes[i]=D.check.code(ck,checkTitle(ck));D.area.codes[i]=D.area.code(areaOf(ck));
 D.subscription.codes[i]=D.subscription.code(sub,sn?sn+' ('+(sharedName.has(sn)?sub:sub.slice(0,8))+')':sub);
 D.rg.codes[i]=rg?D.rg.code(sub+'/'+String(rg).toLowerCase(),rg+' \u00b7 '+(sn||sub)):-1;
 
 var pid=get(i,'principalId');D.principal.codes[i]=pid?D.principal.code(String(pid).toLowerCase(),get(i,'principalName')||pid):-1;
 var ow=get(i,'owner');D.owner.codes[i]=ow?D.owner.code(ow,ow):-1;
 D.state.codes[i]=D.state.code(get(i,'suppressed')?'suppressed':get(i,'state'));
 var mp=rows[i][I.managementGroupPath];if(typeof mp==='number')D.mgpath.codes[i]=mp;else D.mgpath.codes[i]=mp&&mp.length?D.mgpath.code(mp.join('/'),mp):-1;
}
mark('dashboard-indexed');
/* management groups: counts per group over any finding set, via the paths */
var pathsWith=new Map();D.mgpath.labels.forEach(function(path,code){path.forEach(function(g){var s=pathsWith.get(g);if(!s){s=new Set();pathsWith.set(g,s);}s.add(code);});});
(META.managementGroups||[]).forEach(function(g){if(!pathsWith.has(g.name))pathsWith.set(g.name,new Set());});

/* ---------- filter state, kept in the URL ---------- */
var FILTER_KEYS=['severity','check','area','mg','subscription','rg','resource','principal','owner','state'];
var DEFAULTS={view:'overview',q:'',sort:'severity',dir:1,page:0,group:'mg'};FILTER_KEYS.forEach(function(k){DEFAULTS[k]='';});
var state={};
/* the URL says the whole view: what it does not name is at its default (a pasted link replaces the filters, never adds to them) */
function readHash(){Object.keys(DEFAULTS).forEach(function(k){state[k]=DEFAULTS[k];});var h=location.hash.replace(/^#/,'');h.split('&').forEach(function(p){if(!p)return;var kv=p.split('=');var k=decodeURIComponent(kv[0]),v=decodeURIComponent((kv[1]||'').replace(/\+/g,' '));if(k in DEFAULTS){if(k==='dir'||k==='page')state[k]=parseInt(v,10)||(k==='dir'?1:0);else state[k]=v;}});}
function writeHash(){var parts=[];Object.keys(DEFAULTS).forEach(function(k){var v=state[k];if(v===''||v===DEFAULTS[k])return;parts.push(encodeURIComponent(k)+'='+encodeURIComponent(v));});var h=parts.length?'#'+parts.join('&'):'';try{history.replaceState(null,'',h||location.pathname+location.search);}catch(e){location.hash=h;}}
function filterLabel(k,v){if(k==='mg')return 'Management group: '+mgLabel(v);var dim=dimOf(k);var c=dim?dim.map.get(v):undefined;return (dim?dim.label:k)+': '+(c!==undefined?(k==='check'?checkTitle(v):String(dim.text(c))):v);}
function dimOf(k){if(k==='mg')return null;if(k==='resource')indexResources();return D[k];}
/* resources are indexed on first use (a resource filter, grouping or compliance): at 300k findings their ids are the costliest part of indexing */
var resourcesIndexed=false;function indexResources(){if(resourcesIndexed)return;resourcesIndexed=true;var d=D.resource,ri=I.resourceId;for(var i=0;i<N;i++){var rid=String(rows[i][ri]);d.codes[i]=d.code(rid.toLowerCase(),rid);}}

/* one pass: which findings pass the filters */
var hay=null;
function haystack(i){if(!hay)hay=new Array(N);var h=hay[i];if(h===undefined){var r=rows[i];h=hay[i]=(String(get(i,'resourceId'))+' '+get(i,'message')+' '+(get(i,'principalName')||'')+' '+(get(i,'principalId')||'')+' '+(get(i,'owner')||'')+' '+checkTitle(get(i,'checkId'))+' '+get(i,'checkId')).toLowerCase();void r;}return h;}
function selected(except,order){var conds=[];FILTER_KEYS.forEach(function(k){if(k===except||!state[k])return;if(k==='mg'){var set=pathsWith.get(state.mg)||new Set();conds.push(function(i){return set.has(D.mgpath.codes[i]);});return;}var d=dimOf(k);var code=d.map.has(state[k])?d.map.get(state[k]):-2;var codes=d.codes;conds.push(function(i){return codes[i]===code;});});var q=state.q.trim().toLowerCase();var out=[];for(var n=0;n<N;n++){var i=order?order[n]:n;var ok=true;for(var j=0;j<conds.length;j++){if(!conds[j](i)){ok=false;break;}}if(ok&&q&&haystack(i).indexOf(q)<0)ok=false;if(ok)out.push(i);}return out;}

/* ---------- header and headline ---------- */
var scope=META.scope||{};
function scopeText(){var subs=META.coverage.subscriptions||[];var parts=[];if(scope.subscriptions&&scope.subscriptions.length)parts.push('subscriptions '+scope.subscriptions.map(function(s){return subNames.get(String(s).toLowerCase())||s;}).join(', '));else if(scope.managementGroups&&scope.managementGroups.length)parts.push('management groups '+scope.managementGroups.map(mgLabel).join(', ')+' ('+plural(subs.length,'subscription')+')');else parts.push('the whole tenant ('+plural(subs.length,'subscription')+')');if(scope.checks&&scope.checks.length)parts.push('checks '+scope.checks.map(checkTitle).join(', '));return parts.join('; ');}
var TRIGGER={timer:'scheduled run',http:'on-demand run',cli:'command-line run'};
$('run-title').appendChild(el('span',{class:'badge '+META.status,text:META.status}));
$('run-line').textContent='Tenant '+META.tenantId+' \u00b7 '+(TRIGGER[META.trigger]||META.trigger)+' '+META.runId+' \u00b7 finished '+fmtDate(META.finishedAt)+' \u00b7 scope: '+scopeText();
var failedChecks=(META.checks||[]).filter(function(c){return c.status==='error';});
var unreadSubs=(META.coverage.subscriptions||[]).filter(function(s){return !s.read;});
var unreadWs=(META.coverage.workspaces||[]).filter(function(w){return !w.read;});
function describeError(e){return e.source+' at '+e.scope+(e.statusCode?' ('+e.statusCode+(e.code?' '+e.code:'')+')':e.code?' ('+e.code+')':'')+': '+e.message;}
var banner=$('banner');banner.className=META.status;
if(META.status==='failed'){
 var cause=(META.coverage.errors||[]).filter(function(e){return e.source==='pipeline'&&e.code!=='SuppressionExpired';})[0]||(META.coverage.errors||[])[0];
 banner.appendChild(el('p',{id:'failure',text:'This run failed and evaluated nothing: '+(cause?describeError(cause):'no reason was recorded')+'.'}));
}else{
 var open=0;SEV.forEach(function(s){open+=META.summary.bySeverity[s]||0;});
 banner.appendChild(el('p',{text:(META.status==='complete'?'Complete: every check was evaluated across ':'Partial: not everything could be read across ')+plural((META.coverage.subscriptions||[]).length,'subscription')+' and '+plural((META.coverage.workspaces||[]).length,'Log Analytics workspace')+'. '+plural(open,'open finding')+'.'}));
 var gaps=[];if(failedChecks.length)gaps.push(plural(failedChecks.length,'check')+' could not be evaluated ('+failedChecks.map(function(c){return c.title;}).join('; ')+')');if(unreadSubs.length)gaps.push(plural(unreadSubs.length,'subscription')+' not read');if(unreadWs.length)gaps.push(plural(unreadWs.length,'workspace')+' not read');var errs=(META.coverage.errors||[]).length;if(errs)gaps.push(plural(errs,'coverage error'));
 if(gaps.length){var gp=el('p',{id:'coverage-gaps'},['Coverage gaps: '+gaps.join('; ')+'. ']);gp.appendChild(el('button',{class:'btn',text:'See coverage',onclick:function(){go('coverage');}}));banner.appendChild(gp);}
}

/* ---------- tabs ---------- */
var VIEWS=['overview','findings','groups','compliance','trend','coverage'];
var tabs=$('tabs');
VIEWS.forEach(function(v){var b=el('button',{role:'tab',id:'tab-'+v,'aria-controls':'view-'+v,'data-view':v,text:v.charAt(0).toUpperCase()+v.slice(1),onclick:function(){go(v);}});b.addEventListener('keydown',function(e){var i=VIEWS.indexOf(v);if(e.key==='ArrowRight'||e.key==='ArrowLeft'){var n=VIEWS[(i+(e.key==='ArrowRight'?1:VIEWS.length-1))%VIEWS.length];go(n);$('tab-'+n).focus();e.preventDefault();}});tabs.appendChild(b);});
function go(v){state.view=v;render();}
function applyFilter(k,v){state[k]=v;state.page=0;state.view='findings';render();}

/* ---------- overview ---------- */
function barList(container,items,onPick,activeKey){clear(container);var max=1;items.forEach(function(it){max=Math.max(max,it.total);});items.forEach(function(it){var track=el('span',{class:'track'});SEV.forEach(function(s){var n=it.bySev[s]||0;if(!n)return;var seg=el('i',{title:s+': '+n});seg.style.width=(100*n/max)+'%';seg.style.background=COLORS[s];track.appendChild(seg);});var b=el('button',{'aria-pressed':String(activeKey===it.key),title:it.title||it.label,'aria-label':it.label+': '+it.total+' findings',onclick:function(){onPick(it.key);}},[el('span',{class:'label',text:it.label}),track,el('em',{text:String(it.total)})]);container.appendChild(b);});if(!items.length)container.appendChild(el('p',{class:'muted',text:'No findings.'}));}
function countBy(dim,idx){var m=new Map();for(var j=0;j<idx.length;j++){var i=idx[j];var c=dim.codes[i];if(c<0)continue;var e=m.get(c);if(!e){e={total:0,bySev:{}};m.set(c,e);}e.total++;var s=SEV[D.severity.codes[i]];e.bySev[s]=(e.bySev[s]||0)+1;}return m;}
function renderOverview(){
 var cards=clear($('cards'));cards.hidden=META.status==='failed';
 if(META.status!=='failed')SEV.forEach(function(s){var b=el('button',{class:'card','data-severity':s,'aria-pressed':String(state.severity===s),'aria-label':s+': '+(META.summary.bySeverity[s]||0)+' open findings, show them',onclick:function(){applyFilter('severity',state.severity===s?'':s);}},[el('b',{text:String(META.summary.bySeverity[s]||0)}),el('span',{text:s})]);b.style.setProperty('--c',COLORS[s]);cards.appendChild(b);});
 $('overview-panels').hidden=META.status==='failed';if(META.status==='failed')return;
 var byCheck=countBy(D.check,selected('check'));
 barList($('by-check'),Array.from(byCheck.entries()).sort(function(a,b){return b[1].total-a[1].total;}).map(function(e){return{key:D.check.values[e[0]],label:D.check.text(e[0]),title:D.check.text(e[0])+' ('+D.check.values[e[0]]+')',total:e[1].total,bySev:e[1].bySev};}),function(k){applyFilter('check',k);},state.check);
 var byArea=countBy(D.area,selected('area'));
 barList($('by-area'),Array.from(byArea.entries()).sort(function(a,b){return b[1].total-a[1].total;}).map(function(e){return{key:D.area.values[e[0]],label:D.area.text(e[0]),total:e[1].total,bySev:e[1].bySev};}),function(k){applyFilter('area',k);},state.area);
 renderChanges();renderTrend($('trend-small'),false);
}
var medianAge;/* computed once: it does not depend on the filters */
function medianAgeOfOpen(){if(medianAge!==undefined)return medianAge;var ages=[];for(var i=0;i<N;i++)if(!get(i,'suppressed'))ages.push(get(i,'ageDays')||0);ages.sort(function(a,b){return a-b;});medianAge=ages.length?ages[Math.floor((ages.length-1)/2)]:null;return medianAge;}
function renderChanges(){var box=clear($('changes'));var s=META.summary;var med=medianAgeOfOpen();
 box.appendChild(el('p',{class:'kpis'},[el('span',{},[el('b',{text:String(s.new)}),' new']),el('span',{},[el('b',{text:String(s.reopened)}),' reopened']),el('span',{},[el('b',{text:String(s.resolved)}),' resolved']),el('span',{},[el('b',{text:String(s.suppressed)}),' suppressed']),el('span',{},[el('b',{text:med==null?'-':plural(med,'day')}),' median age of open findings'])]));
 var fresh=[];for(var j=0;j<N;j++){var st=D.state.values[D.state.codes[j]];if(st==='new'||st==='reopened')fresh.push(j);}
 var ul=el('ul',{class:'plain',id:'changes-list'});var limit=state.allChanges?fresh.length:Math.min(fresh.length,50);
 for(var k=0;k<limit;k++){(function(i){ul.appendChild(el('li',{},[sevBadge(get(i,'severity')),' '+D.state.values[D.state.codes[i]]+': ',el('button',{class:'open',text:get(i,'message'),onclick:function(){openFinding(i);}})]));})(fresh[k]);}
 var rlimit=state.allChanges?resolved.length:Math.min(resolved.length,50);
 for(var r=0;r<rlimit;r++){var x=resolved[r];ul.appendChild(el('li',{'data-resolved':x.id},[x.severity?sevBadge(x.severity):null,' resolved: '+(x.title||checkTitle(x.checkId))+' on '+lastSegment(x.resourceId)+(x.principalId?' (principal '+x.principalId+')':'')+' \u00b7 '+x.resourceId]));}
 box.appendChild(ul);
 if(fresh.length>limit||resolved.length>rlimit){box.appendChild(el('button',{class:'btn',id:'changes-all',text:'Show all '+(fresh.length+resolved.length)+' changes',onclick:function(){state.allChanges=true;renderChanges();}}));}
 if(fresh.length)box.appendChild(el('button',{class:'btn',text:'New findings in the table',onclick:function(){applyFilter('state','new');}}));
 if(!fresh.length&&!resolved.length)ul.appendChild(el('li',{class:'muted',text:'Nothing changed since the last run.'}));}

/* ---------- trend ---------- */
/* this run's point: what its own report says where the point lacks it */
function withCurrent(p){if(p.runId!==META.runId)return p;var q={};for(var k in p)q[k]=p[k];var s=META.summary||{};if(q['new']==null&&s['new']!=null)q['new']=s['new']+(s.reopened||0);if(q.resolved==null&&s.resolved!=null)q.resolved=s.resolved;if(q.medianAgeDays==null&&N)q.medianAgeDays=medianAgeOfOpen();if(!q.bySeverity)q.bySeverity=s.bySeverity;return q;}
function renderTrend(box,full){clear(box);var pts=(META.trend||[]).filter(function(p){return !isNaN(Date.parse(p.finishedAt));}).map(withCurrent);
 if(pts.length<2){box.appendChild(el('p',{class:'muted',text:pts.length?'One run so far; the trend appears from the second run.':'No history yet.'}));return;}
 var W=full?900:520,H=full?260:180,L=40,R=20,T=16,B=34;var t0=Date.parse(pts[0].finishedAt),t1=Date.parse(pts[pts.length-1].finishedAt);var span=Math.max(1,t1-t0);
 function sv(p,s){return (p.bySeverity||{})[s]||0;}function total(p){var t=0;SEV.forEach(function(s){t+=sv(p,s);});return t;}
 var ymax=1;pts.forEach(function(p){ymax=Math.max(ymax,total(p));});
 function X(p){return L+(W-L-R)*(Date.parse(p.finishedAt)-t0)/span;}function Y(v){return H-B-(H-T-B)*v/ymax;}
 var g=svg('svg',{viewBox:'0 0 '+W+' '+H,width:'100%',role:'img','aria-label':'Open findings per run by severity, spaced by date'});
 g.appendChild(svg('line',{x1:L,y1:H-B,x2:W-R,y2:H-B,stroke:'#c5ccd6'}));
 [0,Math.round(ymax/2),ymax].filter(function(v,i,a){return a.indexOf(v)===i;}).forEach(function(v){g.appendChild(svg('text',{x:4,y:Y(v)+4},String(Math.round(v))));g.appendChild(svg('line',{x1:L,y1:Y(v),x2:W-R,y2:Y(v),stroke:'#eef0f3'}));});
 var ticks=Math.min(pts.length,full?8:4);for(var k=0;k<ticks;k++){var t=t0+span*k/(ticks-1||1);var x=L+(W-L-R)*(t-t0)/span;var lab=new Date(t).toISOString().slice(5,span<2*864e5?16:10).replace('T',' ');g.appendChild(svg('text',{x:Math.max(0,Math.min(W-lab.length*6,x-16)),y:H-B+16},lab));}
 SEV.concat(['total']).forEach(function(s){var d='';pts.forEach(function(p,i){var v=s==='total'?total(p):sv(p,s);d+=(i?'L':'M')+X(p).toFixed(1)+' '+Y(v).toFixed(1);});g.appendChild(svg('path',{d:d,fill:'none',stroke:s==='total'?'#1d2330':COLORS[s],'stroke-width':s==='total'?2.5:1.5,'data-series':s}));
  pts.forEach(function(p){var v=s==='total'?total(p):sv(p,s);var c=svg('circle',{cx:X(p).toFixed(1),cy:Y(v).toFixed(1),r:s==='total'?3.5:2.5,fill:s==='total'?'#1d2330':COLORS[s]});c.appendChild(svg('title',{},s+' '+v+' at '+fmtDate(p.finishedAt)));g.appendChild(c);});});
 var last=pts[pts.length-1];g.appendChild(svg('text',{class:'val',x:Math.min(W-R-30,X(last)+4),y:Math.max(T,Y(total(last))-6)},String(total(last))));
 box.appendChild(g);var lg=el('div',{class:'legend'});SEV.concat(['total']).forEach(function(s){var i=el('i');i.style.background=s==='total'?'#1d2330':COLORS[s];var n=s==='total'?total(last):sv(last,s);lg.appendChild(el('span',{},[i,s+' '+n]));});box.appendChild(lg);
 if(!full)return;
 var tb=el('table',{id:'trend-table'},[el('thead',{},[el('tr',{},['Run','Finished','Status'].concat(SEV).concat(['Total','New','Resolved','Median age (days)']).map(function(h){return el('th',{text:h});}))])]);var body=el('tbody');
 /* a value an older run record lacked is derived from the findings history (marked with \u2248); '-' only where nothing can tell it */
 var anyDerived=false;function cell(p,k,v){var d=(p.derived||[]).indexOf(k)>=0;if(d)anyDerived=true;return el('td',{'data-derived':d?'true':null,title:d?DERIVED:null,text:v==null?'-':(d?'\u2248':'')+String(v)});}
 pts.slice().reverse().forEach(function(p){body.appendChild(el('tr',{'data-run':p.runId},[el('td',{class:'mono',text:p.runId}),el('td',{text:fmtDate(p.finishedAt)}),el('td',{text:p.status})].concat(SEV.map(function(s){return cell(p,'bySeverity',sv(p,s));})).concat([cell(p,'bySeverity',total(p)),cell(p,'new',p['new']),cell(p,'resolved',p.resolved),cell(p,'medianAgeDays',p.medianAgeDays)])));});
 tb.appendChild(body);
 var nv=el('div');var nmax=1;pts.forEach(function(p){nmax=Math.max(nmax,p['new']||0,p.resolved||0);});var g2=svg('svg',{viewBox:'0 0 '+W+' 120',width:'100%',role:'img','aria-label':'New and resolved findings per run'});var mid=60;g2.appendChild(svg('line',{x1:L,y1:mid,x2:W-R,y2:mid,stroke:'#c5ccd6'}));
 pts.forEach(function(p){var x=X(p);var n=p['new']||0,r=p.resolved||0;var hn=50*n/nmax,hr=50*r/nmax;var a=svg('rect',{x:(x-4).toFixed(1),y:(mid-hn).toFixed(1),width:8,height:hn.toFixed(1),fill:'#b42318'});a.appendChild(svg('title',{},n+' new at '+fmtDate(p.finishedAt)));g2.appendChild(a);var b=svg('rect',{x:(x-4).toFixed(1),y:mid,width:8,height:hr.toFixed(1),fill:'#1a7f37'});b.appendChild(svg('title',{},r+' resolved at '+fmtDate(p.finishedAt)));g2.appendChild(b);});
 g2.appendChild(svg('text',{x:4,y:14},'new'));g2.appendChild(svg('text',{x:4,y:112},'resolved'));nv.appendChild(el('h3',{text:'New versus resolved per run'}));nv.appendChild(g2);box.appendChild(nv);box.appendChild(el('h3',{text:'Runs'}));box.appendChild(tb);if(anyDerived)box.appendChild(el('p',{class:'muted',id:'trend-derived',text:'\u2248 '+DERIVED}));}
var DERIVED='derived from the findings history: the run was recorded before this value was kept (a count is a lower bound; a median leaves out suppressed findings).';

/* ---------- findings table ---------- */
/* a select's options are built once; a render only sets its value (an unknown value from a link gets its own option) */
function fillSelect(id,key,label,options){var s=$(id);if(!s.options.length){s.appendChild(el('option',{value:''},[label]));options().forEach(function(o){s.appendChild(el('option',{value:o[0]},[o[1]]));});}s.value=state[key];if(s.value!==state[key]){s.appendChild(el('option',{value:state[key]},[state[key]]));s.value=state[key];}}
function optionsOf(dim,sortByLabel){var out=[];dim.values.forEach(function(v,c){out.push([v,String(dim.text(c))]);});if(sortByLabel)out.sort(function(a,b){return a[1].localeCompare(b[1]);});return out;}
var selectsReady=false;
function setupSelects(){if(selectsReady)return;selectsReady=true;
 [['filter-severity','severity'],['filter-check','check'],['filter-area','area'],['filter-subscription','subscription'],['filter-owner','owner'],['filter-state','state']].forEach(function(p){$(p[0]).addEventListener('change',function(e){state[p[1]]=e.target.value;state.page=0;render();});});
 var t=null;$('search').addEventListener('input',function(e){clearTimeout(t);t=setTimeout(function(){state.q=e.target.value;state.page=0;render();},N>20000?250:0);});
 Array.prototype.forEach.call(document.querySelectorAll('#findings th[data-sort] button'),function(b){b.addEventListener('click',function(){var k=b.parentNode.getAttribute('data-sort');if(state.sort===k)state.dir=-state.dir;else{state.sort=k;state.dir=1;}render();});});
 $('prev').addEventListener('click',function(){state.page=Math.max(0,state.page-1);render();});$('next').addEventListener('click',function(){state.page++;render();});
 $('export').addEventListener('click',exportCsv);$('clear-filters').addEventListener('click',function(){FILTER_KEYS.forEach(function(k){state[k]='';});state.q='';$('search').value='';state.page=0;render();});
}
function sortKey(k){if(k==='severity')return function(i){return D.severity.codes[i];};if(k==='check')return function(i){return String(D.check.text(D.check.codes[i]));};if(k==='resource')return function(i){return String(get(i,'resourceId')).toLowerCase();};if(k==='owner')return function(i){return String(get(i,'owner')||'\uffff');};if(k==='age')return function(i){return -(get(i,'ageDays')||0);};if(k==='state')return function(i){return D.state.codes[i];};return function(i){return D.severity.codes[i];};}
var current=[];
/* every finding sorted by a column, computed once per column: a filter then keeps that order in one pass */
var orders=new Map();
function orderOf(k,dir){var o=orders.get(k);if(!o){var key=sortKey(k);var keys=new Array(N);o=new Int32Array(N);for(var i=0;i<N;i++){keys[i]=key(i);o[i]=i;}Array.prototype.sort.call(o,function(a,b){var x=keys[a],y=keys[b];return x<y?-1:x>y?1:a-b;});orders.set(k,o);}
 if(dir>0)return o;var r=orders.get(k+':desc');if(!r){r=o.slice().reverse();orders.set(k+':desc',r);}return r;}
function renderFindings(){setupSelects();
 fillSelect('filter-severity','severity','All severities',function(){return SEV.map(function(s){return[s,s];});});
 fillSelect('filter-check','check','All checks',function(){return optionsOf(D.check,true);});fillSelect('filter-area','area','All areas',function(){return optionsOf(D.area,true);});
 fillSelect('filter-subscription','subscription','All subscriptions',function(){return optionsOf(D.subscription,true);});fillSelect('filter-owner','owner','All owners',function(){return optionsOf(D.owner,true);});
 fillSelect('filter-state','state','All states',function(){return STATES.map(function(s){return[s,s];});});if($('search').value!==state.q)$('search').value=state.q;
 var chips=clear($('chips'));FILTER_KEYS.forEach(function(k){if(!state[k])return;chips.appendChild(el('button',{class:'chip','data-filter':k,title:'Remove this filter','aria-label':'Remove filter '+filterLabel(k,state[k]),onclick:function(){state[k]='';state.page=0;render();}},[filterLabel(k,state[k])+' \u2715']));});
 current=selected(null,orderOf(state.sort,state.dir));
 Array.prototype.forEach.call(document.querySelectorAll('#findings th[data-sort]'),function(th){if(th.getAttribute('data-sort')===state.sort)th.setAttribute('aria-sort',state.dir>0?'ascending':'descending');else th.removeAttribute('aria-sort');});
 var pages=Math.max(1,Math.ceil(current.length/PAGE));if(state.page>=pages)state.page=pages-1;var from=state.page*PAGE,to=Math.min(current.length,from+PAGE);
 var tb=clear(document.querySelector('#findings tbody'));
 for(var j=from;j<to;j++){(function(i){var sup=get(i,'suppressed');var st=sup?'suppressed':get(i,'state');var rid=String(get(i,'resourceId'));
  tb.appendChild(el('tr',{'data-finding-id':get(i,'id')},[el('td',{},[sevBadge(get(i,'severity'))]),el('td',{},[checkTitle(get(i,'checkId'))]),
   el('td',{class:'res'},[el('button',{class:'open','aria-label':'Open details of '+lastSegment(rid),text:shortId(rid),onclick:function(){openFinding(i);}}),el('span',{class:'msg',text:get(i,'message')})]),
   el('td',{text:get(i,'owner')||''}),el('td',{class:'state-'+st,text:st}),el('td',{text:plural(get(i,'ageDays')||0,'day')})]));})(current[j]);}
 $('shown-count').textContent='('+current.length+' of '+N+')';$('page-info').textContent=current.length?('Rows '+(from+1)+'\u2013'+to+' of '+current.length):'No finding matches.';$('prev').disabled=state.page===0;$('next').disabled=to>=current.length;}
function exportCsv(){var cols=['severity','check','checkId','state','message','resourceId','resourceGroup','subscription','managementGroupPath','owner','principal','firstSeen','ageDays','portalLink','cli'];
 function cell(v){var s=v==null?'':String(v);if(/^[=+\-@\t\r]/.test(s))s="'"+s;return '"'+s.replace(/"/g,'""')+'"';}
 var parts=[cols.map(cell).join(',')+'\r\n'];var tmp=new Map();current.forEach(function(i){var links=get(i,'links',tmp)||{};var path=get(i,'managementGroupPath');parts.push([get(i,'severity'),checkTitle(get(i,'checkId')),get(i,'checkId'),get(i,'suppressed')?'suppressed':get(i,'state'),get(i,'message'),get(i,'resourceId'),get(i,'resourceGroup'),get(i,'subscriptionName')||get(i,'subscriptionId'),path?path.join(' / '):'',get(i,'owner'),get(i,'principalName')||get(i,'principalId'),get(i,'firstSeen'),get(i,'ageDays'),links.portal,get(i,'cli',tmp)].map(cell).join(',')+'\r\n');});
 var url=URL.createObjectURL(new Blob(parts,{type:'text/csv;charset=utf-8'}));var a=el('a',{href:url,download:'findings-filtered-'+META.runId+'.csv'});document.body.appendChild(a);a.click();a.remove();setTimeout(function(){URL.revokeObjectURL(url);},10000);}

/* ---------- details ---------- */
function openFinding(i){var b=clear($('detail-body'));var ck=checkById.get(get(i,'checkId'));var links=get(i,'links')||{};
 b.appendChild(el('h2',{id:'detail-title'},[sevBadge(get(i,'severity')),' '+(get(i,'title')||checkTitle(get(i,'checkId')))]));b.appendChild(el('p',{text:get(i,'message')}));
 var dl=el('dl');function row(k,v){if(v==null||v==='')return;dl.appendChild(el('dt',{text:k}));dl.appendChild(el('dd',{},[v]));}
 row('Resource',el('span',{class:'mono',text:get(i,'resourceId')}));var path=get(i,'managementGroupPath');row('Where',[path?path.map(mgLabel).join(' \u203a '):'',get(i,'subscriptionName')||get(i,'subscriptionId'),get(i,'resourceGroup')].filter(Boolean).join(' \u203a '));
 row('Owner',get(i,'owner')?get(i,'owner')+(get(i,'ownerSource')==='tag'?' (from the owner tag)':' (the principal)'):'no owner tag');row('Principal',get(i,'principalId')?(get(i,'principalName')?get(i,'principalName')+' \u00b7 ':'')+get(i,'principalId'):null);
 row('State',(get(i,'suppressed')?'suppressed':get(i,'state'))+' \u00b7 first seen '+fmtDate(get(i,'firstSeen'))+' \u00b7 open '+plural(get(i,'ageDays')||0,'day'));var sup=get(i,'suppressed');if(sup)row('Suppressed','until '+sup.expires+': '+sup.reason);
 var tags=get(i,'tags');if(tags)row('Tags',Object.keys(tags).map(function(k){return k+'='+tags[k];}).join(', '));b.appendChild(dl);
 var lk=el('p',{class:'links'});[link(links.portal,'Open in the Azure portal'),link(links.accessControl,'Access control (IAM) of the scope'),link(links.learn||(ck&&ck.learnUrl),'Microsoft Learn')].forEach(function(a){if(a){lk.appendChild(a);lk.appendChild(document.createTextNode(' \u00b7 '));}});if(lk.lastChild)lk.removeChild(lk.lastChild);b.appendChild(lk);
 b.appendChild(el('h3',{text:'Remediation'}));b.appendChild(el('p',{text:ck?ck.remediation.text:''}));var pre=el('pre',{id:'detail-cli',text:get(i,'cli')});b.appendChild(pre);
 b.appendChild(el('button',{class:'btn',text:'Copy command',onclick:function(e){var t=e.target;var done=function(){t.textContent='Copied';};if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(get(i,'cli')).then(done,function(){selectText(pre);});else selectText(pre);}}));
 b.appendChild(el('h3',{text:'Evidence'}));b.appendChild(el('pre',{text:JSON.stringify(get(i,'evidence'),null,2)}));
 if(ck)b.appendChild(el('p',{class:'muted',text:'References: '+ck.references.map(function(r){return r.framework+' '+r.control;}).join('; ')+' \u00b7 check '+ck.id}));
 var d=$('detail');if(d.showModal){if(!d.open)d.showModal();}else d.setAttribute('open','');}
function selectText(node){var r=document.createRange();r.selectNodeContents(node);var s=getSelection();s.removeAllRanges();s.addRange(r);}

/* ---------- groups ---------- */
var GROUPS=[['mg','Management group (tree)'],['subscription','Subscription'],['rg','Resource group'],['resource','Resource'],['principal','Principal'],['owner','Owner'],['check','Check'],['area','Area'],['severity','Severity'],['state','State']];
function renderGroups(){var sel=$('group-by');if(!sel.options.length){GROUPS.forEach(function(g){sel.appendChild(el('option',{value:g[0]},[g[1]]));});sel.addEventListener('change',function(){state.group=sel.value;render();});}sel.value=state.group;
 var box=clear($('groups'));var idx=selected(state.group==='mg'?'mg':state.group);$('groups-count').textContent='('+idx.length+' findings'+(FILTER_KEYS.some(function(k){return state[k]&&k!==state.group;})||state.q?', filtered':'')+')';
 if(state.group==='mg'){renderTree(box,idx);return;}
 var dim=dimOf(state.group);var m=countBy(dim,idx);var none=0;idx.forEach(function(i){if(dim.codes[i]<0)none++;});var items=Array.from(m.entries()).sort(function(a,b){return b[1].total-a[1].total;});var lim=state.groupsAll?items.length:Math.min(items.length,200);
 var list=el('div',{class:'bars',id:'group-list'});barList(list,items.slice(0,lim).map(function(e){return{key:dim.values[e[0]],label:String(dim.text(e[0])),total:e[1].total,bySev:e[1].bySev};}),function(k){applyFilter(state.group,k);},state[state.group]);box.appendChild(list);
 if(none)box.appendChild(el('p',{class:'muted',text:plural(none,'finding')+' have no '+dim.label.toLowerCase()+'.'}));if(items.length>lim)box.appendChild(el('button',{class:'btn',text:'Show all '+items.length+' groups',onclick:function(){state.groupsAll=true;renderGroups();}}));}
/* the tree as AzGovViz draws it: management groups, and under each the subscriptions it holds, each with its count of findings */
function renderTree(box,idx){var perPath=new Map(),subsOf=new Map();idx.forEach(function(i){var c=D.mgpath.codes[i];if(c<0)return;perPath.set(c,(perPath.get(c)||0)+1);var sc=D.subscription.codes[i];if(sc<0)return;var path=D.mgpath.labels[c];var g=path[path.length-1];var m=subsOf.get(g);if(!m){m=new Map();subsOf.set(g,m);}m.set(sc,(m.get(sc)||0)+1);});
 var count=function(g){var n=0;(pathsWith.get(g)||new Set()).forEach(function(c){n+=perPath.get(c)||0;});return n;};
 var children=new Map(),roots=[];mgParent.forEach(function(p,g){if(p&&mgParent.has(p)){var a=children.get(p)||[];a.push(g);children.set(p,a);}else roots.push(g);});
 D.mgpath.labels.forEach(function(path){path.forEach(function(g,k){if(mgParent.has(g))return;mgParent.set(g,k?path[k-1]:null);if(k&&mgParent.has(path[k-1])){var a=children.get(path[k-1])||[];if(a.indexOf(g)<0)a.push(g);children.set(path[k-1],a);}else if(roots.indexOf(g)<0)roots.push(g);});});
 if(!roots.length){box.appendChild(el('p',{class:'muted',text:'No management groups were read.'}));return;}
 var ul=el('ul',{class:'tree',id:'mg-tree'});function node(g,depth){var kids=(children.get(g)||[]).slice().sort(function(a,b){return count(b)-count(a);});var n=count(g);var btn=el('button',{'data-mg':g,'aria-label':mgLabel(g)+': '+n+' findings, show them',onclick:function(){applyFilter('mg',g);}},[el('b',{text:mgLabel(g)}),' ',el('span',{class:'muted',text:'('+n+')'})]);var li=el('li',{},[btn]);var subs=Array.from((subsOf.get(g)||new Map()).entries()).sort(function(a,b){return b[1]-a[1];});
 if(kids.length||subs.length){var sub=el('ul');kids.forEach(function(k){sub.appendChild(node(k,depth+1));});subs.forEach(function(e){var key=D.subscription.values[e[0]],label=String(D.subscription.text(e[0]));sub.appendChild(el('li',{},[el('button',{'data-subscription':key,'aria-label':'Subscription '+label+': '+e[1]+' findings, show them',onclick:function(){applyFilter('subscription',key);}},['Subscription ',label,' ',el('span',{class:'muted',text:'('+e[1]+')'})])]));});li.appendChild(sub);}return li;}
 roots.forEach(function(r){ul.appendChild(node(r,0));});box.appendChild(ul);}

/* ---------- compliance ---------- */
var failedItems=null;/* distinct failing resources per check, counted once */
function renderCompliance(){var box=clear($('compliance'));if(!failedItems){indexResources();failedItems=new Map();for(var i=0;i<N;i++){if(get(i,'suppressed'))continue;var c=get(i,'checkId');var s=failedItems.get(c);if(!s){s=new Set();failedItems.set(c,s);}s.add(D.resource.codes[i]);}}
 function rate(c){if(c.status==='error'||!c.evaluated)return null;var f=Math.min(c.evaluated,(failedItems.get(c.id)||new Set()).size);return (c.evaluated-f)/c.evaluated;}
 function rateCell(r){if(r==null)return el('td',{class:'muted',text:'not evaluated'});var bar=el('span',{class:'rate'});var fill=el('i');fill.style.width=(100*r).toFixed(0)+'%';bar.appendChild(fill);return el('td',{},[bar,(100*r).toFixed(r===1||r===0?0:1)+'%']);}
 var adoption=META.coverage&&META.coverage.managedIdentityAdoption;
 if(adoption&&adoption.resources>0){var pct=(100*adoption.withIdentity/adoption.resources).toFixed(1);box.appendChild(el('h3',{text:'Managed-identity adoption'}));box.appendChild(el('p',{id:'mi-adoption',class:'kpis'},[el('span',{},[el('b',{text:pct+'%'}),' of '+adoption.resources+' resources that support a managed identity have one ('+adoption.withIdentity+')'+(adoption.complete?'':'; incomplete, part of the tenant could not be read')])]));
  var at=el('table',{id:'adoption-by-type'},[el('thead',{},[el('tr',{},['Service','Type','Resources','With identity','Adoption'].map(function(h){return el('th',{text:h});}))])]);var ab=el('tbody');(adoption.byType||[]).slice().sort(function(a,b){return b.resources-a.resources;}).forEach(function(t){ab.appendChild(el('tr',{},[el('td',{text:t.service}),el('td',{class:'mono',text:t.type}),el('td',{text:String(t.resources)}),el('td',{text:String(t.withIdentity)}),rateCell(t.resources?t.withIdentity/t.resources:null)]));});at.appendChild(ab);box.appendChild(at);}
 var areas=[];(META.checks||[]).forEach(function(c){if(areas.indexOf(c.area)<0)areas.push(c.area);});
 areas.forEach(function(a){var cs=(META.checks||[]).filter(function(c){return c.area===a;});var pass=cs.filter(function(c){return c.status==='pass';}).length;box.appendChild(el('h3',{text:'Area: '+a+' \u00b7 '+pass+' of '+cs.length+' checks pass'}));
  var t=el('table',{class:'compliance','data-area':a},[el('thead',{},[el('tr',{},['Check','Severity','Status','Evaluated','Failed','Pass rate','References'].map(function(h){return el('th',{text:h});}))])]);var tb=el('tbody');
  cs.forEach(function(c){tb.appendChild(el('tr',{'data-check':c.id},[el('td',{},[el('button',{class:'open',text:c.title,onclick:function(){applyFilter('check',c.id);}}),el('span',{class:'msg mono',text:' '+c.id})]),el('td',{},[sevBadge(c.severity)]),el('td',{class:'status-'+c.status,text:c.status+(c.error&&META.status!=='failed'?': '+c.error:'')}),el('td',{text:String(c.evaluated)}),el('td',{text:String((failedItems.get(c.id)||new Set()).size)}),rateCell(rate(c)),el('td',{class:'muted',text:c.references.map(function(r){return r.framework+' '+r.control;}).join('; ')})]));});t.appendChild(tb);box.appendChild(t);});
 [['CIS','CIS Microsoft Azure Foundations'],['MCSB','Microsoft cloud security benchmark']].forEach(function(fw){var ctl=new Map();(META.checks||[]).forEach(function(c){c.references.forEach(function(r){if(r.framework.indexOf(fw[0])!==0)return;var key=r.framework+' '+r.control;var e=ctl.get(key);if(!e){e={framework:r.framework,control:r.control,checks:[]};ctl.set(key,e);}e.checks.push(c);});});if(!ctl.size)return;
  box.appendChild(el('h3',{text:'By '+fw[1]+' control'}));var t=el('table',{class:'controls','data-framework':fw[0]},[el('thead',{},[el('tr',{},['Control','Status','Checks','Evaluated','Failed','Pass rate'].map(function(h){return el('th',{text:h});}))])]);var tb=el('tbody');
  Array.from(ctl.values()).sort(function(a,b){return (a.framework+a.control).localeCompare(b.framework+b.control,undefined,{numeric:true});}).forEach(function(e){var st=e.checks.some(function(c){return c.status==='error';})?'error':e.checks.some(function(c){return c.status==='fail';})?'fail':'pass';var ev=0,fl=0;e.checks.forEach(function(c){if(c.status!=='error'){ev+=c.evaluated;fl+=Math.min(c.evaluated,(failedItems.get(c.id)||new Set()).size);}});
   tb.appendChild(el('tr',{},[el('td',{text:e.framework+' '+e.control}),el('td',{class:'status-'+st,text:st}),el('td',{text:e.checks.map(function(c){return c.title;}).join('; ')}),el('td',{text:String(ev)}),el('td',{text:String(fl)}),rateCell(st==='error'||!ev?null:(ev-fl)/ev)]));});t.appendChild(tb);box.appendChild(t);});}

/* ---------- coverage ---------- */
function renderCoverage(){var box=clear($('coverage'));var cov=META.coverage;var subsRead=(cov.subscriptions||[]).filter(function(s){return s.read;}).length;var wsRead=(cov.workspaces||[]).filter(function(w){return w.read;}).length;
 box.appendChild(el('p',{text:subsRead+' of '+(cov.subscriptions||[]).length+' subscriptions read, '+wsRead+' of '+(cov.workspaces||[]).length+' Log Analytics workspaces read, '+((META.checks||[]).length-failedChecks.length)+' of '+(META.checks||[]).length+' checks evaluated.'}));
 if(cov.rules){[['Key Vault logging rule',cov.rules.kvAuditLogging],['Key Vault log window',cov.rules.kvLogWindow],['Role data',cov.rules.roleData]].forEach(function(r){if(r[1])box.appendChild(el('p',{class:'muted',text:r[0]+': '+r[1]}));});}
 if(unreadSubs.length){box.appendChild(el('h3',{text:'Subscriptions not read'}));var u=el('ul',{class:'plain'});unreadSubs.forEach(function(s){u.appendChild(el('li',{text:s.displayName+' ('+s.subscriptionId+')'}));});box.appendChild(u);}
 if(failedChecks.length){box.appendChild(el('h3',{text:'Checks that could not be evaluated'}));var fc=el('ul',{class:'plain'});failedChecks.forEach(function(c){fc.appendChild(el('li',{},[el('b',{text:c.title}),META.status==='failed'?'':': '+(c.error||'error')]));});box.appendChild(fc);}
 if((cov.errors||[]).length){box.appendChild(el('h3',{text:'What could not be read'}));var ce=el('ul',{class:'plain',id:'coverage-errors'});cov.errors.forEach(function(e){ce.appendChild(el('li',{class:'status-error',text:describeError(e)}));});box.appendChild(ce);}
 var subs=el('table',{},[el('thead',{},[el('tr',{},['Subscription','Id','Read'].map(function(h){return el('th',{text:h});}))])]);var sb=el('tbody');(cov.subscriptions||[]).forEach(function(s){sb.appendChild(el('tr',{},[el('td',{text:s.displayName}),el('td',{class:'mono',text:s.subscriptionId}),el('td',{class:s.read?'status-pass':'status-error',text:s.read?'yes':'no'})]));});subs.appendChild(sb);box.appendChild(el('h3',{text:'Subscriptions'}));box.appendChild(subs);}

/* ---------- render ---------- */
function render(){if(VIEWS.indexOf(state.view)<0)state.view='overview';if(META.status==='failed'&&(state.view==='findings'||state.view==='groups'||state.view==='trend'))state.view='overview';
 VIEWS.forEach(function(v){var on=v===state.view;$('view-'+v).hidden=!on;var t=$('tab-'+v);t.setAttribute('aria-selected',String(on));t.tabIndex=on?0:-1;t.hidden=META.status==='failed'&&(v==='findings'||v==='groups'||v==='trend');});
 if(state.view==='overview')renderOverview();else if(state.view==='findings')renderFindings();else if(state.view==='groups')renderGroups();else if(state.view==='compliance')renderCompliance();else if(state.view==='trend')renderTrend($('trend'),true);else renderCoverage();
 writeHash();}
readHash();window.addEventListener('hashchange',function(){readHash();render();});render();
document.body.setAttribute('data-ready','true');
mark('dashboard-ready');
})();
`;
