/* Jobassistent – advisor workspace. Vanilla JS, all text through textContent (never innerHTML). */
(function () {
  'use strict';

  var PRIORITY = { urgent: 'Akut', high: 'Høj', normal: 'Normal' };
  var ROLE = { citizen: 'borger', employer: 'arbejdsgiver', advisor: 'rådgiver' };
  var SENDER = { user: 'Borger', bot: 'Jobassistent', advisor: 'Rådgiver', system: 'System' };
  var COLLECTED = { journal_employer: 'Påbegyndt: arbejdsgiver', journal_job_title: 'Påbegyndt: stilling',
    journal_applied_on: 'Påbegyndt: dato', journal_channel: 'Påbegyndt: søgemåde',
    journal_status: 'Påbegyndt: status', journal_place: 'Påbegyndt: sted', journal_note: 'Påbegyndt: note',
    profile_field: 'Profil: felt', profile_value: 'Profil: svar',
    sick_first_day: 'Sygemelding: første sygedag', sick_situation: 'Sygemelding: situation',
    sick_employer: 'Sygemelding: arbejdsgiver', sick_extent: 'Sygemelding: helt/delvis',
    sick_partial_hours: 'Sygemelding: timer i arbejde', sick_expected_return: 'Sygemelding: forventet tilbage',
    sick_wants_contact: 'Sygemelding: ønsker kontakt', sick_new_return: 'Sygemelding: ny dato',
    sick_new_hours: 'Sygemelding: nye timer', sick_returned_on: 'Sygemelding: tilbage på arbejde' };
  var el = {};
  var state = { me: null, showClosed: false, caseId: null, lastId: 0, timer: null };

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
      var error = (data && data.error) || 'Der skete en fejl. Prøv igen.';
      if (response.status === 401 && state.timer) {
        // Logged out (idle too long, or in another tab): stop polling; the message says to log in again.
        clearInterval(state.timer);
        state.timer = null;
      }
      return { ok: response.ok, status: response.status, data: data, error: error };
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

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getDate()) + '.' + two(d.getMonth() + 1) + '.' + d.getFullYear() + ' ' + two(d.getHours()) + ':' + two(d.getMinutes());
  }

  function contact(c) {
    if (c.contact_wish === 'chat') return 'Chat nu';
    if (c.contact_wish === 'phone') return 'Ring op: ' + (c.phone || '');
    return 'Skriftligt svar';
  }

  function status(c) {
    if (c.status === 'open') return 'Venter';
    if (c.status === 'claimed') return 'Taget af ' + (c.advisor_name || c.advisor_id);
    return 'Lukket';
  }

  function showError(text) { el.error.textContent = text || ''; }

  function addFact(list, term, value) {
    list.appendChild(make('dt', null, term));
    list.appendChild(make('dd', null, value === undefined || value === null || value === '' ? '–' : value));
  }

  /* ---------- Queue ---------- */

  async function loadQueue() {
    var r = await api('GET', '/api/advisor/cases?status=' + (state.showClosed ? 'closed' : 'active'));
    if (!r.ok) { showError(r.error); return; }
    showError('');
    el.queueBody.textContent = '';
    var cases = r.data.cases || [];
    el.queueEmpty.hidden = cases.length > 0;
    cases.forEach(function (c) {
      var row = make('tr');
      var priority = make('td');
      priority.appendChild(make('span', 'badge badge--' + c.priority, PRIORITY[c.priority] || c.priority));
      row.appendChild(priority);
      row.appendChild(make('td', null, c.reference));
      row.appendChild(make('td', null, (c.user_name || c.user_id) + ' (' + c.user_id + ', ' + (ROLE[c.role] || c.role) + ')'));
      row.appendChild(make('td', null, c.reason_text));
      row.appendChild(make('td', null, contact(c)));
      row.appendChild(make('td', null, status(c)));
      row.appendChild(make('td', null, when(c.created_at)));
      var open = make('td');
      var link = make('a', null, 'Åbn');
      link.href = '#case/' + c.id;
      link.setAttribute('aria-label', 'Åbn sag ' + c.reference);
      open.appendChild(link);
      row.appendChild(open);
      el.queueBody.appendChild(row);
    });
  }

  /* ---------- One case ---------- */

  function appendLine(sender, text) {
    var line = make('p', 'case-message case-message--' + (SENDER[sender] ? sender : 'system'));
    line.appendChild(make('span', 'case-message__sender', (SENDER[sender] || 'System') + ':'));
    line.appendChild(document.createTextNode(text || ''));
    el.transcript.appendChild(line);
    el.transcript.scrollTop = el.transcript.scrollHeight;
  }

  function renderActions(c) {
    var mine = c.status === 'claimed' && state.me && c.advisor_id === state.me.id;
    el.claim.hidden = c.status !== 'open';
    el.replyForm.hidden = !mine;
    el.closeForm.hidden = !(mine || c.status === 'open');
    el.heldBy.hidden = !(c.status === 'claimed' && !mine);
    el.heldBy.textContent = 'Sagen er taget af ' + (c.advisor_name || c.advisor_id) + '.';
    el.eraseForm.hidden = c.reason !== 'erasure_request' || !(mine || c.status === 'open');
    el.closedNote.hidden = c.status !== 'closed';
    el.closedNote.textContent = 'Lukket ' + when(c.closed_at) + '. Notat: ' + (c.close_note || '–');
  }

  function renderCase(c) {
    el.caseHeading.textContent = 'Sag ' + c.reference + ' – ' + (PRIORITY[c.priority] || c.priority);
    el.facts.textContent = '';
    addFact(el.facts, 'Borger', (c.user_name || c.user_id) + ' (' + c.user_id + ', ' + (ROLE[c.role] || c.role) + ')');
    addFact(el.facts, 'Årsag', c.reason_text);
    addFact(el.facts, 'Kontakt', contact(c));
    addFact(el.facts, 'Status', status(c));
    addFact(el.facts, 'Oprettet', when(c.created_at));
    el.summary.textContent = '';
    var summary = c.summary || {};
    addFact(el.summary, 'Forløb', summary.journey);
    Object.keys(summary.collected || {}).forEach(function (key) {
      addFact(el.summary, COLLECTED[key] || key, summary.collected[key]);
    });
    renderActions(c);
  }

  var CHANNEL = { job_ad: 'Jobopslag', unsolicited: 'Uopfordret', network: 'Eget netværk',
    agency: 'Bureau', internship: 'Praktik/løntilskud', personal_contact: 'Telefon/personligt',
    interview: 'Jobsamtale' };
  var STATUS = { sent: 'Sendt', interview: 'Til samtale', rejected: 'Afslag', offered: 'Tilbudt',
    hired: 'Fik jobbet' };
  var PROFILE = [['experience', 'Erfaring'], ['education', 'Uddannelse'], ['wished_jobs', 'Ønskejob'],
    ['driving_licence', 'Kørekort'], ['certificates', 'Certifikater'], ['languages', 'Sprog'],
    ['hours_per_week', 'Timer om ugen'], ['postcode', 'Område (postnr.)'],
    ['weekly_target', 'Ugentligt mål']];

  function profileValue(key, value) {
    if (value === null || value === undefined || (Array.isArray(value) && !value.length)) {
      return key === 'driving_licence' && Array.isArray(value) ? 'Nej' : '–';
    }
    if (key === 'experience') {
      return value.map(function (x) {
        return x.title + (x.employer ? ' – ' + x.employer : '') + (x.years != null ? ' (' + x.years + ' år)' : '');
      }).join('; ');
    }
    return Array.isArray(value) ? value.join(', ') : String(value);
  }

  function renderJournal(entries) {
    el.registered.appendChild(make('h4', null, 'Jobjournal (nyeste 20)'));
    if (!entries.length) { el.registered.appendChild(make('p', null, 'Ingen aktiviteter logget.')); return; }
    var list = make('ul', 'journal');
    entries.forEach(function (e) {
      list.appendChild(make('li', null, e.applied_on + ': ' + e.job_title + ' – ' + e.employer + ' (' +
        (CHANNEL[e.channel] || e.channel) + ', ' + (STATUS[e.status] || e.status) + ')' +
        (e.note ? ' · ' + e.note : '')));
    });
    el.registered.appendChild(list);
  }

  function renderProfile(profile) {
    el.registered.appendChild(make('h4', null, 'Profil / CV'));
    var dl = make('dl', 'facts');
    PROFILE.forEach(function (pair) {
      dl.appendChild(make('dt', null, pair[1]));
      var text = profileValue(pair[0], profile[pair[0]]);
      if (pair[0] === 'weekly_target' && profile.weekly_target_set_by) {
        text += ' (sat af ' + (profile.weekly_target_set_by === 'advisor' ? 'rådgiver' : 'borger') + ')';
      }
      dl.appendChild(make('dd', null, text));
    });
    el.registered.appendChild(dl);
    var form = make('form', 'target-form');
    var label = make('label', null, 'Sæt ugentligt mål ');
    var input = make('input');
    input.type = 'number'; input.min = '1'; input.max = '30'; input.id = 'weekly-target';
    input.value = profile.weekly_target || '';
    label.appendChild(input);
    form.appendChild(label);
    form.appendChild(make('button', 'button button--secondary', 'Gem mål'));
    form.addEventListener('submit', async function (event) {
      event.preventDefault();
      var value = input.value === '' ? null : Number(input.value);
      var r = await api('POST', '/api/advisor/cases/' + state.caseId + '/weekly-target', { weekly_target: value });
      if (!r.ok) { showError(r.error); return; }
      showError('');
      openCase(state.caseId);
    });
    el.registered.appendChild(form);
  }

  var SITUATION = { employed: 'ansat', unemployed: 'ledig', self_employed: 'selvstændig', other: 'andet' };
  var TRACK = { self_service: 'selvbetjening', advisor: 'medarbejder følger op' };

  function renderSickLeave(cases) {
    el.registered.appendChild(make('h4', null, 'Sygemeldinger'));
    if (!cases.length) { el.registered.appendChild(make('p', null, 'Ingen sygemeldinger.')); return; }
    var list = make('ul', 'sick-leave');
    cases.forEach(function (c) {
      var text = 'Fra ' + c.first_day + ' · ' + (SITUATION[c.situation] || c.situation) +
        (c.employer ? ' (' + c.employer + ')' : '') +
        (c.partial_hours != null ? ' · delvis, arbejder ' + c.partial_hours + ' t/uge'
          : (c.situation === 'employed' || c.situation === 'self_employed' ? ' · helt sygemeldt' : '')) +
        ' · forventet tilbage: ' + (c.expected_return || 'ved ikke') +
        ' · ' + (TRACK[c.track] || c.track) +
        ' · ' + (c.status === 'open' ? 'åben' : 'lukket, tilbage ' + (c.returned_on || '?')) +
        (c.wants_contact ? ' · ønsker kontakt' : '');
      list.appendChild(make('li', null, text));
    });
    el.registered.appendChild(list);
  }

  function renderRegistered(registered) {
    el.registered.textContent = '';
    registered = registered || {};
    if (registered.sick_leave) renderSickLeave(registered.sick_leave);
    if (registered.journal) renderJournal(registered.journal);
    if (registered.profile) renderProfile(registered.profile);
    el.registered.appendChild(make('h4', null, 'Tidligere sager'));
    var earlier = registered.earlier_cases || [];
    if (!earlier.length) { el.registered.appendChild(make('p', null, 'Ingen.')); return; }
    var list = make('ul');
    earlier.forEach(function (item) {
      list.appendChild(make('li', null, item.reference + ' · ' + item.reason_text + ' · ' + item.status +
        ' · ' + when(item.created_at)));
    });
    el.registered.appendChild(list);
  }

  async function openCase(id) {
    state.caseId = id;
    var r = await api('GET', '/api/advisor/cases/' + id);
    if (!r.ok) { showError(r.error); return; }
    showError('');
    renderCase(r.data.case);
    el.transcript.textContent = '';
    (r.data.transcript || []).forEach(function (line) { appendLine(line.sender, line.text); });
    renderRegistered(r.data.registered);
    loadCaseInterests(r.data.case);
    var live = await api('GET', '/api/advisor/cases/' + id + '/messages?after=0');
    state.lastId = 0;
    if (live.ok) (live.data.messages || []).forEach(function (m) { state.lastId = Math.max(state.lastId, m.id); });
    el.caseHeading.focus();
  }

  async function pollCase() {
    if (state.caseId === null) return;
    var id = state.caseId;
    var r = await api('GET', '/api/advisor/cases/' + id + '/messages?after=' + state.lastId);
    if (r.ok && id === state.caseId) {
      (r.data.messages || []).forEach(function (m) {
        state.lastId = Math.max(state.lastId, m.id);
        appendLine(m.sender, m.text);
      });
      renderCase(r.data.case);
    } else if (r.status === 401) {
      showError(r.error);
    }
  }

  async function post(path, body, done) {
    var r = await api('POST', '/api/advisor/cases/' + state.caseId + path, body);
    if (!r.ok) { showError(r.error); return false; }
    showError('');
    if (done) done(r.data);
    await pollCase();
    return true;
  }

  async function sendReply() {
    var text = el.replyInput.value.trim();
    if (!text) { el.status.textContent = 'Skriv en besked først.'; return; }
    el.replyInput.value = '';
    // A CPR number or health details are not kept: the answer says so, and the advisor sees why.
    var ok = await post('/messages', { text: text }, function (data) {
      if (data && data.notice) el.status.textContent = data.notice;
    });
    if (!ok) el.replyInput.value = text;
    el.replyInput.focus();
  }

  /* ---------- Routing and start ---------- */

  /* ---------- Småjob postings ---------- */

  var DURATION = { one_off: 'Enkeltstående opgave', period: 'En periode', ongoing: 'Løbende' };

  async function loadVacancies() {
    var status = el.vacancyStatus.value;
    var r = await api('GET', '/api/advisor/vacancies?status=' + encodeURIComponent(status));
    if (!r.ok) { showError(r.error); return; }
    el.vacancyList.textContent = '';
    var vacancies = r.data.vacancies || [];
    el.vacancyEmpty.hidden = vacancies.length > 0;
    vacancies.forEach(function (v) { el.vacancyList.appendChild(renderVacancy(v)); });
  }

  function renderVacancy(v) {
    // Every value is set as text, never as HTML: postings come from outside the municipality.
    var box = make('article', 'vacancy');
    box.appendChild(make('h3', null, v.reference + ': ' + v.job_title + ' – ' + v.company));
    var facts = make('dl', 'facts');
    addFact(facts, 'CVR', v.cvr);
    addFact(facts, 'Kontakt', v.contact_person + ', ' + v.email + ', ' + v.phone);
    addFact(facts, 'Opgaver', v.tasks);
    addFact(facts, 'Timer om ugen', v.hours_per_week);
    addFact(facts, 'Postnummer', v.postcode);
    addFact(facts, 'Start', v.start_date);
    addFact(facts, 'Varighed', DURATION[v.duration_kind] || v.duration_kind);
    addFact(facts, 'Krav', v.requirements || 'Ingen');
    addFact(facts, 'Egnet for ledige langt fra arbejdsmarkedet', v.suits_far_from_labour_market ? 'Ja' : 'Nej');
    addFact(facts, 'Oprettet', when(v.created_at));
    if (v.review_reason) addFact(facts, 'Begrundelse', v.review_reason);
    box.appendChild(facts);
    if (v.status === 'awaiting_review') {
      var approve = make('button', 'button', 'Godkend');
      approve.type = 'button';
      approve.addEventListener('click', function () { review(v.id, 'approve', ''); });
      box.appendChild(approve);
      var form = make('form', 'reject-form');
      var label = make('label', null, 'Begrundelse for afvisning ');
      var reason = make('input');
      reason.maxLength = 500;
      label.appendChild(reason);
      form.appendChild(label);
      form.appendChild(make('button', 'button button--secondary', 'Afvis'));
      var hint = make('p', 'error');
      hint.setAttribute('role', 'alert');
      form.appendChild(hint);
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        if (!reason.value.trim()) {
          // Kept next to the form: the queue's polling clears the page's general error line.
          hint.textContent = 'Skriv en begrundelse – arbejdsgiveren får den at se.';
          reason.focus();
          return;
        }
        review(v.id, 'reject', reason.value.trim());
      });
      box.appendChild(form);
    } else if (v.status === 'approved') {
      var show = make('button', 'button button--secondary', 'Vis jobsøgende der passer');
      show.type = 'button';
      var list = make('ul', 'matches');
      show.addEventListener('click', async function () {
        var r = await api('GET', '/api/advisor/vacancies/' + v.id + '/matches');
        if (!r.ok) { showError(r.error); return; }
        list.textContent = '';
        var seekers = r.data.job_seekers || [];
        if (!seekers.length) list.appendChild(make('li', null, 'Ingen profiler passer lige nu.'));
        seekers.forEach(function (m) {
          list.appendChild(make('li', null, (m.name || m.citizen_id) + ' (' + m.citizen_id + ') · ønsker: ' +
            (m.wished_jobs || []).join(', ') + ' · postnr. ' + (m.postcode || '–') + ' · ' +
            (m.hours_per_week != null ? m.hours_per_week + ' t/uge' : 'timer ikke oplyst')));
        });
      });
      box.appendChild(show);
      box.appendChild(list);
    }
    if (v.status === 'approved' || v.status === 'filled') box.appendChild(matchInterestsSection(v, box));
    return box;
  }

  async function review(id, verb, reason) {
    var r = await api('POST', '/api/advisor/vacancies/' + id + '/' + verb, { reason: reason });
    if (!r.ok) { showError(r.error); return; }
    showError('');
    el.status.textContent = verb === 'approve' ? 'Opslaget er godkendt.' : 'Opslaget er afvist.';
    loadVacancies();
  }

  /* ---------- Digital match: who is interested, closing a filled posting, the case's småjob ---------- */

  function summaryList(lines) {
    if (!lines || !lines.length) return make('span', null, 'Intet delt');
    var list = make('ul', 'interest__summary');
    lines.forEach(function (line) { list.appendChild(make('li', null, line)); });
    return list;
  }

  function interestFacts(i, withSummary) {
    var facts = make('dl', 'facts');
    addFact(facts, 'Status', i.status_da || i.status);
    addFact(facts, 'Foreslået tid', i.proposed_time ? when(i.proposed_time) : 'Ingen endnu');
    if (withSummary) {
      facts.appendChild(make('dt', null, 'Delt resumé'));
      var summary = make('dd');
      summary.appendChild(summaryList(i.summary_lines_da));
      facts.appendChild(summary);
    }
    return facts;
  }

  async function loadPostingInterests(v, heading, list, note) {
    var r = await api('GET', '/api/advisor/vacancies/' + v.id + '/interests');
    if (!r.ok) { heading.textContent = 'Interesserede borgere'; note.textContent = r.error; return; }
    var interests = r.data.interests || [];
    heading.textContent = 'Interesserede borgere (' + interests.length + ')';
    list.textContent = '';
    if (!interests.length) list.appendChild(make('li', 'interest', 'Ingen har vist interesse endnu.'));
    interests.forEach(function (i) {
      var item = make('li', 'interest');
      item.appendChild(make('p', 'interest__who', (i.citizen_name || i.citizen_id) + ' (' + i.citizen_id + ')'));
      item.appendChild(interestFacts(i, true));
      list.appendChild(item);
    });
  }

  function matchInterestsSection(v, box) {
    var section = make('section', 'match-interests');
    var heading = make('h4', null, 'Interesserede borgere (henter …)');
    heading.id = 'interests-heading-' + v.id;
    section.setAttribute('aria-labelledby', heading.id);
    var list = make('ul', 'interest-list');
    var note = make('p', 'error');
    note.setAttribute('role', 'alert');
    section.appendChild(heading);
    section.appendChild(list);
    section.appendChild(note);
    loadPostingInterests(v, heading, list, note);
    if (v.status === 'approved') section.appendChild(closePostingControls(v, box));
    return section;
  }

  function closePostingControls(v, box) {
    var wrap = make('div', 'close-posting');
    var ask = make('button', 'button button--secondary', 'Luk opslaget (stillingen er besat)');
    ask.type = 'button';
    ask.setAttribute('aria-expanded', 'false');
    ask.setAttribute('aria-controls', 'close-confirm-' + v.id);
    var confirmBox = make('div', 'close-posting__confirm');
    confirmBox.id = 'close-confirm-' + v.id;
    confirmBox.hidden = true;
    confirmBox.setAttribute('role', 'group');
    var question = make('p', null, 'Vil du lukke ' + v.reference + ' (' + v.job_title + ' – ' + v.company + ')? ' +
      'Der kan ikke vises interesse for opslaget mere, og borgere, der venter på svar, får besked om, at ' +
      'stillingen er besat. Det kan ikke fortrydes.');
    question.id = 'close-question-' + v.id;
    confirmBox.setAttribute('aria-labelledby', question.id);
    var actions = make('div', 'close-posting__actions');
    var yes = make('button', 'button', 'Ja, luk opslaget');
    yes.type = 'button';
    var no = make('button', 'button button--secondary', 'Fortryd');
    no.type = 'button';
    var hint = make('p', 'error');
    hint.setAttribute('role', 'alert');
    actions.appendChild(yes);
    actions.appendChild(no);
    confirmBox.appendChild(question);
    confirmBox.appendChild(actions);
    confirmBox.appendChild(hint);
    wrap.appendChild(ask);
    wrap.appendChild(confirmBox);

    function showConfirm(open) {
      confirmBox.hidden = !open;
      ask.setAttribute('aria-expanded', String(open));
      hint.textContent = '';
      (open ? yes : ask).focus();
    }
    ask.addEventListener('click', function () { showConfirm(confirmBox.hidden); });
    no.addEventListener('click', function () { showConfirm(false); });
    confirmBox.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') { event.preventDefault(); showConfirm(false); }
    });
    yes.addEventListener('click', function () { closePosting(v, box, yes, hint); });
    return wrap;
  }

  async function closePosting(v, box, yes, hint) {
    yes.disabled = true;
    var r = await api('POST', '/api/advisor/vacancies/' + v.id + '/close', {});
    yes.disabled = false;
    // Kept next to the button: the queue's polling clears the page's general error line.
    if (!r.ok) { hint.textContent = r.error; yes.focus(); return; }
    var told = r.data.citizens_told || 0;
    el.status.textContent = 'Opslaget ' + v.reference + ' er lukket, fordi stillingen er besat. ' +
      (told === 1 ? '1 borger får besked.' : told + ' borgere får besked.');
    var fresh = renderVacancy(r.data.vacancy);
    box.replaceWith(fresh);
    var title = fresh.querySelector('h3');
    title.tabIndex = -1;
    title.focus();
  }

  async function loadCaseInterests(c) {
    var section = $('case-match');
    var list = $('case-match-list');
    list.textContent = '';
    section.hidden = c.role !== 'citizen';
    if (section.hidden) return;
    var r = await api('GET', '/api/advisor/cases/' + c.id + '/interests');
    if (state.caseId !== c.id) return;  // another case was opened meanwhile
    if (!r.ok) { list.appendChild(make('p', 'error', r.error)); return; }
    var interests = r.data.interests || [];
    if (!interests.length) {
      list.appendChild(make('p', null, 'Borgeren har ikke vist interesse for et småjob.'));
      return;
    }
    var items = make('ul', 'interest-list');
    interests.forEach(function (i) {
      var item = make('li', 'interest');
      item.appendChild(make('p', 'interest__who', i.reference + ': ' + i.job_title + ' – ' + i.company));
      item.appendChild(interestFacts(i, false));
      items.appendChild(item);
    });
    list.appendChild(items);
  }

  function route() {
    var match = /^#case\/(\d+)$/.exec(location.hash);
    el.queueView.hidden = !!match;
    el.caseView.hidden = !match;
    if (match) { openCase(Number(match[1])); } else { state.caseId = null; loadQueue(); loadVacancies(); }
  }

  function tick() {
    if (state.caseId !== null) pollCase(); else loadQueue();
  }

  async function init() {
    ['error', 'status', 'who', 'logout', 'refresh'].forEach(function (id) { el[id] = $(id); });
    el.toggleClosed = $('toggle-closed'); el.noAccess = $('no-access');
    el.queueView = $('queue-view'); el.queueBody = $('queue-body'); el.queueEmpty = $('queue-empty');
    el.caseView = $('case-view'); el.caseHeading = $('case-heading'); el.facts = $('case-facts');
    el.summary = $('case-summary'); el.transcript = $('case-transcript'); el.registered = $('case-registered');
    el.claim = $('claim-button'); el.heldBy = $('held-by'); el.replyForm = $('reply-form');
    el.replyInput = $('reply-input'); el.closeForm = $('close-form'); el.closeNote = $('close-note');
    el.eraseForm = $('erase-form'); el.eraseConfirm = $('erase-confirm');
    el.closedNote = $('closed-note');

    var session = await api('GET', '/api/session');
    var me = session.ok && session.data ? session.data.user : null;
    if (!me || me.role !== 'advisor') { el.noAccess.hidden = false; return; }
    state.me = me;
    el.who.textContent = 'Logget ind som ' + (me.name || me.id) + ' (jobrådgiver)';

    el.logout.addEventListener('click', async function () {
      var r = await api('POST', '/api/logout');
      // A login through the municipality's provider is ended there too.
      location.href = r.ok && r.data && typeof r.data.logout_url === 'string' ? r.data.logout_url : '/';
    });
    el.refresh.addEventListener('click', function () { loadQueue(); loadVacancies(); });
    el.vacancyStatus = $('vacancy-status'); el.vacancyList = $('vacancy-list'); el.vacancyEmpty = $('vacancy-empty');
    el.vacancyStatus.addEventListener('change', loadVacancies);
    el.toggleClosed.addEventListener('click', function () {
      state.showClosed = !state.showClosed;
      el.toggleClosed.setAttribute('aria-pressed', String(state.showClosed));
      el.toggleClosed.textContent = state.showClosed ? 'Vis aktive sager' : 'Vis lukkede sager';
      loadQueue();
    });
    el.claim.addEventListener('click', function () { post('/claim', {}); });
    el.replyForm.addEventListener('submit', function (event) { event.preventDefault(); sendReply(); });
    el.replyInput.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); sendReply(); }
    });
    el.closeForm.addEventListener('submit', function (event) {
      event.preventDefault();
      post('/close', { note: el.closeNote.value.trim() }, function () { el.closeNote.value = ''; });
    });
    el.eraseForm.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!el.eraseConfirm.checked) {
        showError('Sæt flueben, når du har tjekket, at intet andet skal gemmes.');
        el.eraseConfirm.focus();
        return;
      }
      post('/erase', {}, function (data) {
        el.eraseConfirm.checked = false;
        var kept = data && Array.isArray(data.kept) && data.kept.length ? data.kept.join(', ') : 'intet';
        el.status.textContent = 'Oplysningerne er slettet. Beholdt efter loven: ' + kept + '.';
      });
    });
    window.addEventListener('hashchange', route);
    route();
    state.timer = setInterval(tick, 2000);
  }

  document.addEventListener('DOMContentLoaded', init);
})();
