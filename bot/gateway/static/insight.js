/* Jobassistent – the insight page: figures as server-drawn SVG charts, each with its table and CSV.
   Vanilla JS, all text through textContent. */
(function () {
  'use strict';

  var READERS = { manager: 'leder', advisor: 'jobrådgiver' };
  var LONG_TABLE = 31;
  var el = {};

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

  /* 12.5 as "12,5"; null (too few to show) as a dash that says so to a screen reader. */
  function cellContent(value) {
    if (value === null || value === undefined) {
      var dash = make('span', null, '–');
      dash.setAttribute('title', 'For få til at vise');
      dash.appendChild(make('span', 'visually-hidden', ' (for få til at vise)'));
      return dash;
    }
    return document.createTextNode(typeof value === 'number' ? String(value).replace('.', ',') : String(value));
  }

  function figureTable(figure) {
    var table = make('table', 'figure-table');
    table.id = 'table-' + figure.key;
    table.appendChild(make('caption', null, figure.title));
    var head = make('thead');
    var headRow = make('tr');
    figure.columns.forEach(function (name) {
      var th = make('th', null, name);
      th.setAttribute('scope', 'col');
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    table.appendChild(head);
    var body = make('tbody');
    figure.rows.forEach(function (row) {
      var tr = make('tr');
      row.forEach(function (value, index) {
        var cell = make(index === 0 ? 'th' : 'td', index === 0 ? null : 'number');
        if (index === 0) cell.setAttribute('scope', 'row');
        cell.appendChild(cellContent(value));
        tr.appendChild(cell);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    var scroll = make('div', 'table-scroll');
    scroll.appendChild(table);
    if (figure.rows.length <= LONG_TABLE) return scroll;
    // A year of days is long to scroll past; the table is one press away, for everyone.
    var details = make('details');
    details.appendChild(make('summary', null, 'Vis tabellen (' + figure.rows.length + ' rækker)'));
    details.appendChild(scroll);
    return details;
  }

  function figureSection(figure) {
    var section = make('section', 'figure');
    section.id = 'figure-' + figure.key;
    section.setAttribute('aria-labelledby', 'heading-' + figure.key);
    var heading = make('h3', null, figure.title);
    heading.id = 'heading-' + figure.key;
    section.appendChild(heading);
    section.appendChild(make('p', 'help', figure.description));
    var chart = make('img', 'chart');
    chart.src = figure.svg;
    chart.alt = 'Diagram: ' + figure.title + '. Tallene står i tabellen herunder.';
    chart.width = 720;
    chart.height = 300;
    section.appendChild(chart);
    section.appendChild(figureTable(figure));
    var actions = make('p', 'figure-actions');
    var csv = make('a', 'button button--secondary', 'Hent tabellen som CSV');
    csv.href = figure.csv;
    csv.setAttribute('download', '');
    csv.setAttribute('aria-label', 'Hent tabellen «' + figure.title + '» som CSV');
    actions.appendChild(csv);
    section.appendChild(actions);
    return section;
  }

  function query() {
    var params = new URLSearchParams();
    if (el.from.value) params.set('from', el.from.value);
    if (el.to.value) params.set('to', el.to.value);
    if (el.journey.value) params.set('journey', el.journey.value);
    return params.toString();
  }

  async function load() {
    var q = query();
    el.status.textContent = 'Henter tal …';
    var r = await api('GET', '/api/insight' + (q ? '?' + q : ''));
    if (!r.ok) {
      el.status.textContent = '';
      el.error.textContent = r.error;
      if (r.status === 401 || r.status === 403) { el.view.hidden = true; el.noAccess.hidden = false; }
      return;
    }
    el.error.textContent = '';
    el.from.value = r.data.from;
    el.to.value = r.data.to;
    if (!el.journeysListed) {
      while (el.journey.options.length > 1) el.journey.remove(1);
      r.data.journeys.forEach(function (j) { el.journey.appendChild(new Option(j.name, j.key)); });
      el.journeysListed = true;
    }
    el.journey.value = r.data.journey || '';
    el.figures.textContent = '';
    r.data.figures.forEach(function (figure) { el.figures.appendChild(figureSection(figure)); });
    history.replaceState(null, '', '/insight?' + query());
    el.status.textContent = 'Viser ' + r.data.figures.length + ' figurer for ' + r.data.from + ' til ' + r.data.to + '.';
  }

  async function init() {
    ['error', 'status', 'who', 'logout', 'figures'].forEach(function (id) { el[id] = $(id); });
    el.noAccess = $('no-access'); el.view = $('insight-view'); el.form = $('filter-form');
    el.from = $('filter-from'); el.to = $('filter-to'); el.journey = $('filter-journey');

    el.logout.addEventListener('click', async function () {
      var r = await api('POST', '/api/logout');
      location.href = r.ok && r.data && typeof r.data.logout_url === 'string' ? r.data.logout_url : '/';
    });

    var session = await api('GET', '/api/session');
    var me = session.ok && session.data ? session.data.user : null;
    if (!me || !READERS.hasOwnProperty(me.role)) { el.noAccess.hidden = false; return; }
    el.who.textContent = 'Logget ind som ' + (me.name || me.id) + ' (' + READERS[me.role] + ')';
    el.view.hidden = false;

    var given = new URLSearchParams(location.search);
    el.from.value = given.get('from') || '';
    el.to.value = given.get('to') || '';
    el.form.addEventListener('submit', function (event) { event.preventDefault(); load(); });
    if (given.get('journey')) {
      // Filled in by the first answer; until then the select holds only "all".
      el.journey.appendChild(new Option(given.get('journey'), given.get('journey')));
      el.journey.value = given.get('journey');
    }
    load();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
