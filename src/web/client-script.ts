/**
 * The chat page's script (plain ES2017, no build step, no dependencies). It only calls
 * `api/chat`, so the page gives the same answers as every other channel — and, while a member of
 * staff has the conversation (a hand-off), polls `api/chat/updates` for their messages.
 *
 * Kept as a string because the TypeScript build copies nothing but compiled .ts into dist/.
 */
export const CHAT_CLIENT_JS = String.raw`(function () {
  'use strict';
  var STORAGE_KEY = 'mynapin.conversationId';
  var HANDOFF_KEY = 'mynapin.handoff';
  var POLL_MS = 3000;
  var SECRET_DIGITS = /[0-9\uFF10-\uFF19][0-9\uFF10-\uFF19\s\-\u2010-\u2015\u30FC\uFF0D]{2,}[0-9\uFF10-\uFF19]/g;

  if (/[?&]embed=1(&|$)/.test(location.search)) document.documentElement.classList.add('embedded');

  var transcript = document.getElementById('transcript');
  var chat = document.getElementById('chat');
  var form = document.getElementById('form');
  var input = document.getElementById('message');
  var sendButton = document.getElementById('send');
  var suggestions = document.getElementById('suggestions');
  var announcer = document.getElementById('announcer');
  var typing = document.getElementById('typing');
  var errorBox = document.getElementById('error');
  var langSelect = document.getElementById('lang');
  var pending = false;
  var answered = false;

  // The page's language: ?lang= (also set by the widget's data-lang), else the resident's last
  // choice in this tab, else Japanese. Every message carries it; a reply in another language (the
  // resident wrote in English) switches the page to that language.
  var LANG_KEY = 'mynapin.lang';
  var ui = {};
  var currentLang = 'ja';
  var langParam = /[?&]lang=([A-Za-z-]{2,20})/.exec(location.search);
  try { currentLang = (langParam && langParam[1].toLowerCase()) || sessionStorage.getItem(LANG_KEY) || 'ja'; } catch (e) { currentLang = (langParam && langParam[1].toLowerCase()) || 'ja'; }

  // Errors whose message is already written for the resident (not a network failure).
  function ourError(message) {
    var error = new Error(message);
    error.isOurs = true;
    return error;
  }

  function t(key, fallback) {
    return ui[key] || fallback;
  }

  function setText(id, text) {
    var el = document.getElementById(id);
    if (el && text) el.textContent = text;
  }

  function applyUi(lang, body) {
    ui = body.strings || {};
    currentLang = body.lang || lang;
    try { sessionStorage.setItem(LANG_KEY, currentLang); } catch (e) { /* no storage */ }
    document.documentElement.lang = ui.html_lang || 'ja';
    if (ui.page_title) document.title = ui.page_title;
    setText('title', ui.page_title);
    setText('skip-link', ui.skip_link);
    setText('privacy-note', ui.privacy_note);
    setText('conversation-heading', ui.conversation_heading);
    setText('typing-text', ui.typing);
    setText('message-label', ui.input_label);
    setText('send', ui.send);
    setText('send-hint', ui.send_hint);
    setText('lang-label', ui.language_label);
    if (ui.transcript_label) transcript.setAttribute('aria-label', ui.transcript_label);
    if (ui.suggestions_label) suggestions.setAttribute('aria-label', ui.suggestions_label);
    if (ui.input_placeholder) input.setAttribute('placeholder', ui.input_placeholder);
    if (!answered) {
      setText('greeting', ui.greeting);
      if (body.starters) showSuggestions(body.starters);
    }
    if (langSelect) {
      if (body.languages && body.languages.length) {
        langSelect.textContent = '';
        body.languages.forEach(function (l) {
          var option = document.createElement('option');
          option.value = l.lang;
          option.textContent = l.name;
          langSelect.appendChild(option);
        });
      }
      langSelect.value = currentLang;
    }
  }

  function loadUi(lang) {
    return fetch('api/chat/ui?lang=' + encodeURIComponent(lang), { cache: 'no-cache' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (body) { if (body) applyUi(lang, body); })
      .catch(function () { /* offline: the page keeps its current strings */ });
  }

  function randomId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join('');
  }

  // One conversation per tab. Storage can be unavailable (private mode, third-party iframe): then
  // the id simply lives as long as the page.
  var conversationId;
  try {
    conversationId = sessionStorage.getItem(STORAGE_KEY);
    if (!conversationId) {
      conversationId = randomId();
      sessionStorage.setItem(STORAGE_KEY, conversationId);
    }
  } catch (e) {
    conversationId = conversationId || randomId();
  }

  function scrollToEnd() {
    chat.scrollTop = chat.scrollHeight;
  }

  function addMessage(who, text, extraClass) {
    var item = document.createElement('li');
    item.className = 'msg msg-' + who + (extraClass ? ' ' + extraClass : '');
    var label = document.createElement('p');
    label.className = 'msg-who sr-only';
    label.textContent = who === 'user' ? t('user_label', 'あなた:') : who === 'staff' ? t('staff_label', '担当者:') : t('bot_label', 'チャットボット:');
    var bubble = document.createElement('p');
    bubble.className = 'bubble';
    bubble.textContent = text;
    item.appendChild(label);
    item.appendChild(bubble);
    transcript.appendChild(item);
    scrollToEnd();
    return bubble;
  }

  function showSuggestions(list) {
    suggestions.textContent = '';
    list.forEach(function (s) {
      var chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip';
      chip.textContent = s.label;
      chip.setAttribute('data-text', s.text);
      suggestions.appendChild(chip);
    });
  }

  // 「役に立った / 役に立たなかった」 under an answer (the server says which replies are answers). One
  // click per answer; the reply to it is shown like the bot's, with its suggestions.
  function addFeedback(bubble, intent) {
    var row = document.createElement('div');
    row.className = 'feedback';
    row.setAttribute('role', 'group');
    row.setAttribute('aria-label', t('feedback_helpful', '👍 役に立った') + ' / ' + t('feedback_not_helpful', '👎 役に立たなかった'));
    [true, false].forEach(function (helpful) {
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = helpful ? t('feedback_helpful', '👍 役に立った') : t('feedback_not_helpful', '👎 役に立たなかった');
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', function () { sendFeedback(row, button, intent, helpful); });
      row.appendChild(button);
    });
    bubble.parentNode.appendChild(row);
  }

  function sendFeedback(row, button, intent, helpful) {
    Array.prototype.forEach.call(row.querySelectorAll('button'), function (b) { b.disabled = true; });
    button.setAttribute('aria-pressed', 'true');
    fetch('api/chat/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: conversationId, intent: intent, helpful: helpful, lang: currentLang }),
    })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (body) {
        if (!body) return;
        addMessage('bot', body.reply);
        announcer.textContent = '';
        setTimeout(function () { announcer.textContent = t('announce_bot', 'チャットボットの回答: ') + body.reply; }, 50);
        if (body.suggestions && body.suggestions.length) showSuggestions(body.suggestions);
      })
      .catch(function () { /* offline: the click is lost, nothing the resident needs to redo */ });
  }

  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = !text;
  }

  function setPending(on) {
    pending = on;
    sendButton.disabled = on;
    typing.hidden = !on;
    chat.setAttribute('aria-busy', on ? 'true' : 'false');
    if (on) { chat.appendChild(typing); scrollToEnd(); }
  }

  function send(text) {
    text = text.replace(/^\s+|\s+$/g, '');
    if (!text || pending) return;
    showError('');
    var userBubble = addMessage('user', text);
    setPending(true);
    fetch('api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversationId: conversationId, text: text, lang: currentLang }),
    })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          if (res.status === 429) {
            var wait = res.headers.get('retry-after') || '10';
            throw ourError(t('error_rate_limited', 'メッセージが続けて送られたため、少しお待ちください（約{seconds}秒）。').replace('{seconds}', wait));
          }
          if (!res.ok) throw ourError(t('error_send', 'うまく送信できませんでした。時間をおいてもう一度お試しください。'));
          return body;
        });
      })
      .then(function (body) {
        // The bot already warned about the number; do not leave it on screen either.
        if (body.privacyWarning) userBubble.textContent = text.replace(SECRET_DIGITS, function (m) { return m.replace(/[^\s\-]/g, '●'); });
        answered = true;
        var botBubble = addMessage('bot', body.reply);
        if (body.feedback) addFeedback(botBubble, body.intent);
        if (body.lang && body.lang !== currentLang) loadUi(body.lang);
        // Answers can be long: show them from their first line (with the question above), not the end.
        chat.scrollTop = Math.max(0, userBubble.parentNode.offsetTop - 8);
        announcer.textContent = '';
        // A fresh text node each time makes screen readers announce repeated answers too.
        setTimeout(function () { announcer.textContent = t('announce_bot', 'チャットボットの回答: ') + body.reply; }, 50);
        showSuggestions(body.suggestions || []);
        if (body.handoff === 'open') startPolling();
      })
      .catch(function (err) {
        var message = err && err.isOurs
          ? err.message
          : t('error_network', '通信できませんでした。インターネット接続を確認して、もう一度お試しください。');
        showError(message);
        announcer.textContent = message;
      })
      .then(function () {
        setPending(false);
      });
  }

  // While staff have the conversation, their messages arrive through api/chat/updates.
  var polling = false;
  var pollTimer = null;

  function remember(open) {
    try {
      if (open) sessionStorage.setItem(HANDOFF_KEY, '1');
      else sessionStorage.removeItem(HANDOFF_KEY);
    } catch (e) { /* storage unavailable: polling lasts as long as the page */ }
  }

  function startPolling() {
    remember(true);
    if (polling) return;
    polling = true;
    schedule(POLL_MS);
  }

  function schedule(ms) {
    clearTimeout(pollTimer);
    pollTimer = setTimeout(poll, ms);
  }

  function poll() {
    fetch('api/chat/updates?conversationId=' + encodeURIComponent(conversationId), { cache: 'no-store' })
      .then(function (res) {
        if (res.status === 429) {
          schedule(1000 * (Number(res.headers.get('retry-after')) || 10));
          return null;
        }
        return res.ok ? res.json() : null;
      })
      .then(function (body) {
        if (!body) { if (polling) schedule(POLL_MS * 2); return; }
        (body.messages || []).forEach(function (m) {
          addMessage(m.from === 'staff' ? 'staff' : 'bot', m.text);
          announcer.textContent = '';
          setTimeout(function () { announcer.textContent = (m.from === 'staff' ? t('announce_staff', '担当者から: ') : t('announce_bot', 'チャットボット: ')) + m.text; }, 50);
          if (m.suggestions && m.suggestions.length) showSuggestions(m.suggestions);
        });
        if (body.handoff === 'open') schedule(POLL_MS);
        else { polling = false; remember(false); }
      })
      .catch(function () {
        // Offline for a moment: try again a little later.
        if (polling) schedule(POLL_MS * 3);
      });
  }

  try {
    if (sessionStorage.getItem(HANDOFF_KEY) === '1') startPolling();
  } catch (e) { /* no storage, nothing to resume */ }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.replace(/\s/g, '') || pending) { input.focus(); return; }
    input.value = '';
    autosize();
    send(text);
    input.focus();
  });

  input.addEventListener('keydown', function (event) {
    // Enter while an IME is converting (Japanese input) confirms the conversion; never send then.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      if (typeof form.requestSubmit === 'function') form.requestSubmit();
      else form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 3, 140) + 'px';
  }
  input.addEventListener('input', autosize);

  if (langSelect) {
    langSelect.addEventListener('change', function () {
      loadUi(langSelect.value);
    });
  }
  if (currentLang !== 'ja') loadUi(currentLang);
  else if (langSelect) langSelect.value = 'ja';

  suggestions.addEventListener('click', function (event) {
    var chip = event.target.closest('.chip');
    if (!chip) return;
    send(chip.getAttribute('data-text') || chip.textContent);
    // The chips are replaced by the answer's own: keep keyboard focus somewhere useful.
    input.focus();
  });
})();
`;
