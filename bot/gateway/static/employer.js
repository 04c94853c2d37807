/* Jobassistent – the employer's småjob postings: status, the interested candidates' shared summaries,
   inviting one to a talk or saying no politely, closing a filled posting and changing an open one.
   Danish first, English for those who read English; every text the page shows is in TEXTS below.
   Vanilla JS, all text through textContent; every form works by keyboard alone. */
(function () {
  'use strict';

  var NOTE_LIMIT = 500;
  var INVITE_DAYS = 90;
  var LANGUAGE_KEY = 'employer-language';

  /* Every text of the page in both languages: a string with {placeholders}, or a function of them when
     the English needs a plural. Keys named data-text="…" in employer.html are the page's fixed texts. */
  var TEXTS = {
    pageTitle: { da: 'Jobassistent – dine småjobopslag', en: 'Jobassistent – your small-job postings' },
    pageHeading: { da: 'Jobassistent – dine småjobopslag', en: 'Jobassistent – your small-job postings' },
    skipLink: { da: 'Gå til dine opslag', en: 'Go to your postings' },
    otherLanguage: { da: 'Read in English', en: 'Læs på dansk' },
    languageChosen: { da: 'Siden er nu på dansk.', en: 'The page is now in English.' },
    backToChat: { da: 'Tilbage til chatten', en: 'Back to the chat' },
    logOut: { da: 'Log ud', en: 'Log out' },
    loggedInAs: { da: 'Logget ind som {name} (arbejdsgiver)', en: 'Logged in as {name} (employer)' },
    noAccess: { da: 'Du skal være logget ind som arbejdsgiver for at se dine småjobopslag.',
      en: 'You need to be logged in as an employer to see your small-job postings.' },
    logInHere: { da: 'Log ind her', en: 'Log in here' },
    postingsHeading: { da: 'Opslag og interesserede', en: 'Postings and interested candidates' },
    postingsHelp: {
      da: 'Her ser du dine opslag og et kort resumé af de borgere, der har vist interesse og sagt ja til at dele ' +
        'det med dig. Du ser først en borgers navn og kontaktoplysninger, når borgeren har sagt ja til en ' +
        'samtale. Nye opslag laver du i chatten.',
      en: 'Here you see your postings and a short summary of the citizens who have shown interest and agreed to ' +
        'share it with you. You only see a citizen\'s name and contact details once the citizen has said yes to ' +
        'a talk. You make new postings in the chat.' },
    loading: { da: 'Henter dine opslag …', en: 'Fetching your postings …' },
    noPostings: { da: 'Du har ingen småjobopslag endnu. Du kan lave et i chatten.',
      en: 'You have no small-job postings yet. You can make one in the chat.' },
    somethingWentWrong: { da: 'Der skete en fejl. Prøv igen.', en: 'Something went wrong. Please try again.' },
    noServer: { da: 'Serveren svarer ikke. Prøv igen.', en: 'The server is not answering. Please try again.' },
    cancel: { da: 'Fortryd', en: 'Cancel' },
    // A posting
    factStatus: { da: 'Status', en: 'Status' },
    factHours: { da: 'Timer om ugen', en: 'Hours per week' },
    factStart: { da: 'Start', en: 'Start' },
    factTasks: { da: 'Opgaver', en: 'Tasks' },
    factRequirements: { da: 'Krav', en: 'Requirements' },
    noRequirements: { da: 'Ingen', en: 'None' },
    rejectedBecause: { da: ' – begrundelse: {reason}', en: ' – reason: {reason}' },
    interestedCount: { da: 'Interesserede ({count})', en: 'Interested candidates ({count})' },
    noInterestYet: { da: 'Ingen har vist interesse endnu.', en: 'Nobody has shown interest yet.' },
    noInterest: { da: 'Ingen interesserede.', en: 'Nobody interested.' },
    // A candidate
    candidate: { da: 'Kandidat {number}', en: 'Candidate {number}' },
    contact: { da: ' – kontakt: {contact}', en: ' – contact: {contact}' },
    summaryOf: { da: 'Resumé af kandidat {number}', en: 'Summary of candidate {number}' },
    yourNote: { da: 'Din besked: {note}', en: 'Your note: {note}' },
    invite: { da: 'Inviter til samtale', en: 'Invite to a talk' },
    inviteCandidate: { da: 'Inviter kandidat {number} til samtale', en: 'Invite candidate {number} to a talk' },
    inviteTime: { da: 'Dato og klokkeslæt for samtalen', en: 'Date and time of the talk' },
    inviteTimeHelp: { da: 'Dansk tid, senest {days} dage fra i dag.',
      en: 'Danish time, at most {days} days from today.' },
    inviteNote: { da: 'Besked til kandidaten (kan udelades)', en: 'Note to the candidate (optional)' },
    inviteNoteHelp: { da: 'Fx hvor I mødes, og hvem der tager imod. Højst {limit} tegn.',
      en: 'For example where you meet and who will welcome them. At most {limit} characters.' },
    sendInvitation: { da: 'Send invitation', en: 'Send invitation' },
    invitationSent: {
      da: 'Invitationen til samtale {time} er sendt. Kandidaten får besked, næste gang vedkommende logger ind.',
      en: 'The invitation to a talk on {time} has been sent. The candidate will be told the next time they log in.' },
    decline: { da: 'Afslå venligt', en: 'Decline politely' },
    declineCandidate: { da: 'Afslå kandidat {number} venligt', en: 'Decline candidate {number} politely' },
    declineQuestion: { da: 'Kandidaten får en venlig besked om, at du har valgt en anden. Vil du sende afslaget?',
      en: 'The candidate gets a kind message that you have chosen someone else. Do you want to send it?' },
    declineYes: { da: 'Ja, send afslaget', en: 'Yes, send it' },
    declineSent: { da: 'Afslaget er sendt. Kandidaten får en venlig besked.',
      en: 'The answer has been sent. The candidate gets a kind message.' },
    // Changing and closing a posting
    change: { da: 'Ret opslaget', en: 'Change the posting' },
    changePosting: { da: 'Ret opslaget {reference}', en: 'Change the posting {reference}' },
    changeHelp: { da: 'De borgere, der har vist interesse, får besked om ændringen.',
      en: 'The citizens who have shown interest will be told about the change.' },
    hoursHelp: { da: 'Fra 1 til 20 timer.', en: 'From 1 to 20 hours.' },
    startDate: { da: 'Startdato', en: 'Start date' },
    requirementsHelp: { da: 'Lad feltet stå tomt, hvis der ikke er nogen krav.',
      en: 'Leave the field empty if there are no requirements.' },
    saveChanges: { da: 'Gem ændringer', en: 'Save changes' },
    nothingChanged: { da: 'Du har ikke ændret noget endnu.', en: 'You have not changed anything yet.' },
    changed: { da: 'Opslaget {reference} er rettet.', en: 'The posting {reference} has been changed.' },
    toldOfChange: {
      da: ' {count} interesserede får besked om ændringen.',
      en: function (v) {
        return v.count === 1 ? ' The interested candidate will be told about the change.' :
          ' ' + v.count + ' interested candidates will be told about the change.';
      } },
    filled: { da: 'Stillingen er besat', en: 'The job is filled' },
    withdraw: { da: 'Træk opslaget tilbage', en: 'Withdraw the posting' },
    filledQuestion: {
      da: 'Vil du lukke opslaget {reference}, fordi stillingen er besat? De interesserede får besked, og ingen ' +
        'kan vise interesse for det mere.',
      en: 'Do you want to close the posting {reference} because the job is filled? The interested candidates ' +
        'will be told, and nobody can show interest in it any more.' },
    withdrawQuestion: {
      da: 'Vil du trække opslaget {reference} tilbage? Det bliver ikke godkendt og vist for borgere.',
      en: 'Do you want to withdraw the posting {reference}? It will not be approved or shown to citizens.' },
    filledYes: { da: 'Ja, stillingen er besat', en: 'Yes, the job is filled' },
    withdrawYes: { da: 'Ja, træk det tilbage', en: 'Yes, withdraw it' },
    closed: { da: 'Opslaget {reference} er lukket.', en: 'The posting {reference} is closed.' },
    withdrawn: { da: 'Opslaget {reference} er trukket tilbage.', en: 'The posting {reference} has been withdrawn.' },
    toldOfClosing: {
      da: ' {count} interesserede får besked.',
      en: function (v) {
        return v.count === 1 ? ' The interested candidate will be told.' :
          ' ' + v.count + ' interested candidates will be told.';
      } }
  };

  var language = chosenLanguage();
  var el = {};
  var me = null;
  var shownPostings = null;

  function $(id) { return document.getElementById(id); }

  /* The saved choice, else Danish, unless the browser's first language is English. */
  function chosenLanguage() {
    var saved = null;
    try { saved = window.localStorage.getItem(LANGUAGE_KEY); } catch (e) { saved = null; }
    if (saved === 'da' || saved === 'en') return saved;
    var first = (navigator.languages && navigator.languages[0]) || navigator.language || '';
    return first.toLowerCase().indexOf('en') === 0 ? 'en' : 'da';
  }

  /* The text `key` in the page's language, with {name} filled in from `values`. */
  function t(key, values) {
    var entry = TEXTS[key];
    var text = entry[language] !== undefined ? entry[language] : entry.da;
    if (typeof text === 'function') return text(values || {});
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && values[name] !== undefined ? String(values[name]) : whole;
    });
  }

  /* A field the API sends in both languages ("status_da", "status_en"). */
  function inLanguage(item, field) {
    var value = item[field + '_' + language];
    return value !== undefined ? value : item[field + '_da'];
  }

  /* The API answers errors in the language asked for, which is the page's, not the browser's. */
  async function api(method, url, body) {
    var options = { method: method, credentials: 'same-origin',
      headers: { Accept: 'application/json', 'Accept-Language': language } };
    if (method === 'POST') {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body || {});
    }
    try {
      var response = await fetch(url, options);
      var data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      return { ok: response.ok, status: response.status, data: data,
        error: (data && data.error) || t('somethingWentWrong') };
    } catch (e) {
      return { ok: false, status: 0, data: null, error: t('noServer') };
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
    var no = button(t('cancel'), 'button--secondary');
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
    form.setAttribute('aria-label', t('invite'));
    var time = make('input');
    time.type = 'datetime-local';
    time.required = true;
    var note = make('textarea');
    note.rows = 3;
    note.maxLength = NOTE_LIMIT;
    var error = formError(prefix + '-error');
    form.appendChild(field(prefix + '-time', t('inviteTime'), time, t('inviteTimeHelp', { days: INVITE_DAYS })));
    form.appendChild(field(prefix + '-note', t('inviteNote'), note, t('inviteNoteHelp', { limit: NOTE_LIMIT })));
    time.setAttribute('aria-describedby', time.getAttribute('aria-describedby') + ' ' + error.id);
    form.appendChild(error);
    var actions = make('div', 'actions');
    var send = make('button', 'button', t('sendInvitation'));
    send.type = 'submit';
    var cancel = button(t('cancel'), 'button--secondary');
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
        function (data) { return t('invitationSent', { time: inLanguage(data.interest, 'proposed_time') }); },
        'posting-' + posting.id + '-heading', error);
      send.disabled = false;
      if (!r.ok) { time.setAttribute('aria-invalid', 'true'); time.focus(); }
    });
    return { form: form, time: time, cancel: cancel };
  }

  function interestItem(posting, interest, number) {
    var item = make('li', 'interest');
    var heading = make('h4', null, t('candidate', { number: number }));
    item.appendChild(heading);
    var state = make('p', 'interest__state', inLanguage(interest, 'status'));
    var contact = inLanguage(interest, 'citizen_contact');
    if (contact) state.textContent += t('contact', { contact: contact });
    item.appendChild(state);
    var summary = inLanguage(interest, 'summary_lines') || [];
    if (summary.length) {
      var lines = make('ul', 'summary');
      lines.setAttribute('aria-label', t('summaryOf', { number: number }));
      summary.forEach(function (line) { lines.appendChild(make('li', null, line)); });
      item.appendChild(lines);
    }
    if (interest.invitation_note) {
      item.appendChild(make('p', 'help', t('yourNote', { note: interest.invitation_note })));
    }
    if (!interest.can_invite && !interest.can_decline) return item;

    var actions = make('div', 'actions');
    item.appendChild(actions);
    if (interest.can_invite) {
      var opener = button(t('invite'));
      opener.setAttribute('aria-label', t('inviteCandidate', { number: number }));
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
      var decline = button(t('decline'), 'button--secondary');
      decline.setAttribute('aria-label', t('declineCandidate', { number: number }));
      actions.appendChild(decline);
      var confirm = confirmStep('decline-' + interest.id, t('declineQuestion'), t('declineYes'), function () {
        return act('/api/employer/interests/' + interest.id + '/decline', {}, t('declineSent'),
          'posting-' + posting.id + '-heading');
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
    form.setAttribute('aria-label', t('changePosting', { reference: posting.reference }));
    var controls = {
      tasks: make('textarea'), hours_per_week: make('input'), start_date: make('input'),
      requirements: make('textarea')
    };
    controls.tasks.rows = 4;
    controls.tasks.value = posting.tasks;
    controls.hours_per_week.type = 'text';
    controls.hours_per_week.inputMode = 'decimal';
    var hoursShown = inLanguage(posting, 'hours_per_week');
    controls.hours_per_week.value = hoursShown;
    controls.start_date.type = 'date';
    controls.start_date.value = posting.start_date;
    controls.requirements.rows = 3;
    controls.requirements.value = posting.requirements;
    form.appendChild(make('p', 'help', t('changeHelp')));
    form.appendChild(field(prefix + '-tasks', t('factTasks'), controls.tasks));
    form.appendChild(field(prefix + '-hours', t('factHours'), controls.hours_per_week, t('hoursHelp')));
    form.appendChild(field(prefix + '-start', t('startDate'), controls.start_date));
    form.appendChild(field(prefix + '-requirements', t('factRequirements'), controls.requirements,
      t('requirementsHelp')));
    var error = formError(prefix + '-error');
    form.appendChild(error);
    var actions = make('div', 'actions');
    var save = make('button', 'button', t('saveChanges'));
    save.type = 'submit';
    var cancel = button(t('cancel'), 'button--secondary');
    actions.appendChild(save);
    actions.appendChild(cancel);
    form.appendChild(actions);
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      error.textContent = '';
      var before = { tasks: posting.tasks, hours_per_week: hoursShown,
        start_date: posting.start_date, requirements: posting.requirements };
      var changes = {};
      Object.keys(controls).forEach(function (name) {
        controls[name].removeAttribute('aria-invalid');
        if (controls[name].value.trim() !== String(before[name]).trim()) changes[name] = controls[name].value;
      });
      if (!Object.keys(changes).length) { error.textContent = t('nothingChanged'); return; }
      save.disabled = true;
      var r = await act('/api/employer/postings/' + posting.id + '/change', changes, function (data) {
        return t('changed', { reference: posting.reference }) +
          (data.citizens_told ? t('toldOfChange', { count: data.citizens_told }) : '');
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
    var status = inLanguage(posting, 'status') + (posting.status === 'rejected' && posting.review_reason ?
      t('rejectedBecause', { reason: posting.review_reason }) : '');
    [[t('factStatus'), status], [t('factHours'), inLanguage(posting, 'hours_per_week')],
      [t('factStart'), inLanguage(posting, 'start_date')], [t('factTasks'), posting.tasks],
      [t('factRequirements'), posting.requirements || t('noRequirements')]].forEach(function (pair) {
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
      var changeOpener = button(t('change'), 'button--secondary');
      actions.appendChild(changeOpener);
      var change = changeForm(posting);
      section.appendChild(change.form);
      change.cancel.addEventListener('click', toggle(changeOpener, change.form, function () { return change.first; }));
    }
    if (!posting.can_close) return;
    // An approved posting is closed as filled; one still awaiting review is withdrawn.
    var filled = posting.status === 'approved';
    var close = button(t(filled ? 'filled' : 'withdraw'), 'button--secondary');
    actions.appendChild(close);
    var named = { reference: posting.reference };
    var confirm = confirmStep('close-' + posting.id, t(filled ? 'filledQuestion' : 'withdrawQuestion', named),
      t(filled ? 'filledYes' : 'withdrawYes'), function () {
        return act('/api/employer/postings/' + posting.id + '/close', {}, function (data) {
          return t(filled ? 'closed' : 'withdrawn', named) +
            (data.citizens_told ? t('toldOfClosing', { count: data.citizens_told }) : '');
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
    section.appendChild(make('h4', 'interests-heading', t('interestedCount', { count: count })));
    if (!count) {
      section.appendChild(make('p', 'help', t(posting.open ? 'noInterestYet' : 'noInterest')));
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

  /* The postings as last fetched, in the page's language; the focus on `focusId` if given. */
  function renderPostings(focusId) {
    el.postings.textContent = '';
    if (!shownPostings) return;
    if (!shownPostings.length) el.postings.appendChild(make('p', null, t('noPostings')));
    shownPostings.forEach(function (posting) { el.postings.appendChild(postingSection(posting)); });
    var target = focusId && $(focusId);
    if (target) target.focus();
  }

  async function load(focusId) {
    var r = await api('GET', '/api/employer/postings');
    if (!r.ok) {
      el.error.textContent = r.error;
      if (r.status === 401 || r.status === 403) showNoAccess();
      return;
    }
    el.error.textContent = '';
    shownPostings = r.data.postings;
    renderPostings(focusId);
  }

  /* The page's fixed texts, <html lang> and the button that offers the other language (in that language). */
  function applyLanguage() {
    document.documentElement.lang = language;
    document.title = t('pageTitle');
    Array.prototype.forEach.call(document.querySelectorAll('[data-text]'), function (node) {
      node.textContent = t(node.getAttribute('data-text'));
    });
    el.language.textContent = t('otherLanguage');
    el.language.setAttribute('lang', language === 'da' ? 'en' : 'da');
    if (me) el.who.textContent = t('loggedInAs', { name: me.name || me.id });
  }

  /* Shown afresh from the postings already fetched (no second request, and no second audit entry); what
     was typed in an open form is lost, as the forms are built anew. The focus stays on the button. */
  function switchLanguage() {
    language = language === 'da' ? 'en' : 'da';
    try { window.localStorage.setItem(LANGUAGE_KEY, language); } catch (e) { /* remembered for this visit only */ }
    applyLanguage();
    renderPostings();
    announce(t('languageChosen'));
  }

  async function init() {
    ['error', 'status', 'who', 'logout', 'postings', 'language'].forEach(function (id) { el[id] = $(id); });
    el.noAccess = $('no-access');
    el.view = $('employer-view');
    applyLanguage();
    el.language.addEventListener('click', switchLanguage);
    el.logout.addEventListener('click', async function () {
      var r = await api('POST', '/api/logout');
      location.href = r.ok && r.data && typeof r.data.logout_url === 'string' ? r.data.logout_url : '/';
    });
    var session = await api('GET', '/api/session');
    var user = session.ok && session.data ? session.data.user : null;
    if (!user || user.role !== 'employer') { showNoAccess(); return; }
    me = user;
    applyLanguage();
    el.view.hidden = false;
    el.status.textContent = t('loading');
    await load();
    if (!el.error.textContent) el.status.textContent = '';
  }

  document.addEventListener('DOMContentLoaded', init);
})();
