/* Jobassistent – the employer's småjob postings: status, the interested candidates' shared summaries,
   inviting one to a talk or saying no politely, closing a filled posting and changing an open one.
   Vanilla JS, all text through textContent; every form works by keyboard alone. */
(function () {
  'use strict';

  var NOTE_LIMIT = 500;
  var INVITE_DAYS = 90;
  var el = {};

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

  function button(text, className) {
    var node = make('button', 'button' + (className ? ' ' + className : ''), text);
    node.type = 'button';
    return node;
  }

  /* A labelled control with an optional help text the control is described by. */
  function field(id, labelText, control, helpText) {
    var wrapper = make('div', 'field');
    var label = make('label', null, labelText);
    label.htmlFor = id;
    control.id = id;
    wrapper.appendChild(label);
    if (helpText) {
      var help = make('p', 'help', helpText);
      help.id = id + '-help';
      control.setAttribute('aria-describedby', help.id);
      wrapper.appendChild(help);
    }
    wrapper.appendChild(control);
    return wrapper;
  }

  function formError(id) {
    var error = make('p', 'error');
    error.id = id;
    error.setAttribute('aria-live', 'assertive');
    return error;
  }

  function pad(number) { return (number < 10 ? '0' : '') + number; }

  /* A time as a datetime-local field writes it: "2026-12-08T10:00". */
  function localInputValue(moment) {
    return moment.getFullYear() + '-' + pad(moment.getMonth() + 1) + '-' + pad(moment.getDate()) +
      'T' + pad(moment.getHours()) + ':' + pad(moment.getMinutes());
  }

  function announce(text) {
    el.error.textContent = '';
    el.status.textContent = text;
  }

  /* Shows `panel` and moves focus into it; `opener` gets the focus back when it closes. */
  function toggle(opener, panel, focusTarget) {
    opener.setAttribute('aria-expanded', 'false');
    opener.setAttribute('aria-controls', panel.id);
    opener.addEventListener('click', function () {
      var opening = panel.hidden;
      panel.hidden = !opening;
      opener.setAttribute('aria-expanded', String(opening));
      if (opening) focusTarget().focus();
    });
    return function close() {
      panel.hidden = true;
      opener.setAttribute('aria-expanded', 'false');
      opener.focus();
    };
  }

  /* Sends an action, then shows the postings afresh with `done` said and the focus on `focusId`. */
  async function act(url, body, done, focusId, errorNode) {
    var r = await api('POST', url, body);
    if (!r.ok) {
      if (errorNode) errorNode.textContent = r.error;
      el.error.textContent = r.error;
      if (r.status === 401 || r.status === 403) showNoAccess();
      return r;
    }
    await load(focusId);
    announce(typeof done === 'function' ? done(r.data) : done);
    return r;
  }

  function confirmStep(id, question, yesText, onYes) {
    var box = make('div', 'confirm');
    box.id = id;
    box.hidden = true;
    box.setAttribute('role', 'group');
    var asked = make('p', 'confirm__question', question);
    asked.id = id + '-question';
    asked.tabIndex = -1;
    box.setAttribute('aria-labelledby', asked.id);
    box.appendChild(asked);
    var actions = make('div', 'actions');
    var yes = button(yesText);
    var no = button('Fortryd', 'button--secondary');
    actions.appendChild(yes);
    actions.appendChild(no);
    box.appendChild(actions);
    yes.addEventListener('click', async function () {
      yes.disabled = true;
      await onYes();
      yes.disabled = false;
    });
    return { box: box, question: asked, no: no };
  }

  function inviteForm(posting, interest) {
    var prefix = 'invite-' + interest.id;
    var form = make('form', 'inline-form');
    form.id = prefix + '-form';
    form.hidden = true;
    form.noValidate = true;
    form.setAttribute('aria-label', 'Inviter til samtale');
    var time = make('input');
    time.type = 'datetime-local';
    time.required = true;
    var note = make('textarea');
    note.rows = 3;
    note.maxLength = NOTE_LIMIT;
    var error = formError(prefix + '-error');
    form.appendChild(field(prefix + '-time', 'Dato og klokkeslæt for samtalen', time,
      'Dansk tid, senest ' + INVITE_DAYS + ' dage fra i dag.'));
    form.appendChild(field(prefix + '-note', 'Besked til kandidaten (kan udelades)', note,
      'Fx hvor I mødes, og hvem der tager imod. Højst ' + NOTE_LIMIT + ' tegn.'));
    time.setAttribute('aria-describedby', time.getAttribute('aria-describedby') + ' ' + error.id);
    form.appendChild(error);
    var actions = make('div', 'actions');
    var send = make('button', 'button', 'Send invitation');
    send.type = 'submit';
    var cancel = button('Fortryd', 'button--secondary');
    actions.appendChild(send);
    actions.appendChild(cancel);
    form.appendChild(actions);
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      error.textContent = '';
      time.removeAttribute('aria-invalid');
      send.disabled = true;
      var r = await act('/api/employer/interests/' + interest.id + '/invite',
        { proposed_time: time.value, note: note.value },
        function (data) {
          return 'Invitationen til samtale ' + data.interest.proposed_time_da + ' er sendt. Kandidaten får ' +
            'besked, næste gang vedkommende logger ind.';
        }, 'posting-' + posting.id + '-heading', error);
      send.disabled = false;
      if (!r.ok) { time.setAttribute('aria-invalid', 'true'); time.focus(); }
    });
    return { form: form, time: time, cancel: cancel };
  }

  function interestItem(posting, interest, number) {
    var item = make('li', 'interest');
    var heading = make('h4', null, 'Kandidat ' + number);
    item.appendChild(heading);
    var state = make('p', 'interest__state', interest.status_da);
    if (interest.citizen_contact_da) state.textContent += ' – kontakt: ' + interest.citizen_contact_da;
    item.appendChild(state);
    if (interest.summary_lines_da.length) {
      var lines = make('ul', 'summary');
      lines.setAttribute('aria-label', 'Resumé af kandidat ' + number);
      interest.summary_lines_da.forEach(function (line) { lines.appendChild(make('li', null, line)); });
      item.appendChild(lines);
    }
    if (interest.invitation_note) item.appendChild(make('p', 'help', 'Din besked: ' + interest.invitation_note));
    if (!interest.can_invite && !interest.can_decline) return item;

    var actions = make('div', 'actions');
    item.appendChild(actions);
    if (interest.can_invite) {
      var opener = button('Inviter til samtale');
      opener.setAttribute('aria-label', 'Inviter kandidat ' + number + ' til samtale');
      actions.appendChild(opener);
      var invite = inviteForm(posting, interest);
      item.appendChild(invite.form);
      var closeInvite = toggle(opener, invite.form, function () {
        var now = new Date();
        invite.time.min = localInputValue(now);
        invite.time.max = localInputValue(new Date(now.getTime() + INVITE_DAYS * 24 * 3600 * 1000));
        return invite.time;
      });
      invite.cancel.addEventListener('click', closeInvite);
    }
    if (interest.can_decline) {
      var decline = button('Afslå venligt', 'button--secondary');
      decline.setAttribute('aria-label', 'Afslå kandidat ' + number + ' venligt');
      actions.appendChild(decline);
      var confirm = confirmStep('decline-' + interest.id, 'Kandidaten får en venlig besked om, at du har ' +
        'valgt en anden. Vil du sende afslaget?', 'Ja, send afslaget', function () {
        return act('/api/employer/interests/' + interest.id + '/decline', {},
          'Afslaget er sendt. Kandidaten får en venlig besked.', 'posting-' + posting.id + '-heading');
      });
      item.appendChild(confirm.box);
      var closeConfirm = toggle(decline, confirm.box, function () { return confirm.question; });
      confirm.no.addEventListener('click', closeConfirm);
    }
    return item;
  }

  function changeForm(posting) {
    var prefix = 'change-' + posting.id;
    var form = make('form', 'inline-form');
    form.id = prefix + '-form';
    form.hidden = true;
    form.noValidate = true;
    form.setAttribute('aria-label', 'Ret opslaget ' + posting.reference);
    var controls = {
      tasks: make('textarea'), hours_per_week: make('input'), start_date: make('input'),
      requirements: make('textarea')
    };
    controls.tasks.rows = 4;
    controls.tasks.value = posting.tasks;
    controls.hours_per_week.type = 'text';
    controls.hours_per_week.inputMode = 'decimal';
    controls.hours_per_week.value = posting.hours_per_week_da;
    controls.start_date.type = 'date';
    controls.start_date.value = posting.start_date;
    controls.requirements.rows = 3;
    controls.requirements.value = posting.requirements;
    form.appendChild(make('p', 'help', 'De borgere, der har vist interesse, får besked om ændringen.'));
    form.appendChild(field(prefix + '-tasks', 'Opgaver', controls.tasks));
    form.appendChild(field(prefix + '-hours', 'Timer om ugen', controls.hours_per_week, 'Fra 1 til 20 timer.'));
    form.appendChild(field(prefix + '-start', 'Startdato', controls.start_date));
    form.appendChild(field(prefix + '-requirements', 'Krav', controls.requirements,
      'Lad feltet stå tomt, hvis der ikke er nogen krav.'));
    var error = formError(prefix + '-error');
    form.appendChild(error);
    var actions = make('div', 'actions');
    var save = make('button', 'button', 'Gem ændringer');
    save.type = 'submit';
    var cancel = button('Fortryd', 'button--secondary');
    actions.appendChild(save);
    actions.appendChild(cancel);
    form.appendChild(actions);
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      error.textContent = '';
      var before = { tasks: posting.tasks, hours_per_week: posting.hours_per_week_da,
        start_date: posting.start_date, requirements: posting.requirements };
      var changes = {};
      Object.keys(controls).forEach(function (name) {
        controls[name].removeAttribute('aria-invalid');
        if (controls[name].value.trim() !== String(before[name]).trim()) changes[name] = controls[name].value;
      });
      if (!Object.keys(changes).length) { error.textContent = 'Du har ikke ændret noget endnu.'; return; }
      save.disabled = true;
      var r = await act('/api/employer/postings/' + posting.id + '/change', changes, function (data) {
        return 'Opslaget ' + posting.reference + ' er rettet.' + (data.citizens_told ? ' ' +
          data.citizens_told + ' interesserede får besked om ændringen.' : '');
      }, 'posting-' + posting.id + '-heading', error);
      save.disabled = false;
      if (!r.ok) {
        var wrong = (r.data && r.data.fields) || [];
        wrong.forEach(function (name) { if (controls[name]) controls[name].setAttribute('aria-invalid', 'true'); });
        (controls[wrong[0]] || controls.tasks).focus();
      }
    });
    return { form: form, first: controls.tasks, cancel: cancel };
  }

  function facts(posting) {
    var list = make('dl', 'facts');
    var status = posting.status_da + (posting.status === 'rejected' && posting.review_reason ?
      ' – begrundelse: ' + posting.review_reason : '');
    [['Status', status], ['Timer om ugen', posting.hours_per_week_da], ['Start', posting.start_date_da],
      ['Opgaver', posting.tasks], ['Krav', posting.requirements || 'Ingen']].forEach(function (pair) {
      var row = make('div');
      row.appendChild(make('dt', null, pair[0]));
      row.appendChild(make('dd', null, pair[1]));
      list.appendChild(row);
    });
    return list;
  }

  function postingActions(section, posting) {
    var actions = make('div', 'actions');
    section.appendChild(actions);
    if (posting.can_change) {
      var changeOpener = button('Ret opslaget', 'button--secondary');
      actions.appendChild(changeOpener);
      var change = changeForm(posting);
      section.appendChild(change.form);
      change.cancel.addEventListener('click', toggle(changeOpener, change.form, function () { return change.first; }));
    }
    if (!posting.can_close) return;
    // An approved posting is closed as filled; one still awaiting review is withdrawn.
    var filled = posting.status === 'approved';
    var close = button(filled ? 'Stillingen er besat' : 'Træk opslaget tilbage', 'button--secondary');
    actions.appendChild(close);
    var question = filled ? 'Vil du lukke opslaget ' + posting.reference + ', fordi stillingen er besat? De ' +
      'interesserede får besked, og ingen kan vise interesse for det mere.' :
      'Vil du trække opslaget ' + posting.reference + ' tilbage? Det bliver ikke godkendt og vist for borgere.';
    var confirm = confirmStep('close-' + posting.id, question,
      filled ? 'Ja, stillingen er besat' : 'Ja, træk det tilbage', function () {
        return act('/api/employer/postings/' + posting.id + '/close', {}, function (data) {
          return 'Opslaget ' + posting.reference + (filled ? ' er lukket.' : ' er trukket tilbage.') +
            (data.citizens_told ? ' ' + data.citizens_told + ' interesserede får besked.' : '');
        }, 'posting-' + posting.id + '-heading');
      });
    section.appendChild(confirm.box);
    confirm.no.addEventListener('click', toggle(close, confirm.box, function () { return confirm.question; }));
  }

  function postingSection(posting) {
    var section = make('article', 'posting');
    var heading = make('h3', null, posting.reference + ' – ' + posting.job_title);
    heading.id = 'posting-' + posting.id + '-heading';
    heading.tabIndex = -1;
    section.setAttribute('aria-labelledby', heading.id);
    section.appendChild(heading);
    section.appendChild(facts(posting));
    if (posting.can_change || posting.can_close) postingActions(section, posting);
    var count = posting.interests.length;
    section.appendChild(make('h4', 'interests-heading', 'Interesserede (' + count + ')'));
    if (!count) {
      section.appendChild(make('p', 'help', posting.open ? 'Ingen har vist interesse endnu.' :
        'Ingen interesserede.'));
      return section;
    }
    var list = make('ol', 'interests');
    posting.interests.forEach(function (interest, index) {
      list.appendChild(interestItem(posting, interest, index + 1));
    });
    section.appendChild(list);
    return section;
  }

  function showNoAccess() {
    el.view.hidden = true;
    el.noAccess.hidden = false;
  }

  async function load(focusId) {
    var r = await api('GET', '/api/employer/postings');
    if (!r.ok) {
      el.error.textContent = r.error;
      if (r.status === 401 || r.status === 403) showNoAccess();
      return;
    }
    el.error.textContent = '';
    el.postings.textContent = '';
    if (!r.data.postings.length) {
      el.postings.appendChild(make('p', null, 'Du har ingen småjobopslag endnu. Du kan lave et i chatten.'));
    }
    r.data.postings.forEach(function (posting) { el.postings.appendChild(postingSection(posting)); });
    var target = focusId && $(focusId);
    if (target) target.focus();
  }

  async function init() {
    ['error', 'status', 'who', 'logout', 'postings'].forEach(function (id) { el[id] = $(id); });
    el.noAccess = $('no-access');
    el.view = $('employer-view');
    el.logout.addEventListener('click', async function () {
      var r = await api('POST', '/api/logout');
      location.href = r.ok && r.data && typeof r.data.logout_url === 'string' ? r.data.logout_url : '/';
    });
    var session = await api('GET', '/api/session');
    var me = session.ok && session.data ? session.data.user : null;
    if (!me || me.role !== 'employer') { showNoAccess(); return; }
    el.who.textContent = 'Logget ind som ' + (me.name || me.id) + ' (arbejdsgiver)';
    el.view.hidden = false;
    el.status.textContent = 'Henter dine opslag …';
    await load();
    if (!el.error.textContent) el.status.textContent = '';
  }

  document.addEventListener('DOMContentLoaded', init);
})();
