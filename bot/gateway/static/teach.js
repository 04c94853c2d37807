/* Jobassistent – what to teach the assistant next. Vanilla JS, all text through textContent; the chart is
   SVG the gateway draws (bot/rules/teach.py bar_chart_svg), with every text in it escaped there. */
(function () {
  'use strict';

  var ROLES = { manager: 'leder', advisor: 'jobrådgiver' };
  var REASONS = {
    fallback: 'Ikke forstået', low_confidence: 'Usikkert gæt',
    rephrase: 'Skrevet om, heller ikke forstået', handoff_not_understood: 'Sendt til en medarbejder'
  };
  var PURPOSES = { training: 'Træning', evaluation: 'Evaluering' };
  var COLUMNS = ['Besked', 'Antal', 'Modellens gæt', 'Hvorfor', 'Markér'];
  var el = {};
  var state = { intents: [], messages: {}, query: '' };

  function $(id) { return document.getElementById(id); }

  async function api(method, url, body) {
    var options = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method === 'POST') {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body || {});
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

  function showError(text) { el.error.textContent = text || ''; }

  function markedText(intent, purpose) {
    return intent ? 'Markeret: ' + intent + ' (' + (PURPOSES[purpose] || purpose) + ')' : '';
  }

  /* A select of the domain's intents, a select of training/evaluation and a button, for `ids`. */
  function markControls(ids, key, what, current) {
    var box = make('div', 'mark');
    var intentLabel = make('label', 'visually-hidden', 'Rigtig intent for ' + what);
    intentLabel.htmlFor = 'intent-' + key;
    var intent = make('select');
    intent.id = 'intent-' + key;
    intent.appendChild(make('option', null, 'Vælg intent …')).value = '';
    state.intents.forEach(function (name) { intent.appendChild(make('option', null, name)).value = name; });
    if (current.intent) intent.value = current.intent;
    var purposeLabel = make('label', 'visually-hidden', 'Brug af ' + what);
    purposeLabel.htmlFor = 'purpose-' + key;
    var purpose = make('select');
    purpose.id = 'purpose-' + key;
    Object.keys(PURPOSES).forEach(function (name) {
      purpose.appendChild(make('option', null, PURPOSES[name])).value = name;
    });
    if (current.purpose) purpose.value = current.purpose;
    var button = make('button', 'button', 'Markér');
    button.type = 'button';
    button.id = 'mark-' + key;
    button.setAttribute('aria-label', 'Markér ' + what);
    var done = make('span', 'marked', markedText(current.intent, current.purpose));
    done.id = 'marked-' + key;
    done.setAttribute('aria-live', 'polite');
    button.addEventListener('click', async function () {
      if (!intent.value) { showError('Vælg den intent, beskeden skulle have haft.'); intent.focus(); return; }
      button.disabled = true;
      var body = { intent: intent.value, 'for': purpose.value };
      var r = ids.length === 1
        ? await api('POST', '/api/teach/messages/' + ids[0] + '/mark', body)
        : await api('POST', '/api/teach/messages/mark', Object.assign({ ids: ids }, body));
      button.disabled = false;
      if (!r.ok) { showError(r.error); return; }
      showError('');
      done.textContent = markedText(intent.value, purpose.value);
      el.status.textContent = 'Markeret ' + ids.length + (ids.length === 1 ? ' besked' : ' beskeder') +
        ' som ' + intent.value + '.';
    });
    [intentLabel, intent, purposeLabel, purpose, button, done].forEach(function (node) { box.appendChild(node); });
    return box;
  }

  /* The group's messages by text, each text with the ids of its messages and their common mark. */
  function variants(group) {
    var byText = {};
    var order = [];
    group.message_ids.forEach(function (id) {
      var message = state.messages[String(id)];
      if (!message) return;
      if (!byText[message.text]) { byText[message.text] = { text: message.text, ids: [], marks: {} }; order.push(message.text); }
      byText[message.text].ids.push(id);
      byText[message.text].marks[(message.marked_intent || '') + '|' + (message.marked_for || '')] = true;
    });
    return order.map(function (text) { return byText[text]; });
  }

  function commonMark(marks) {
    var keys = Object.keys(marks);
    if (keys.length !== 1 || keys[0] === '|') return {};
    var parts = keys[0].split('|');
    return { intent: parts[0], purpose: parts[1] };
  }

  function cell(row, label, content) {
    var td = make('td');
    td.setAttribute('role', 'cell');
    td.setAttribute('data-label', label);
    if (content instanceof Node) td.appendChild(content);
    else td.textContent = content === null || content === undefined ? '' : String(content);
    row.appendChild(td);
  }

  function addGroup(group, index) {
    var row = make('tr');
    row.setAttribute('role', 'row');
    row.className = 'group';
    var list = variants(group);
    var text = make('div');
    text.appendChild(make('q', 'representative', group.representative));
    if (list.length) {
      var details = make('details');
      details.appendChild(make('summary', null, list.length === 1
        ? 'Markér beskeden for sig' : 'Se og markér de ' + list.length + ' varianter hver for sig'));
      var ul = make('ul');
      list.forEach(function (variant, n) {
        var li = make('li', 'variant');
        li.appendChild(make('q', null, variant.text));
        li.appendChild(document.createTextNode(' (' + variant.ids.length + ')'));
        li.appendChild(markControls(variant.ids, 'g' + index + '-v' + n, 'beskeden "' + variant.text + '"',
          commonMark(variant.marks)));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      text.appendChild(details);
    }
    var reasons = make('div');
    Object.keys(group.reasons).forEach(function (reason) {
      reasons.appendChild(make('span', 'reason', (REASONS[reason] || reason) + ': ' + group.reasons[reason]));
    });
    var allMarks = {};
    list.forEach(function (variant) { Object.keys(variant.marks).forEach(function (k) { allMarks[k] = true; }); });
    var controls = markControls(group.message_ids, 'g' + index, 'gruppen "' + group.representative + '"',
      commonMark(allMarks));
    [text, group.count, group.guessed_intent || '–', reasons, controls].forEach(function (value, n) {
      cell(row, COLUMNS[n], value);
    });
    el.body.appendChild(row);
  }

  function periodQuery() {
    var params = new URLSearchParams();
    if (el.from.value) params.set('from', el.from.value);
    if (el.to.value) params.set('to', el.to.value);
    return params.toString();
  }

  async function load() {
    state.query = periodQuery();
    el.status.textContent = 'Henter …';
    var r = await api('GET', '/api/teach/groups' + (state.query ? '?' + state.query : ''));
    if (!r.ok) {
      el.status.textContent = '';
      showError(r.error);
      if (r.status === 401 || r.status === 403) { el.view.hidden = true; el.noAccess.hidden = false; }
      return;
    }
    showError('');
    history.replaceState(null, '', '/insight/teach' + (state.query ? '?' + state.query : ''));
    state.intents = r.data.intents;
    state.messages = r.data.messages;
    el.chart.innerHTML = r.data.chart;  // drawn and escaped by the gateway; no script can be in it
    el.body.textContent = '';
    r.data.groups.forEach(addGroup);
    if (!r.data.total) el.status.textContent = 'Ingen beskeder i perioden.';
    else el.status.textContent = r.data.total + ' beskeder i ' + r.data.group_count + ' grupper' +
      (r.data.group_count > r.data.groups.length ? '; de ' + r.data.groups.length + ' største vises.' : '.');
  }

  async function init() {
    ['error', 'status', 'who', 'logout', 'chart'].forEach(function (id) { el[id] = $(id); });
    el.noAccess = $('no-access'); el.view = $('teach-view'); el.body = $('groups-body');
    el.form = $('period-form'); el.from = $('period-from'); el.to = $('period-to');

    el.logout.addEventListener('click', async function () {
      var r = await api('POST', '/api/logout');
      location.href = r.ok && r.data && typeof r.data.logout_url === 'string' ? r.data.logout_url : '/';
    });

    var session = await api('GET', '/api/session');
    var me = session.ok && session.data ? session.data.user : null;
    if (!me || !ROLES[me.role]) { el.noAccess.hidden = false; return; }
    el.who.textContent = 'Logget ind som ' + (me.name || me.id) + ' (' + ROLES[me.role] + ')';
    el.view.hidden = false;

    var given = new URLSearchParams(location.search);
    el.from.value = given.get('from') || '';
    el.to.value = given.get('to') || '';
    el.form.addEventListener('submit', function (event) { event.preventDefault(); load(); });
    load();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
