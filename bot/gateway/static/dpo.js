/* Jobassistent – the data protection officer's audit log. Vanilla JS, all text through textContent. */
(function () {
  'use strict';

  var ROLE = { citizen: 'Borger', employer: 'Arbejdsgiver', advisor: 'Jobrådgiver',
    dpo: 'Databeskyttelsesrådgiver' };
  var ACTION = {
    list_cases: 'Så listen over sager', read_case: 'Åbnede en sag', claim_case: 'Tog en sag',
    message_user: 'Skrev til borgeren', read_messages: 'Læste nye beskeder', close_case: 'Lukkede en sag',
    set_weekly_target: 'Satte ugentligt mål', list_vacancies: 'Så listen over småjobopslag',
    approve_vacancy: 'Godkendte et opslag', reject_vacancy: 'Afviste et opslag',
    match_vacancy: 'Så match til et opslag', read_audit_log: 'Læste revisionsloggen',
    export_audit_log: 'Hentede revisionsloggen som CSV', export_my_data: 'Hentede en kopi af sine data',
    export_transcript: 'Hentede en samtale', erase_person: 'Slettede en persons oplysninger',
    mark_unrecognised_message: 'Markerede en ikke-forstået besked',
    export_teach_data: 'Hentede markerede beskeder som træningsdata'
  };
  var COLUMNS = ['Tidspunkt', 'Hvem', 'Rolle', 'Handling', 'Hvis data', 'Sag', 'Detaljer'];
  var FILTERS = ['person', 'actor', 'since', 'until'];
  var el = {};
  var state = { offset: 0, shown: 0, query: '' };

  function $(id) { return document.getElementById(id); }

  async function api(method, url) {
    var options = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method === 'POST') {
      options.headers['Content-Type'] = 'application/json';
      options.body = '{}';
    }
    try {
      var response = await fetch(url, options);
      var data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      return { ok: response.ok, status: response.status, data: data,
        error: (data && data.error) || 'Der skete en fejl. Prøv igen.' };
    } catch (e) {
      return { ok: false, status: 0, data: null, error: 'Serveren svarer ikke. Prøv igen.' };
    }
  }

  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function two(n) { return (n < 10 ? '0' : '') + n; }

  /* 31.05.2024 14:03:22 in the browser's (Danish) time. */
  function danishTime(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return iso || '';
    return two(d.getDate()) + '.' + two(d.getMonth() + 1) + '.' + d.getFullYear() + ' ' +
      two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function showError(text) { el.error.textContent = text || ''; }

  function filtersFromForm() {
    var params = new URLSearchParams();
    FILTERS.forEach(function (name) {
      var value = el[name].value.trim();
      if (value) params.set(name, value);
    });
    return params.toString();
  }

  function cell(row, label, content) {
    var td = make('td');
    td.setAttribute('role', 'cell');
    td.setAttribute('data-label', label);
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = content === null || content === undefined ? '' : String(content);
    row.appendChild(td);
  }

  function addRow(entry) {
    var row = make('tr');
    row.setAttribute('role', 'row');
    var time = make('time', null, danishTime(entry.at));
    time.setAttribute('datetime', entry.at);
    var action = make('span', null, ACTION[entry.action] || entry.action);
    var what = make('span');
    what.appendChild(action);
    if (ACTION[entry.action]) what.appendChild(make('code', 'action-code', entry.action));
    var values = [time, entry.actor_id, ROLE[entry.actor_role] || entry.actor_role, what,
      entry.subject || '–', entry.case_id === null ? '–' : entry.case_id, entry.detail || '–'];
    values.forEach(function (value, index) { cell(row, COLUMNS[index], value); });
    el.body.appendChild(row);
  }

  async function load(more) {
    if (!more) { state.query = filtersFromForm(); state.offset = 0; state.shown = 0; }
    var params = new URLSearchParams(state.query);
    if (state.offset) params.set('offset', String(state.offset));
    var url = '/api/dpo/audit?' + params.toString();
    el.status.textContent = 'Henter …';
    var r = await api('GET', url);
    if (!r.ok) {
      el.status.textContent = '';
      showError(r.error);
      if (r.status === 401 || r.status === 403) { el.view.hidden = true; el.noAccess.hidden = false; }
      return;
    }
    showError('');
    if (!more) {
      el.body.textContent = '';
      // The CSV and the address keep the filters the table shows.
      el.csv.href = '/api/dpo/audit.csv' + (state.query ? '?' + state.query : '');
      history.replaceState(null, '', '/dpo' + (state.query ? '?' + state.query : ''));
    }
    r.data.entries.forEach(addRow);
    state.shown += r.data.entries.length;
    state.offset += r.data.entries.length;
    el.more.hidden = !r.data.more;
    if (state.shown === 0) el.status.textContent = 'Ingen hændelser passer til filtrene.';
    else if (r.data.more) el.status.textContent = 'Viser de nyeste ' + state.shown + ' hændelser. Der er flere.';
    else el.status.textContent = 'Viser ' + state.shown + (state.shown === 1 ? ' hændelse.' : ' hændelser.');
  }

  async function init() {
    ['error', 'status', 'who', 'logout', 'more'].forEach(function (id) { el[id] = $(id); });
    el.noAccess = $('no-access'); el.view = $('audit-view'); el.body = $('audit-body');
    el.form = $('filter-form'); el.clear = $('filter-clear'); el.csv = $('csv-link');
    FILTERS.forEach(function (name) { el[name] = $('filter-' + name); });

    el.logout.addEventListener('click', async function () {
      var r = await api('POST', '/api/logout');
      // A login through the municipality's provider is ended there too.
      location.href = r.ok && r.data && typeof r.data.logout_url === 'string' ? r.data.logout_url : '/';
    });

    var session = await api('GET', '/api/session');
    var me = session.ok && session.data ? session.data.user : null;
    if (!me || me.role !== 'dpo') { el.noAccess.hidden = false; return; }
    el.who.textContent = 'Logget ind som ' + (me.name || me.id) + ' (databeskyttelsesrådgiver)';
    el.view.hidden = false;

    var given = new URLSearchParams(location.search);
    FILTERS.forEach(function (name) { el[name].value = given.get(name) || ''; });
    el.form.addEventListener('submit', function (event) { event.preventDefault(); load(false); });
    el.clear.addEventListener('click', function () {
      FILTERS.forEach(function (name) { el[name].value = ''; });
      load(false);
      el.person.focus();
    });
    el.more.addEventListener('click', function () { load(true); });
    load(false);
  }

  document.addEventListener('DOMContentLoaded', init);
})();
