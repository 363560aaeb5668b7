/** The dashboard's style sheet (allowed by its hash in the page's Content Security Policy). */
export const DASHBOARD_STYLE = `
:root{--critical:#8b0000;--high:#c2410c;--medium:#a16207;--low:#1d4ed8;--informational:#4b5563;--bg:#f5f6f8;--fg:#1d2330;--muted:#556070;--card:#fff;--line:#dfe3e8;--ok:#1a7f37;--warn:#9a6700;--bad:#b42318;--focus:#2563eb}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
a{color:#1d4ed8}button{font:inherit;color:inherit}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
header{background:#1d2330;color:#fff;padding:12px 20px}header h1{margin:0;font-size:18px;display:flex;gap:10px;align-items:center;flex-wrap:wrap}header p{margin:4px 0 0;color:#d5dae3;overflow-wrap:anywhere}
.badge{display:inline-block;padding:1px 10px;border-radius:10px;font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.badge.complete{background:#d1fadf;color:#05603a}.badge.partial{background:#fef0c7;color:#7a2e0e}.badge.failed{background:#fee4e2;color:#912018}
main{padding:14px 20px;max-width:1400px;margin:0 auto}h2{font-size:15px;margin:0 0 10px}h3{font-size:14px;margin:14px 0 6px}
#banner{border-radius:8px;padding:12px 14px;margin-bottom:14px;border-left:6px solid var(--c);background:#fff;box-shadow:0 1px 2px #0001}
#banner.complete{--c:var(--ok)}#banner.partial{--c:#dc6803}#banner.failed{--c:var(--bad);font-size:16px}#banner p{margin:2px 0}
nav[role=tablist]{display:flex;gap:4px;flex-wrap:wrap;margin:0 0 14px;border-bottom:1px solid var(--line)}
nav[role=tablist] button{border:0;background:none;padding:8px 12px;cursor:pointer;border-bottom:3px solid transparent;color:var(--muted)}
nav[role=tablist] button[aria-selected=true]{color:var(--fg);border-bottom-color:var(--focus);font-weight:600}
#cards{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:10px;margin-bottom:14px}
.card{background:var(--card);border:0;border-top:4px solid var(--c);border-radius:8px;padding:10px 12px;box-shadow:0 1px 2px #0001;text-align:left;cursor:pointer;min-width:0}
.card b{display:block;font-size:26px;line-height:1.2}.card span{display:block;color:var(--muted);text-transform:capitalize;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.card[aria-pressed=true]{outline:2px solid var(--c)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:14px;margin-bottom:14px}
.panel{background:var(--card);border-radius:8px;padding:14px;box-shadow:0 1px 2px #0001;margin-bottom:14px;min-width:0;overflow-x:auto}
.kpis{display:flex;flex-wrap:wrap;gap:8px 20px;margin:0 0 10px;color:var(--muted)}.kpis b{color:var(--fg)}
.bars button{display:flex;align-items:center;gap:8px;width:100%;border:0;background:none;padding:3px 2px;cursor:pointer;text-align:left;border-radius:4px}
.bars button:hover,.bars button[aria-pressed=true]{background:#eef2f8}
.bars .label{flex:0 0 42%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.bars .track{flex:1;background:#eef0f3;border-radius:3px;height:14px;display:flex;overflow:hidden}.bars .track i{display:block;height:14px}.bars em{font-style:normal;min-width:44px;text-align:right}
.bars+h2{margin-top:16px}.legend{display:flex;flex-wrap:wrap;gap:10px;font-size:12px;color:var(--muted);margin-top:6px}.legend i{display:inline-block;width:14px;height:4px;vertical-align:middle;margin-right:4px}
.filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:8px}.filters input,.filters select{padding:6px 8px;border:1px solid #c5ccd6;border-radius:6px;background:#fff;min-width:0}.filters input{flex:1 1 220px}.filters select{flex:0 1 190px}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin-bottom:8px}.chip{border:1px solid #c5ccd6;background:#f3f6fb;border-radius:14px;padding:2px 10px;cursor:pointer;max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.toolbar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;justify-content:space-between;margin-bottom:8px}
.btn{border:1px solid #c5ccd6;background:#fff;border-radius:6px;padding:5px 10px;cursor:pointer}.btn:disabled{opacity:.5;cursor:default}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th button{border:0;background:none;padding:0;font-weight:600;cursor:pointer}th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
td.res{font-family:ui-monospace,monospace;font-size:12px;overflow-wrap:anywhere}td .msg{display:block;color:var(--muted);font-family:system-ui,sans-serif;font-size:12px;margin-top:2px}
td button.open{border:0;background:none;padding:0;text-align:left;cursor:pointer;color:#1d4ed8;font-family:inherit;font-size:inherit;overflow-wrap:anywhere}
.sev{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;text-transform:capitalize;background:var(--c);white-space:nowrap}
.state-new,.state-reopened{font-weight:600;color:var(--bad)}.status-error{color:var(--bad);font-weight:600}.status-fail{color:#c2410c;font-weight:600}.status-pass{color:var(--ok);font-weight:600}
.muted{color:var(--muted)}.mono{font-family:ui-monospace,monospace;font-size:12px;overflow-wrap:anywhere}
.rate{display:inline-block;width:80px;height:8px;background:#fde2e1;border-radius:4px;vertical-align:middle;margin-right:6px;overflow:hidden}.rate i{display:block;height:8px;background:var(--ok)}
ul.tree,ul.tree ul{list-style:none;padding-left:18px;margin:2px 0}ul.tree{padding-left:0}ul.tree li{margin:2px 0}ul.tree button{border:0;background:none;cursor:pointer;padding:2px 4px;border-radius:4px;text-align:left}ul.tree button:hover{background:#eef2f8}
ul.plain{padding-left:18px;margin:4px 0}ul.plain li{margin:3px 0;overflow-wrap:anywhere}
dialog{max-width:820px;width:calc(100% - 20px);border:0;border-radius:10px;padding:18px;box-shadow:0 10px 40px #0004}dialog pre{background:#f3f4f6;padding:10px;border-radius:6px;overflow:auto;max-height:300px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
dialog dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:8px 0}dialog dt{color:var(--muted)}dialog dd{margin:0;overflow-wrap:anywhere}
.close{float:right;border:0;background:none;font-size:22px;cursor:pointer;line-height:1}
svg text{font-size:11px;fill:var(--muted)}svg .val{fill:var(--fg);font-weight:600}
[hidden]{display:none!important}
@media (max-width:760px){header,main{padding:10px}#cards{grid-template-columns:repeat(2,minmax(0,1fr))}.grid{grid-template-columns:1fr}.bars .label{flex-basis:48%}
#findings thead{display:none}#findings tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}#findings td{display:block;border:0;padding:2px 4px}.filters select{flex:1 1 45%}}
`;
