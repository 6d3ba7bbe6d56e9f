# ruff: noqa: E501  (HTML and CSS lines; wrapping them would only add backslashes)
"""The HTML report's Jinja2 template: layout and inline CSS only, no logic and no resources.

Kept apart from ``html.py`` so the view model reads as Python and the page as HTML. The CSP
forbids every fetch (``default-src 'none'``); styles are inline and fonts are the system's.
"""

from __future__ import annotations

TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leakcheck report · {{ run.profile }} · {{ total }} finding{{ '' if total == 1 else 's' }}\
</title>
<style>
:root {
  --ink: #1d2330; --muted: #5b6472; --line: #d9dde3; --soft: #f4f6f8;
  --critical: #8b1020; --critical-bg: #fbe7ea; --high: #b23c07; --high-bg: #fdeede;
  --medium: #8a6200; --medium-bg: #fff5d6; --low: #2f5d8a; --low-bg: #e6eff8;
  --clean: #1d6b3a; --clean-bg: #e3f4e8;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 17px; margin: 26px 0 6px; }
h4 { font-size: 14px; margin: 16px 0 6px; font-weight: 600; color: var(--muted); }
p { margin: 6px 0; }
a { color: var(--low); }
.legend { font-size: 13px; color: var(--muted); margin: -4px 0 12px; }
.sub { color: var(--muted); margin: 0 0 18px; }
code, .mono { font-family: ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 12.5px; overflow-wrap: anywhere; }
nav { font-size: 14px; margin: 0 0 8px; }
nav a { margin-right: 14px; color: var(--low); }
.verdict { border-left: 6px solid; padding: 12px 16px; margin: 16px 0; border-radius: 4px; }
.verdict.findings, .verdict.error { border-color: var(--critical); background: var(--critical-bg); }
.verdict.clean { border-color: var(--clean); background: var(--clean-bg); }
.verdict strong { font-size: 17px; }
.warning { border: 2px solid var(--critical); background: var(--critical-bg); padding: 10px 14px;
  font-weight: 600; margin: 12px 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0; }
.card { flex: 1 1 130px; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .n { font-size: 28px; font-weight: 700; line-height: 1.1; }
.card .l { color: var(--muted); font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
.card.critical { border-top: 5px solid var(--critical); } .card.critical .n { color: var(--critical); }
.card.high { border-top: 5px solid var(--high); } .card.high .n { color: var(--high); }
.card.medium { border-top: 5px solid var(--medium); } .card.medium .n { color: var(--medium); }
.card.low { border-top: 5px solid var(--low); } .card.low .n { color: var(--low); }
.card.info { border-top: 5px solid var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.sev { display: inline-block; min-width: 64px; text-align: center; padding: 1px 6px; border-radius: 3px;
  font-size: 12px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.sev.critical { background: var(--critical); color: #fff; }
.sev.high { background: var(--high); color: #fff; }
.sev.medium { background: var(--medium-bg); color: var(--medium); border: 1px solid var(--medium); }
.sev.low { background: var(--low-bg); color: var(--low); border: 1px solid var(--low); }
.state-error { color: var(--critical); font-weight: 600; }
.state-clean { color: var(--clean); font-weight: 600; }
.matrix th.role { text-align: center; }
.matrix td.cell { text-align: center; font-weight: 700; width: 9%; }
.matrix td.critical { background: var(--critical); color: #fff; }
.matrix td.high { background: var(--high-bg); color: var(--high); }
.matrix td.medium { background: var(--medium-bg); color: var(--medium); }
.matrix td.low { background: var(--low-bg); color: var(--low); }
.matrix td.none { color: #a0a7b1; font-weight: 400; }
.matrix td.untested { background: repeating-linear-gradient(135deg, #fff 0 6px, var(--soft) 6px 12px);
  color: var(--muted); font-weight: 400; font-size: 12px; }
.matrix tr.group th { background: #fff; border-left: 0; border-right: 0; padding-top: 12px;
  font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.findings td { font-size: 13.5px; }
.findings .what { font-weight: 600; }
.findings .small { color: var(--muted); font-size: 12px; }
table.findings, table.coverage { table-layout: fixed; }
.findings col.sev-col { width: 96px; } .findings col.what-col { width: 30%; }
.findings col.rule-col { width: 17%; }
.coverage col.role-col { width: 11%; } .coverage col.login-col { width: 27%; }
.coverage col.judged-col { width: 12%; } .coverage col.num-col { width: 8%; }
.evidence { background: var(--soft); border: 1px solid var(--line); border-radius: 3px; padding: 0 4px;
  white-space: normal; }
.hidden-note { display: inline-block; margin-top: 2px; font-size: 12px; color: var(--critical); }
.rule { border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; margin: 12px 0;
  break-inside: avoid; page-break-inside: avoid; }
.rule h3 { margin: 4px 0 6px; }
.rule .meta { color: var(--muted); font-size: 13px; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 8px 0; }
dl.run dt { color: var(--muted); } dl.run dd { margin: 0; overflow-wrap: anywhere; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line);
  padding-top: 10px; }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: auto; break-after: avoid; } h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<main>
<header>
<h1>Personal data exposure report: {{ run.profile }}</h1>
<p class="sub">What a web site's frontend handed to each logged-in role, checked by
leakcheck {{ run.tool_version }} against <span class="mono">{{ run.target }}</span>
on {{ run.started_at }}.</p>
<nav><a href="#summary">Summary</a><a href="#matrix">Who received what</a>\
<a href="#findings">Findings</a><a href="#coverage">What was tested</a><a href="#rules">Rules</a>\
<a href="#run">Run details</a></nav>
</header>
{% if run.revealed %}
<p class="warning">This report shows raw values (leakcheck ran with --reveal). It contains
personal data and secrets: do not share or store it.</p>
{% endif %}
<section id="summary">
<h2>Summary</h2>
<div class="verdict {{ status }}"><strong>{{ verdict }}</strong><br>{{ meaning }}</div>
<div class="cards">
{% for s in severities %}
<div class="card {{ s.name }}"><div class="n">{{ s.count }}</div><div class="l">{{ s.name }}</div></div>
{% endfor %}
<div class="card info"><div class="n">{{ roles_tested }}</div><div class="l">roles logged in</div></div>
<div class="card info"><div class="n">{{ pages_tested }}</div><div class="l">pages visited</div></div>
</div>
<p class="legend">Critical: national ID numbers, planted canary values, private or cloud keys and
connection strings. High: other personal data or secrets the role is not entitled to, or personal
data sent to a third party. Medium: such personal data that the page itself displays.</p>
<table class="roles">
<thead><tr><th>Role</th><th>Tested</th><th>Judged by</th>\
{% for s in severities %}<th class="num">{{ s.name | capitalize }}</th>{% endfor %}\
<th class="num">Total</th></tr></thead>
<tbody>
{% for role in roles %}
<tr><td><a href="#{{ role.id }}">{{ role.name }}</a></td>\
<td class="state-{{ role.status }}">{{ role.state }}</td><td class="nowrap">{{ role.judged }}</td>\
{% for n in role.counts %}<td class="num">{{ n if n else '·' }}</td>{% endfor %}\
<td class="num"><strong>{{ role.total }}</strong></td></tr>
{% endfor %}
</tbody>
</table>
{% if suppressed or baseline.known or baseline.fixed %}
<p>Not counted above:
{% if suppressed %}{{ suppressed | length }} finding{{ '' if suppressed | length == 1 else 's' }}
suppressed by the profile, each with its reason (see <a href="#suppressed">Suppressed</a>)\
{% if baseline.known or baseline.fixed %}; {% else %}.{% endif %}{% endif %}
{% if baseline.known or baseline.fixed %}{{ baseline.known }} known finding{{ '' if baseline.known == 1 else 's' }}
that the baseline already holds, and {{ baseline.fixed }} baseline entr{{ 'y' if baseline.fixed == 1 else 'ies' }}
no longer found (fixed).{% endif %}</p>
{% endif %}
<table class="by-rule">
<thead><tr><th>Rule</th><th>What it means</th><th class="num">Findings</th></tr></thead>
<tbody>
{% for rule in rules if rule.count %}
<tr><td><a href="#{{ rule.anchor }}">{{ rule.code }}</a> <span class="muted">{{ rule.name }}</span></td>\
<td>{{ rule.title }}</td><td class="num">{{ rule.count }}</td></tr>
{% else %}
<tr><td colspan="3" class="muted">No rule fired.</td></tr>
{% endfor %}
</tbody>
</table>
</section>

<section id="matrix">
<h2>Who received what</h2>
<p>Each cell counts the distinct values of one kind of data that reached a role although the role
is not entitled to them (the same value seen in several places counts once; planted test values
count as canaries only). The colour is the worst severity among them; hover a cell for the number
of findings.</p>
{% if matrix.rows %}
<table class="matrix">
<thead><tr><th>Kind of data</th>{% for role in matrix.roles %}<th class="role">{{ role }}</th>\
{% endfor %}</tr></thead>
<tbody>
{% for row in matrix.rows %}
{% if loop.first and not row.secret %}
<tr class="group"><th colspan="{{ matrix.roles | length + 1 }}">Personal data</th></tr>
{% endif %}
{% if row.secret and (loop.first or not loop.previtem.secret) %}
<tr class="group"><th colspan="{{ matrix.roles | length + 1 }}">Secrets and internal details</th></tr>
{% endif %}
<tr><th scope="row">{{ row.label }} <span class="muted mono">{{ row.data_class }}</span></th>\
{% for cell in row.cells %}\
{% if not cell.tested %}<td class="cell untested">not tested</td>\
{% elif cell.count %}<td class="cell {{ cell.severity }}" title="{{ cell.title }}">{{ cell.count }}</td>\
{% else %}<td class="cell none">–</td>{% endif %}\
{% endfor %}</tr>
{% endfor %}
</tbody>
</table>
{% else %}
<p class="state-clean">No role received data it is not entitled to.</p>
{% endif %}
</section>

<section id="findings">
<h2>Findings</h2>
<p class="muted">Grouped by role and page, most severe first.
{% if not run.revealed %}Values are never shown: each appears as
<span class="evidence mono">[kind · length · #keyed hash]</span>, and the same value has the same
hash throughout this report.{% endif %}</p>
{% for role in roles %}
<h3 id="{{ role.id }}">Role {{ role.name }}: {{ role.total }} finding{{ '' if role.total == 1 else 's' }}\
</h3>
{% if role.status == 'error' %}<p class="state-error">Not tested: {{ role.state }}</p>{% endif %}
{% for page in role.pages if page.findings %}
<h4>Page <span class="mono">{{ page.url }}</span></h4>
<table class="findings">
<colgroup><col class="sev-col"><col class="what-col"><col><col class="rule-col"></colgroup>
<thead><tr><th>Severity</th><th>What reached the role</th><th>Where</th><th>Rule</th></tr></thead>
<tbody>
{% for f in page.findings %}
<tr class="finding" data-severity="{{ f.severity }}" data-rule="{{ f.rule }}">
<td><span class="sev {{ f.severity }}">{{ f.severity }}</span></td>
<td><span class="what">{{ f.classes | join(', ') }}</span><br>\
<span class="evidence mono">{{ f.evidence }}</span>\
{% if f.occurrences > 1 %} <span class="small">seen {{ f.occurrences }} times</span>{% endif %}\
{% if f.hidden %}<br><span class="hidden-note">not shown on the page: only visible with developer tools\
</span>{% elif f.rendered != 'unknown' %}<br><span class="small">{{ f.rendered }}</span>{% endif %}</td>
<td class="where"><strong>{{ f.surface }}</strong>\
{% if f.receiver %} → sent to <span class="mono">{{ f.receiver }}</span>{% endif %}\
{% if f.url %}<br><span class="mono">{{ f.url }}</span>{% endif %}\
<br><code>{{ f.location }}</code>{% if f.type_field %} <span class="small">field\
 <code>{{ f.type_field }}</code></span>{% endif %}\
{% if f.detail and f.detail != f.location %}<br><span class="small">at <code>{{ f.detail }}</code>\
</span>{% endif %}\
<br><span class="small">fingerprint <code>{{ f.fingerprint }}</code></span></td>
<td><a href="#{{ f.anchor }}">{{ f.rule }}</a><br><span class="small">{{ f.title }}</span></td>
</tr>
{% endfor %}
</tbody>
</table>
{% endfor %}
{% if role.total == 0 and role.status != 'error' %}<p class="state-clean">No findings.</p>{% endif %}
{% endfor %}
</section>

<section id="coverage">
<h2>What was tested</h2>
<p>A clean result only means something for what was actually tested: these are the roles that
logged in, the pages they visited and what their browsers received.</p>
<table class="coverage">
<colgroup><col class="role-col"><col class="login-col"><col class="judged-col"><col>\
<col class="num-col"><col class="num-col"><col class="num-col"></colgroup>
<thead><tr><th>Role</th><th>Logged in</th><th>Judged by</th><th>Pages</th>\
<th class="num">Items captured</th><th class="num">KB</th><th class="num">Seconds</th></tr></thead>
<tbody>
{% for role in roles if role.coverage %}
<tr><td>{{ role.name }}</td>\
<td>{% if role.coverage.logged_in %}yes{% else %}<span class="state-error">no</span>: \
{{ role.coverage.login_error }}{% endif %}</td>\
<td>{{ role.judged }}</td>\
<td>{% for page in role.pages %}<span class="mono">{{ page.path }}</span>\
{% if not page.visited %} <span class="state-error">(not visited)</span>{% endif %}\
{% if not loop.last %}<br>{% endif %}{% endfor %}</td>\
<td class="num" title="{{ role.coverage.artifact_kinds }}">{{ role.coverage.artifacts }}</td>\
<td class="num">{{ role.coverage.kilobytes }}</td><td class="num">{{ role.coverage.seconds }}</td></tr>
{% endfor %}
</tbody>
</table>
{% if skips or checks_not_run %}
<h3>Not covered</h3>
<ul>
{% for s in skips %}<li>{{ s.role }}: <span class="mono">{{ s.what }}</span>: {{ s.reason }}</li>
{% endfor %}
{% for c in checks_not_run %}<li>Check not run: {{ c }}</li>
{% endfor %}
</ul>
{% else %}
<p class="muted">Nothing was skipped: every response was read and every check ran.</p>
{% endif %}
{% if notes %}
<h3>Notes</h3>
<ul>
{% for note in notes %}<li>{{ note }}</li>
{% endfor %}
</ul>
{% endif %}
{% if suppressed %}
<h3 id="suppressed">Suppressed by the profile</h3>
<p>These findings matched a suppression in the profile; they do not fail the check. Each was
accepted for the reason given.</p>
<table class="suppressed">
<thead><tr><th>Severity</th><th>Role and page</th><th>What and where</th><th>Reason</th></tr></thead>
<tbody>
{% for f in suppressed %}
<tr><td><span class="sev {{ f.severity }}">{{ f.severity }}</span></td>\
<td>{{ f.role }}<br><span class="mono">{{ f.page }}</span></td>\
<td><a href="#{{ f.anchor }}">{{ f.rule }}</a> {{ f.classes | join(', ') }}\
 <span class="evidence mono">{{ f.evidence }}</span><br>{{ f.surface }} <code>{{ f.location }}</code></td>\
<td>{{ f.reason }}</td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
</section>

<section id="rules">
<h2>Rules: why each finding matters and how to fix it</h2>
{% for rule in rules %}
<div class="rule" id="{{ rule.anchor }}">
<h3>{{ rule.code }} · {{ rule.title }}</h3>
<p class="meta"><span class="mono">{{ rule.name }}</span> · default severity {{ rule.severity }}\
{% if rule.severity_note %}. {{ rule.severity_note }}{% endif %}\
 · {{ rule.count }} finding{{ '' if rule.count == 1 else 's' }} in this report</p>
<p><strong>Why it matters.</strong> {{ rule.why }}</p>
<p><strong>How to fix.</strong> {{ rule.fix }}</p>
<p class="meta">Documentation: {{ rule.help_uri }}</p>
</div>
{% endfor %}
</section>

<section id="run">
<h2>Run details</h2>
<dl class="run">
<dt>Target</dt><dd class="mono">{{ run.target }}</dd>
<dt>Profile</dt><dd>{{ run.profile }}</dd>
<dt>Profile SHA-256</dt><dd class="mono">{{ run.profile_sha256 or 'none (quick scan)' }}</dd>
<dt>Started</dt><dd>{{ run.started_at }}</dd>
<dt>Ended</dt><dd>{{ run.ended_at }}</dd>
<dt>Duration</dt><dd>{{ run.seconds }} s</dd>
<dt>Tool</dt><dd>leakcheck {{ run.tool_version }}</dd>
<dt>Fails on</dt><dd>{{ run.fail_on }} severity and above ({{ gating }} finding{{ '' if gating == 1 else 's' }})</dd>
<dt>Exit code</dt><dd>{{ exit_code }}</dd>
<dt>Values</dt><dd>{% if run.revealed %}<strong>revealed (--reveal)</strong>{% else %}redacted:
kind, length and a keyed hash (HMAC-SHA256) whose key is not in this report{% endif %}</dd>
<dt>Third parties</dt><dd>{% if run.third_parties_blocked %}blocked (--block-third-party): what
pages tried to send elsewhere was recorded and stopped{% else %}not blocked: pages sent to other
origins what they sent{% endif %}</dd>
</dl>
</section>
<footer>Generated by leakcheck {{ run.tool_version }}. This file is self-contained: it loads
nothing from the network.</footer>
</main>
</body>
</html>
"""
