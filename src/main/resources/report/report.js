(function () {
  'use strict';
  var VERDICTS = ['NON_COMPLIANT', 'COMPLIANT', 'NOT_APPLICABLE'];
  var details = JSON.parse(document.getElementById('details').textContent);
  var tbody = document.getElementById('roles').tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var filterBox = document.getElementById('filter');
  var verdictButtons = Array.prototype.slice.call(document.querySelectorAll('button[data-f]'));
  var headers = Array.prototype.slice.call(document.querySelectorAll('th[data-k]'));
  var columns = headers.map(function (th) { return th.dataset.k; });
  var accountSelect = document.getElementById('account');
  var shown = document.getElementById('shown');
  var empty = document.getElementById('empty');
  var state = { verdict: '', account: '', terms: [], key: null, dir: 1 };

  rows.forEach(function (row, i) {
    row._i = i;
    row._text = row.textContent.toLowerCase();
    row._name = row.cells[0].textContent;
    if (row.dataset.d !== undefined) {
      var toggleButton = document.createElement('button');
      toggleButton.type = 'button';
      toggleButton.className = 't';
      toggleButton.title = 'Trust policy and remediation';
      toggleButton.setAttribute('aria-label', 'Show the trust policy of ' + row._name);
      toggleButton.setAttribute('aria-expanded', 'false');
      row.cells[0].insertBefore(toggleButton, row.cells[0].firstChild);
    }
  });

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // ---- counts, computed from the rows themselves (of the chosen account) ---------------------------------
  function inAccount(row) { return !state.account || row.dataset.a === state.account; }
  function counts() {
    var c = { '': 0 };
    VERDICTS.forEach(function (v) { c[v] = 0; });
    rows.forEach(function (row) {
      if (inAccount(row)) { c[''] += 1; c[row.dataset.v] = (c[row.dataset.v] || 0) + 1; }
    });
    return c;
  }
  function showCounts() {
    var totals = counts();
    verdictButtons.forEach(function (b) {
      var n = totals[b.dataset.f] || 0;
      var span = b.querySelector('.c');
      span.textContent = '(' + n + ')';
      span.dataset.count = n;
    });
    return totals[''];
  }
  var inScope = showCounts();

  // ---- filter -------------------------------------------------------------------------------------------
  function apply() {
    var visible = 0;
    rows.forEach(function (row) {
      var show = (!state.verdict || row.dataset.v === state.verdict) && inAccount(row)
        && state.terms.every(function (t) { return row._text.indexOf(t) >= 0; });
      row.hidden = !show;
      if (row._detail) { row._detail.hidden = !show || !row._open; }
      if (show) { visible++; }
    });
    shown.textContent = 'Showing ' + visible + ' of ' + inScope + ' roles';
    shown.dataset.count = visible;
    empty.hidden = visible > 0;
  }
  filterBox.addEventListener('input', function () {
    state.terms = filterBox.value.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    apply();
  });
  if (accountSelect) {
    accountSelect.addEventListener('change', function () {
      state.account = accountSelect.value;
      inScope = showCounts();
      apply();
    });
  }
  verdictButtons.forEach(function (b) {
    b.addEventListener('click', function () {
      state.verdict = b.dataset.f;
      verdictButtons.forEach(function (o) { o.setAttribute('aria-pressed', String(o === b)); });
      apply();
    });
  });

  // ---- sort ---------------------------------------------------------------------------------------------
  function text(row, key) { return row.cells[columns.indexOf(key)].textContent.toLowerCase(); }
  var KEYS = {
    name: function (row) { return row._name.toLowerCase(); },
    path: function (row) { return text(row, 'path'); },
    verdict: function (row) { return VERDICTS.indexOf(row.dataset.v); },
    why: function (row) { return text(row, 'why'); },
    account: function (row) { return text(row, 'account'); }
  };
  function compare(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function sortBy(key) {
    state.dir = state.key === key ? -state.dir : 1;
    state.key = key;
    var keyOf = KEYS[key];
    var decorated = rows.map(function (row) { return [keyOf(row), KEYS.name(row), row._i, row]; });
    decorated.sort(function (a, b) {
      return state.dir * compare(a[0], b[0]) || compare(a[1], b[1]) || a[2] - b[2];
    });
    rows = decorated.map(function (d) { return d[3]; });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      fragment.appendChild(row);
      if (row._detail) { fragment.appendChild(row._detail); }
    });
    tbody.appendChild(fragment);
    headers.forEach(function (th) {
      th.setAttribute('aria-sort', th.dataset.k !== key ? 'none' : state.dir > 0 ? 'ascending' : 'descending');
    });
  }
  headers.forEach(function (th) {
    th.querySelector('button').addEventListener('click', function () { sortBy(th.dataset.k); });
  });

  // ---- details: the trust policy, offending statements highlighted, beside the remediated one --------------
  function line(pre, content) { pre.appendChild(el('span', 'l', content)); }
  function indent(textBlock, prefix) {
    return textBlock.split('\n').map(function (l) { return prefix + l; }).join('\n');
  }
  function renderPolicy(doc, statementClass) {
    var pre = el('pre', 'policy');
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      line(pre, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
      return pre;
    }
    var keys = Object.keys(doc);
    line(pre, '{');
    keys.forEach(function (key, i) {
      var comma = i < keys.length - 1 ? ',' : '';
      var value = doc[key];
      if (key === 'Statement' && value !== null && typeof value === 'object') {
        var list = Array.isArray(value) ? value : [value];
        line(pre, '  ' + JSON.stringify(key) + ':' + (Array.isArray(value) ? ' [' : ''));
        list.forEach(function (statement, j) {
          var mark = statementClass(statement, j);
          var block = el('span', 'stmt' + (mark ? ' ' + mark.className : ''),
            indent(JSON.stringify(statement, null, 2), '    ')
              + (Array.isArray(value) ? (j < list.length - 1 ? ',' : '') : comma));
          block.dataset.n = String(j + 1);
          if (mark) { block.dataset.label = mark.label; }
          pre.appendChild(block);
        });
        if (Array.isArray(value)) { line(pre, '  ]' + comma); }
      } else {
        line(pre, indent(JSON.stringify(key) + ': ' + JSON.stringify(value, null, 2), '  ') + comma);
      }
    });
    line(pre, '}');
    return pre;
  }
  function statementsOf(doc) {
    if (doc === null || typeof doc !== 'object' || !doc.Statement || typeof doc.Statement !== 'object') { return []; }
    return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  }
  // The remediated policy: whole in d.r, or in d.rs as its statements, unchanged ones by index into d.p's.
  function remediated(d) {
    if (d.rs === undefined) { return d.r; }
    var before = statementsOf(d.p);
    var statements = d.rs.map(function (s) { return typeof s === 'number' ? before[s] : s; });
    var policy = {};
    Object.keys(d.p).forEach(function (key) { policy[key] = key === 'Statement' ? statements : d.p[key]; });
    return policy;
  }
  function renderDetail(d) {
    var tr = el('tr', 'detail');
    var td = tr.insertCell();
    td.colSpan = columns.length;
    if (d.f.length) {
      td.appendChild(el('h3', '', 'Findings'));
      var ul = el('ul', 'findings');
      d.f.forEach(function (f) { ul.appendChild(el('li', 'k-' + f[0], f[2])); });
      td.appendChild(ul);
    }
    var panes = el('div', 'panes');
    var current = el('div', 'pane current');
    current.appendChild(el('h3', '', 'Current trust policy'));
    current.appendChild(renderPolicy(d.p, function (s, j) {
      return d.o.indexOf(j + 1) >= 0 ? { className: 'off', label: 'statement ' + (j + 1) + ': no MFA' } : null;
    }));
    panes.appendChild(current);
    var fixed = el('div', 'pane fixed');
    fixed.appendChild(el('h3', '', 'Remediated trust policy'));
    var policy = remediated(d);
    if (policy) {
      var before = statementsOf(d.p).map(function (s) { return JSON.stringify(s); });
      fixed.appendChild(renderPolicy(policy, function (s) {
        if (before.indexOf(JSON.stringify(s)) >= 0) { return null; }
        var mfa = /"aws:multifactorauthpresent":"true"/.test(JSON.stringify(s).toLowerCase());
        return { className: 'chg', label: mfa ? 'requires MFA' : 'changed' };
      }));
      var changes = el('ul', 'changes');
      (d.c || []).forEach(function (c) { changes.appendChild(el('li', '', c)); });
      fixed.appendChild(changes);
    } else {
      fixed.appendChild(el('p', 'note', d.n || 'No remediated policy.'));
    }
    panes.appendChild(fixed);
    td.appendChild(panes);
    return tr;
  }
  function toggle(row, open) {
    row._open = open === undefined ? !row._open : open;
    if (row._open && !row._detail) {
      row._detail = renderDetail(details[Number(row.dataset.d)]);
      row.parentNode.insertBefore(row._detail, row.nextSibling);
    }
    if (row._detail) { row._detail.hidden = !row._open || row.hidden; }
    row.querySelector('button.t').setAttribute('aria-expanded', String(row._open));
  }
  tbody.addEventListener('click', function (event) {
    var button = event.target.closest('button.t');
    if (button) { toggle(button.closest('tr')); }
  });

  // #role=NAME (or #role=ACCOUNT/NAME) opens that role's details (a link to one finding).
  function openFromHash() {
    var match = /^#role=(?:(\d{12})\/)?(.+)$/.exec(location.hash);
    if (!match) { return; }
    var account = match[1];
    var name = decodeURIComponent(match[2]);
    rows.forEach(function (row) {
      if (row.dataset.d !== undefined && row._name === name && (!account || row.dataset.a === account)) {
        toggle(row, true);
        row.scrollIntoView({ block: 'start' });
      }
    });
  }
  window.addEventListener('hashchange', openFromHash);

  // "Who can get in": the table's full data is embedded once (SPEC third-parties JSON); the downloads are made from
  // it on click, as Blobs, so the page carries no second copy.
  var whoData = document.getElementById('who-data');
  function csvCell(value) {
    var text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  function whoCsv(parties) {
    var lines = [['account', 'accountName', 'public', 'roleAccountId', 'roleName', 'arn', 'compliance', 'mfa',
      'externalId', 'statements'].join(',')];
    parties.forEach(function (p) {
      p.roles.forEach(function (r) {
        lines.push([p.account, p.accountName, p.public, r.accountId, r.roleName, r.arn, r.compliance, r.mfa,
          r.externalId, r.statements.join(' ')].map(csvCell).join(','));
      });
    });
    return lines.join('\r\n') + '\r\n';
  }
  function whoJson(parties) {
    return parties.map(function (p) {
      return JSON.stringify({ account: p.account, accountName: p.accountName, public: p.public,
        withoutMfa: p.withoutMfa, withMfa: p.withMfa, roles: p.roles.map(function (r) {
          return { accountId: r.accountId, roleName: r.roleName, arn: r.arn, mfa: r.mfa, externalId: r.externalId,
            statements: r.statements };
        }) });
    }).join('\n') + '\n';
  }
  function download(link, type, text) {
    if (link.href) { URL.revokeObjectURL(link.href); }
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link._content = text; // what the Blob holds, for tests (the page's CSP forbids fetching it back)
  }
  function expand(data) {
    return data.p.map(function (p) {
      var roles = p[3].map(function (g) {
        var r = data.r[g[0]];
        return { accountId: r[0], roleName: r[1], arn: r[2], compliance: r[3],
          mfa: g[1] ? 'required' : 'not-required', externalId: g[2] === 1, statements: g[3] };
      });
      var without = roles.filter(function (r) { return r.mfa === 'not-required'; }).length;
      return { account: p[0], accountName: p[1], public: p[2], withoutMfa: without, withMfa: roles.length - without,
        roles: roles };
    });
  }
  if (whoData) {
    var parties = expand(JSON.parse(whoData.textContent));
    var csvLink = document.getElementById('who-csv');
    var jsonLink = document.getElementById('who-json');
    download(csvLink, 'text/csv;charset=utf-8', whoCsv(parties));
    download(jsonLink, 'application/json;charset=utf-8', whoJson(parties));
    csvLink.hidden = false;
    jsonLink.hidden = false;
  }

  apply();
  openFromHash();
  document.documentElement.dataset.ready = 'true';
}());
