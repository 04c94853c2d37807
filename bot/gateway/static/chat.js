/* Jobassistent – browser chat page. Vanilla JS (ES2017), no innerHTML anywhere. */
(function () {
  'use strict';

  var MAX_LENGTH = 5000;
  var COUNTER_FROM = 4500;
  var REQUEST_TIMEOUT_MS = 60000;
  var GENERIC_SEND_ERROR = 'Beskeden kunne ikke sendes. Prøv igen.';
  var ROLE_NAMES = { citizen: 'Borger', employer: 'Arbejdsgiver', advisor: 'Jobrådgiver',
    dpo: 'Databeskyttelsesrådgiver', manager: 'Leder' };
  var SENDER_NAMES = { user: 'Du', bot: 'Jobassistent', advisor: 'Medarbejder', system: 'Besked' };
  var POLL_MS = 3000;
  // Asking whether the assistant is back: soon at first, then a little later each time, at most this.
  var PENDING_FIRST_MS = 2000;
  var PENDING_MAX_MS = 15000;
  var WAITING_STATUS = 'Vi er der om et øjeblik. Din besked er gemt, og du får svar her, så snart assistenten er tilbage.';
  var WAITING_NOTE = 'Venter – sendes, når assistenten er tilbage';
  var URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

  function $(id) { return document.getElementById(id); }

  var el = {};
  var state = { user: null, devLogin: false, busy: false, loadingHistory: false, pendingMessage: null,
                lastUserId: null, lastUpdateId: 0, pollTimer: null, providers: [],
                waitingBubbles: [], waitingText: '', pendingTimer: null, pendingDelay: 0,
                privacySeen: true, privacyNotice: null, privacyLanguage: 'da', privacyFirstTime: false,
                feedbackCount: 0 };

  /* ---------- HTTP ---------- */

  async function api(method, url, body) {
    var opts = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method === 'POST') {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body || {});
    }
    var controller = new AbortController();
    opts.signal = controller.signal;
    var timer = setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS);
    var res;
    var data = null;
    try {
      res = await fetch(url, opts);
    } catch (err) {
      clearTimeout(timer);
      return { ok: false, status: 0, data: null, error: null };
    }
    try { data = await res.json(); } catch (err) { data = null; }
    clearTimeout(timer);
    var error = data && typeof data.error === 'string' && data.error.trim() ? data.error : null;
    return { ok: res.ok, status: res.status, data: data, error: error };
  }

  /* ---------- Small helpers ---------- */

  function setText(node, text) { node.textContent = text || ''; }

  function makeEl(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Trailing punctuation is most likely part of the sentence, not the URL.
  function cleanUrl(raw) { return raw.replace(/[.,;:!?'")\]]+$/, ''); }

  function safeHttpUrl(text) {
    var parsed;
    try { parsed = new URL(text); } catch (err) { return null; }
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  }

  // Appends text to parent as text nodes, with http(s) URLs turned into links.
  function appendLinkified(parent, text) {
    var last = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var url = cleanUrl(match[0]);
      var href = safeHttpUrl(url);
      if (!href) continue;
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var a = document.createElement('a');
      a.href = href;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      a.textContent = url;
      a.appendChild(makeEl('span', 'visually-hidden', ' (åbner i et nyt vindue)'));
      parent.appendChild(a);
      last = match.index + url.length;
      URL_PATTERN.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function scrollLogToEnd() {
    el.log.scrollTop = el.log.scrollHeight;
  }

  /* ---------- Messages ---------- */

  // Public hook: used for every message, also by future advisor polling.
  // Links to the user's own files (their data, the conversation), offered in an answer.
  function appendDownloads(bubble, downloads) {
    if (!Array.isArray(downloads) || !downloads.length) return;
    var list = makeEl('ul', 'downloads');
    downloads.forEach(function (d) {
      if (!d || typeof d.url !== 'string' || d.url.indexOf('/api/me/') !== 0) return;
      var item = makeEl('li');
      var a = makeEl('a', 'button button--secondary', String(d.title || d.url));
      a.href = d.url;
      a.setAttribute('download', '');
      item.appendChild(a);
      list.appendChild(item);
    });
    if (list.childNodes.length) bubble.appendChild(list);
  }

  // "Hjalp det?" under a benefits answer or a journey's end: one rating per message, the topic only.
  function appendFeedback(bubble, topic) {
    if (typeof topic !== 'string' || !/^[a-z][a-z0-9_]{0,39}$/.test(topic)) return;
    var box = makeEl('div', 'feedback');
    box.setAttribute('role', 'group');
    var question = makeEl('span', 'feedback__question', 'Hjalp det?');
    question.id = 'feedback-' + (++state.feedbackCount);
    box.setAttribute('aria-labelledby', question.id);
    box.appendChild(question);
    var thanks = makeEl('span', 'feedback__thanks');
    thanks.setAttribute('role', 'status');
    [[true, '👍', 'Ja, det hjalp'], [false, '👎', 'Nej, det hjalp ikke']].forEach(function (choice) {
      var btn = makeEl('button', 'feedback__button', choice[1]);
      btn.type = 'button';
      btn.setAttribute('aria-label', choice[2]);
      btn.setAttribute('aria-pressed', 'false');
      btn.addEventListener('click', async function () {
        var all = box.querySelectorAll('button');
        Array.prototype.forEach.call(all, function (b) { b.disabled = true; });
        var r = await api('POST', '/api/feedback', { topic: topic, helpful: choice[0] });
        if (r.ok) {
          btn.setAttribute('aria-pressed', 'true');
          setText(thanks, 'Tak for din vurdering.');
        } else {
          Array.prototype.forEach.call(all, function (b) { b.disabled = false; });
          setText(thanks, r.error || 'Vurderingen kunne ikke gemmes. Prøv igen.');
        }
      });
      box.appendChild(btn);
    });
    box.appendChild(thanks);
    bubble.appendChild(box);
  }

  function appendMessage(sender, text, buttons, downloads, feedbackTopic) {
    var kind = SENDER_NAMES.hasOwnProperty(sender) ? sender : 'bot';
    var bubble = document.createElement('div');
    bubble.className = 'message message--' + kind;

    var label = bubble.appendChild(makeEl('span', 'message__sender', SENDER_NAMES[kind]));
    label.appendChild(makeEl('span', 'visually-hidden', ': '));

    var body = typeof text === 'string' ? text : (text == null ? '' : String(text));
    if (body) {
      var textEl = makeEl('div', 'message__text');
      if (kind === 'user') textEl.textContent = body;
      else appendLinkified(textEl, body);
      bubble.appendChild(textEl);
    }

    if (Array.isArray(buttons) && buttons.length && kind !== 'user') {
      var group = makeEl('div', 'quick-replies');
      group.setAttribute('role', 'group');
      group.setAttribute('aria-label', 'Svarmuligheder');
      buttons.forEach(function (b) {
        if (!b || (b.title == null && b.payload == null)) return;
        var title = String(b.title != null ? b.title : b.payload);
        var payload = String(b.payload != null ? b.payload : b.title);
        var btn = makeEl('button', 'quick-reply', title);
        btn.type = 'button';
        btn.disabled = state.busy;
        btn.addEventListener('click', function () {
          sendMessage(payload, title, null);
        });
        group.appendChild(btn);
      });
      if (group.childNodes.length) bubble.appendChild(group);
    }
    if (kind !== 'user') appendDownloads(bubble, downloads);
    if (kind === 'bot') appendFeedback(bubble, feedbackTopic);

    el.log.appendChild(bubble);
    scrollLogToEnd();
    return bubble;
  }

  // Disables all active quick replies; returns them so they can be re-enabled.
  function disableQuickReplies() {
    var active = Array.prototype.filter.call(
      el.log.querySelectorAll('.quick-reply'), function (b) { return !b.disabled; });
    active.forEach(function (b) { b.disabled = true; });
    return active;
  }

  function setBusy(busy) {
    state.busy = busy;
    el.send.disabled = busy;
    setText(el.status, busy ? 'Jobassistenten skriver …' : state.waitingText);
  }

  function showAnswers(messages) {
    (Array.isArray(messages) ? messages : []).forEach(function (m) {
      if (m) appendMessage('bot', m.text, m.buttons, m.downloads, m.feedback_topic);
    });
  }

  function restoreDraft(text) {
    var current = el.input.value;
    el.input.value = current.trim() ? text + '\n' + current : text;
    updateCounter();
  }

  async function sendMessage(message, shownText, draft) {
    if (state.busy) return;
    setText(el.error, '');
    setText(el.hint, '');
    var reenable = disableQuickReplies();
    var bubble = appendMessage('user', shownText);
    setBusy(true);
    var r = await api('POST', '/api/chat', { message: message });
    setBusy(false);

    if (r.status === 503 && r.data && r.data.pending === true) {
      // The assistant is away, but the message is kept: it stays on screen and is answered later.
      markWaiting(bubble);
      showAnswers(r.data.messages);
      showWaiting(r.error);
      if (!state.pendingTimer) schedulePending(PENDING_FIRST_MS);
      el.input.focus();
      return;
    }
    if (!r.ok) {
      bubble.remove();
      reenable.forEach(function (b) { b.disabled = false; });
      if (draft) restoreDraft(draft);
      var msg = r.error || GENERIC_SEND_ERROR;
      if (r.status === 401) {
        showLogin(msg);
        return;
      }
      setText(el.error, msg);
      el.input.focus();
      return;
    }
    // Messages kept earlier always go first, so an answer means they were answered too (an advisor
    // holding the conversation gets only the new one).
    if (!(r.data && r.data.handoff)) stopWaiting();
    showAnswers(r.data && r.data.messages);
    el.input.focus();
  }

  function submitChat() {
    if (state.busy && !state.loadingHistory) return;
    var text = el.input.value.trim();
    if (!text) {
      setText(el.hint, 'Skriv en besked, før du trykker Send.');
      el.input.focus();
      return;
    }
    if (text.length > MAX_LENGTH) {
      setText(el.hint, 'Beskeden er for lang. Den må højst være ' + MAX_LENGTH + ' tegn.');
      el.input.focus();
      return;
    }
    el.input.value = '';
    updateCounter();
    el.input.focus();
    if (state.loadingHistory) {
      // Typed before the conversation was shown: sent as soon as it is, never dropped.
      state.pendingMessage = text;
      setText(el.hint, 'Din besked bliver sendt, så snart samtalen er hentet.');
      return;
    }
    sendMessage(text, text, text);
  }

  function updateCounter() {
    var len = el.input.value.length;
    setText(el.counter, len >= COUNTER_FROM ? len + ' af ' + MAX_LENGTH + ' tegn brugt.' : '');
    if (len >= MAX_LENGTH) {
      setText(el.hint, 'Du har nået grænsen på ' + MAX_LENGTH + ' tegn.');
    } else if (el.hint.textContent.indexOf('grænsen') !== -1) {
      setText(el.hint, '');
    }
  }

  async function loadHistory() {
    el.log.textContent = '';
    state.waitingBubbles = [];
    state.busy = true; // no sending until the history is shown
    state.loadingHistory = true;
    var r = await api('GET', '/api/chat/history');
    state.busy = false;
    state.loadingHistory = false;
    var pending = state.pendingMessage;
    state.pendingMessage = null;
    if (!r.ok) {
      if (pending) { el.input.value = pending; updateCounter(); }
      if (r.status === 401) { showLogin(r.error); return; }
      setText(el.error, r.error || 'Samtalen kunne ikke hentes. Genindlæs siden for at prøve igen.');
      await checkPending(); // the assistant may be away: what waits is still answered here
      return;
    }
    var messages = r.data && Array.isArray(r.data.messages) ? r.data.messages : [];
    messages.forEach(function (m) {
      if (!m) return;
      if (m.sender === 'user') disableQuickReplies();
      appendMessage(m.sender, m.text, m.buttons);
    });
    scrollLogToEnd();
    state.lastUpdateId = 0;
    await pollUpdates(true);
    await checkPending(); // messages kept before this page was opened are delivered now
    if (pending) {
      setText(el.hint, '');
      sendMessage(pending, pending, pending);
    }
  }

  /* ---------- Messages from a person (polled) ---------- */

  function showHandoffState(handoff) {
    if (handoff && handoff.status === 'claimed') {
      setText(el.status, 'Du skriver med en medarbejder' +
        (handoff.advisor_name ? ' (' + handoff.advisor_name + ')' : '') + '.');
    } else if (handoff && handoff.queue_position) {
      setText(el.status, 'Du venter på en medarbejder. Du er nummer ' + handoff.queue_position + ' i køen.');
    } else if (!state.busy) {
      setText(el.status, state.waitingText);
    }
  }

  async function pollUpdates(includeOwn) {
    if (!state.user) return;
    var r = await api('GET', '/api/chat/updates?after=' + state.lastUpdateId);
    if (r.ok && r.data) {
      (r.data.messages || []).forEach(function (m) {
        state.lastUpdateId = Math.max(state.lastUpdateId, m.id);
        // The user's own live-chat lines are already on screen, except after a reload.
        if (m.sender === 'user' && !includeOwn) return;
        appendMessage(m.sender, m.text, []);
      });
      showHandoffState(r.data.handoff);
    } else if (r.status === 401) {
      // Logged out meanwhile (idle too long, or logged out in another tab): say so at the login.
      showLogin(r.error);
      return;
    }
    state.pollTimer = setTimeout(function () { pollUpdates(false); }, POLL_MS);
  }

  function stopPolling() {
    if (state.pollTimer) clearTimeout(state.pollTimer);
    state.pollTimer = null;
    stopWaiting();
  }

  /* ---------- Messages kept while the assistant is away ---------- */

  function showWaiting(text) {
    state.waitingText = text || WAITING_STATUS;
    if (!state.busy) setText(el.status, state.waitingText);
  }

  function markWaiting(bubble) {
    bubble.classList.add('message--waiting');
    bubble.appendChild(makeEl('span', 'message__note', WAITING_NOTE));
    state.waitingBubbles.push(bubble);
  }

  // The oldest waiting messages were answered: all but the last `stillWaiting` lose their note.
  function markAnswered(stillWaiting) {
    while (state.waitingBubbles.length > stillWaiting) {
      var bubble = state.waitingBubbles.shift();
      bubble.classList.remove('message--waiting');
      var note = bubble.querySelector('.message__note');
      if (note) note.remove();
    }
  }

  function stopWaiting() {
    markAnswered(0);
    // Only the waiting text goes: "writing …" or the advisor's state stay.
    if (state.waitingText && el.status.textContent === state.waitingText) setText(el.status, '');
    state.waitingText = '';
    if (state.pendingTimer) clearTimeout(state.pendingTimer);
    state.pendingTimer = null;
    state.pendingDelay = 0;
  }

  function schedulePending(delay) {
    if (state.pendingTimer) clearTimeout(state.pendingTimer);
    state.pendingDelay = delay;
    state.pendingTimer = setTimeout(checkPending, delay);
  }

  function laterDelay() {
    return Math.min(Math.round((state.pendingDelay || PENDING_FIRST_MS) * 1.5), PENDING_MAX_MS);
  }

  // Asks the gateway to deliver what the user wrote while the assistant was away; keeps asking while
  // anything waits.
  async function checkPending() {
    state.pendingTimer = null;
    if (!state.user) return;
    if (state.busy) {
      // A message being sent now takes the waiting ones with it; ask again after.
      schedulePending(state.pendingDelay || PENDING_FIRST_MS);
      return;
    }
    var r = await api('POST', '/api/chat/pending', {});
    if (r.status === 401) { showLogin(r.error); return; }
    var data = r.data || {};
    if (typeof data.pending !== 'number') {
      // No word on the waiting messages (no connection, a fault): ask again later if any wait.
      if (state.waitingText) schedulePending(laterDelay());
      return;
    }
    var answers = Array.isArray(data.messages) ? data.messages : [];
    var waiting = data.pending;
    showAnswers(answers);
    if (waiting === 0) {
      var answeredElsewhere = state.waitingBubbles.length > 0 && !answers.length;
      stopWaiting();
      // Another tab's request delivered them and got the answers: the conversation has them.
      if (answeredElsewhere) loadHistory();
      return;
    }
    markAnswered(waiting);
    showWaiting(r.ok ? null : r.error);
    schedulePending(r.ok ? PENDING_FIRST_MS : laterDelay());
  }

  /* ---------- Views ---------- */

  function showLogin(errorText) {
    stopPolling();
    state.user = null;
    el.loading.hidden = true;
    el.userBar.hidden = true;
    el.chatSection.hidden = true;
    el.skip.hidden = true;
    el.privacySection.hidden = true;
    el.loginSection.hidden = false;
    setText(el.loginHeading, state.devLogin ? 'Log ind (udviklingstilstand)' : 'Log ind');
    el.loginForm.hidden = !state.devLogin;
    el.loginOff.hidden = state.devLogin || state.providers.length > 0;
    showProviders();
    setText(el.loginError, errorText || '');
    if (errorText && !state.devLogin) setText(el.appError, errorText);
  }

  function showProviders() {
    el.loginProviders.textContent = '';
    state.providers.forEach(function (provider) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.className = 'button';
      link.href = provider.url;
      link.textContent = provider.label_da;
      link.setAttribute('lang', 'da');
      item.appendChild(link);
      el.loginProviders.appendChild(item);
    });
    el.loginProviders.hidden = state.providers.length === 0;
  }

  function showChat(user) {
    stopPolling();
    state.user = user;
    if (state.lastUserId !== null && state.lastUserId !== user.id) el.input.value = '';
    state.lastUserId = user.id;
    el.loading.hidden = true;
    el.loginSection.hidden = true;
    setText(el.loginError, '');
    setText(el.appError, '');
    setText(el.error, '');
    setText(el.hint, '');
    var who = user.name || user.id;
    var role = ROLE_NAMES[user.role] || user.role || '';
    setText(el.userInfo, 'Logget ind som ' + who + (role ? ' (' + role + ')' : ''));
    el.advisorLink.hidden = user.role !== 'advisor';
    el.dpoLink.hidden = user.role !== 'dpo';
    el.insightLink.hidden = user.role !== 'manager' && user.role !== 'advisor';
    el.employerLink.hidden = user.role !== 'employer';
    el.userBar.hidden = false;
    el.privacyOpen.hidden = user.role !== 'citizen' && user.role !== 'employer';
    updateCounter();
    var history = loadHistory();
    if (state.privacySeen === false && !el.privacyOpen.hidden) {
      // First use: the notice comes before the first message; the chat opens when it has been read.
      showPrivacy(true);
    } else {
      el.chatSection.hidden = false;
      el.skip.hidden = false;
    }
    return history;
  }

  /* ---------- Privacy notice ---------- */

  function renderPrivacy() {
    var notice = state.privacyNotice && state.privacyNotice[state.privacyLanguage];
    if (!notice) return;
    el.privacySection.setAttribute('lang', state.privacyLanguage);
    setText(el.privacyHeading, notice.title);
    el.privacyBody.textContent = '';
    notice.sections.forEach(function (section) {
      el.privacyBody.appendChild(makeEl('h3', null, section.heading));
      var list = makeEl('ul');
      section.items.forEach(function (item) { list.appendChild(makeEl('li', null, item)); });
      el.privacyBody.appendChild(list);
    });
    var full = typeof notice.full_notice_url === 'string' ? safeHttpUrl(notice.full_notice_url) : null;
    el.privacyFull.hidden = !full;
    if (full) el.privacyFull.href = full;
    setText(el.privacyLanguage, state.privacyLanguage === 'da' ? 'Read in English' : 'Læs på dansk');
    el.privacyLanguage.setAttribute('lang', state.privacyLanguage === 'da' ? 'en' : 'da');
  }

  async function showPrivacy(firstTime) {
    state.privacyFirstTime = firstTime;
    el.privacyFirst.hidden = !firstTime;
    setText(el.privacyOk, firstTime ? 'Jeg har læst det – start chatten' : 'Luk');
    if (firstTime) {
      el.chatSection.hidden = true;
      el.skip.hidden = true;
    }
    if (!state.privacyNotice) {
      var r = await api('GET', '/api/privacy-notice');
      if (r.ok && r.data) state.privacyNotice = r.data;
    }
    renderPrivacy();
    el.privacySection.hidden = false;
    el.privacyOpen.setAttribute('aria-expanded', 'true');
    el.privacyHeading.focus();
  }

  async function closePrivacy() {
    if (state.privacyFirstTime) {
      var r = await api('POST', '/api/me/privacy-notice/seen', {});
      if (!r.ok) {
        setText(el.appError, r.error || 'Det kunne ikke gemmes lige nu. Prøv igen.');
        return;
      }
      state.privacySeen = true;
      state.privacyFirstTime = false;
    }
    el.privacySection.hidden = true;
    el.privacyOpen.setAttribute('aria-expanded', 'false');
    el.chatSection.hidden = false;
    el.skip.hidden = false;
    el.input.focus();
  }

  async function loadSession() {
    var r = await api('GET', '/api/session');
    if (!r.ok || !r.data) {
      el.loading.hidden = true;
      setText(el.appError, r.error || 'Siden kunne ikke kontakte serveren. Genindlæs siden for at prøve igen.');
      return;
    }
    state.devLogin = r.data.dev_login === true;
    state.providers = Array.isArray(r.data.login_providers) ? r.data.login_providers : [];
    state.privacySeen = r.data.privacy_notice_seen !== false;
    if (r.data.user) showChat(r.data.user);
    else showLogin(typeof r.data.notice === 'string' ? r.data.notice : null);
  }

  async function onLoginSubmit(event) {
    event.preventDefault();
    var id = el.loginId.value.trim();
    if (!id) {
      el.loginId.setAttribute('aria-invalid', 'true');
      setText(el.loginError, 'Skriv et id, for eksempel borger-1.');
      el.loginId.focus();
      return;
    }
    el.loginId.removeAttribute('aria-invalid');
    setText(el.loginError, '');
    var body = { role: el.loginRole.value, id: id };
    var name = el.loginName.value.trim();
    if (name) body.name = name;
    el.loginSubmit.disabled = true;
    var r = await api('POST', '/api/dev/login', body);
    el.loginSubmit.disabled = false;
    if (!r.ok || !r.data || !r.data.user) {
      var msg = r.status === 404 ? 'Udviklingslogin er slået fra.'
        : (r.error || 'Du kunne ikke logges ind. Prøv igen.');
      setText(el.loginError, msg);
      el.loginId.focus();
      return;
    }
    // The session says whether the privacy notice has been read; it comes first if not.
    await loadSession();
    if (!el.chatSection.hidden) el.input.focus();
  }

  async function onLogout() {
    el.logout.disabled = true;
    var r = await api('POST', '/api/logout');
    el.logout.disabled = false;
    if (!r.ok) {
      setText(el.error, r.error || 'Du kunne ikke logges ud. Prøv igen.');
      return;
    }
    if (r.data && typeof r.data.logout_url === 'string') {
      // Logged in through MitID or the staff login: that login is ended at the provider too.
      location.href = r.data.logout_url;
      return;
    }
    el.log.textContent = '';
    el.input.value = '';
    state.lastUserId = null;
    el.privacySection.hidden = true;
    showLogin();
    if (state.devLogin) el.loginId.focus();
    else el.loginHeading.focus();
  }

  /* ---------- Start ---------- */

  function init() {
    var ids = {
      loading: 'loading', appError: 'app-error', userBar: 'user-bar', userInfo: 'user-info',
      advisorLink: 'advisor-link', logout: 'logout', skip: 'skip-link', loginSection: 'login-section',
      dpoLink: 'dpo-link', insightLink: 'insight-link', employerLink: 'employer-link',
      loginHeading: 'login-heading', loginOff: 'login-off', loginForm: 'login-form',
      loginProviders: 'login-providers',
      privacySection: 'privacy-section', privacyHeading: 'privacy-heading', privacyFirst: 'privacy-first',
      privacyBody: 'privacy-body', privacyFull: 'privacy-full', privacyOk: 'privacy-ok',
      privacyLanguage: 'privacy-language', privacyOpen: 'privacy-open',
      loginRole: 'login-role', loginId: 'login-id', loginName: 'login-name',
      loginSubmit: 'login-submit', loginError: 'login-error', chatSection: 'chat-section',
      log: 'chat-log', status: 'chat-status', error: 'chat-error', chatForm: 'chat-form',
      input: 'chat-input', send: 'chat-send', counter: 'chat-counter', hint: 'chat-hint'
    };
    Object.keys(ids).forEach(function (key) { el[key] = $(ids[key]); });
    el.loginHeading.setAttribute('tabindex', '-1');
    el.input.setAttribute('maxlength', String(MAX_LENGTH));

    el.loginForm.addEventListener('submit', onLoginSubmit);
    el.logout.addEventListener('click', onLogout);
    el.privacyOpen.addEventListener('click', function () {
      if (el.privacySection.hidden) showPrivacy(false);
      else closePrivacy();
    });
    el.privacyOk.addEventListener('click', closePrivacy);
    el.privacyLanguage.addEventListener('click', function () {
      state.privacyLanguage = state.privacyLanguage === 'da' ? 'en' : 'da';
      renderPrivacy();
    });
    el.chatForm.addEventListener('submit', function (event) {
      event.preventDefault();
      submitChat();
    });
    el.input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        submitChat();
      }
    });
    el.input.addEventListener('input', function () {
      if (el.hint.textContent && el.input.value.trim()) setText(el.hint, '');
      updateCounter();
    });
    el.skip.addEventListener('click', function (event) {
      event.preventDefault();
      el.input.focus();
    });

    loadSession();
  }

  window.Jobassistent = { appendMessage: appendMessage };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
