/* Chat widget for the account-closure FAQ assistant. One script tag; settings from window.FaqChatSettings
   or the tag's data-* attributes. Everything lives in a shadow root; all text is set with textContent. */
(function () {
  "use strict";
  if (window.FaqChat) return; // loaded twice: the first copy keeps working, the second does nothing

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var given = window.FaqChatSettings || {};
  var scriptBase = script && script.src ? script.src.replace(/\/widget\/widget\.js(\?.*)?$/, "") : "";

  function pick(name, attr, fallback) {
    if (given[name] !== undefined) return given[name];
    if (data[attr] !== undefined) return data[attr];
    return fallback;
  }

  var apiBase = String(pick("apiBase", "apiBase", scriptBase)).replace(/\/$/, "");
  var settings = {
    apiBase: apiBase,
    title: pick("title", "title", ""),
    lang: pick("lang", "lang", "auto"),
    position: pick("position", "position", "right") === "left" ? "left" : "right",
    open: String(pick("open", "open", "false")) === "true",
    pollSeconds: Number(pick("pollSeconds", "pollSeconds", 10)) || 10
  };
  var lang = settings.lang === "zh" || settings.lang === "en" ? settings.lang
    : (navigator.language || "en").toLowerCase().indexOf("zh") === 0 ? "zh" : "en";

  var TEXT = {
    en: {
      title: "Closing your Binance account",
      launch: "Account closure help",
      open: "Account closure help: open the chat",
      close: "Close chat",
      conversation: "Conversation",
      intro: "Ask me about closing a Binance account: what to do first, withdrawing what is left, how long it takes, what is lost.",
      notice: "Answers come from two third-party articles, not from Binance. Check with Binance before you act.",
      label: "Your question",
      placeholder: "Type your question and press Enter",
      send: "Send",
      typing: "The assistant is typing",
      sending: "Sending to the support team",
      you: "You",
      bot: "Assistant",
      agent: "Support team (a person)",
      unread: "new reply from the support team",
      sources: "Sources",
      disagree: "The sources disagree: {t}",
      neither: "Neither source is Binance itself. Check with Binance before you act.",
      suggestions: "You could also ask",
      helpful: "Helpful",
      notHelpful: "Not helpful",
      thanks: "Thanks for your feedback.",
      comment: "What was missing? (optional)",
      sendComment: "Send feedback",
      person: "Talk to a person",
      handoffTitle: "Ask the support team",
      handoffMessage: "What do you need help with?",
      handoffContact: "E-mail or other contact (optional)",
      handoffSend: "Send to the team",
      cancel: "Cancel",
      needMessage: "Please say what you need help with.",
      withPerson: "A person from the support team will answer here.",
      wait: "They usually answer within {w}.",
      minutes: ["{n} minute", "{n} minutes"],
      hours: ["{n} hour", "{n} hours"],
      quiet: "The bot does not answer meanwhile.",
      askBot: "Ask the bot again",
      toPerson: "To the support team",
      personLabel: "Your message to the support team",
      personPlaceholder: "Write to the support team and press Enter",
      backToBot: "You are talking to the bot again. You can ask for a person at any time.",
      resolved: "The support team marked your request as resolved. The bot answers your questions again; you can ask for a person at any time.",
      returned: "The support team handed the conversation back to the bot. Ask anything about closing your account; you can ask for a person at any time.",
      offline: "The assistant could not be reached. Check your connection and try again.",
      busy: "You are sending messages quickly. Please wait {s} seconds, then try again.",
      failed: "Something went wrong: {m}",
      retry: "Try again"
    },
    zh: {
      title: "注销币安账户",
      launch: "注销帮助",
      open: "注销帮助：打开聊天",
      close: "关闭聊天",
      conversation: "对话",
      intro: "可以问我注销币安账户的问题：注销前要做什么、提取剩余资产、需要多久、会失去什么。",
      notice: "回答来自两篇第三方文章，并非币安官方。操作前请向币安核实。",
      label: "您的问题",
      placeholder: "输入问题后按回车发送",
      send: "发送",
      typing: "助手正在输入",
      sending: "正在发送给客服团队",
      you: "您",
      bot: "助手",
      agent: "客服团队（人工）",
      unread: "客服团队有新回复",
      sources: "来源",
      disagree: "来源说法不一致：{t}",
      neither: "两个来源都不是币安官方。操作前请向币安核实。",
      suggestions: "您还可以问",
      helpful: "有帮助",
      notHelpful: "没有帮助",
      thanks: "感谢您的反馈。",
      comment: "缺少什么？（可选）",
      sendComment: "提交反馈",
      person: "联系人工客服",
      handoffTitle: "联系客服团队",
      handoffMessage: "您需要什么帮助？",
      handoffContact: "邮箱或其他联系方式（可选）",
      handoffSend: "发送给客服",
      cancel: "取消",
      needMessage: "请说明您需要什么帮助。",
      withPerson: "客服人员会在这里回复您。",
      wait: "通常在{w}内回复。",
      minutes: ["{n}分钟", "{n}分钟"],
      hours: ["{n}小时", "{n}小时"],
      quiet: "等待期间机器人不会回答。",
      askBot: "重新询问机器人",
      toPerson: "发给客服团队",
      personLabel: "您给客服团队的留言",
      personPlaceholder: "输入给客服团队的留言后按回车发送",
      backToBot: "现在由机器人为您解答。您可以随时联系人工客服。",
      resolved: "客服团队已将您的请求标记为已解决。现在由机器人继续回答您的问题；您可以随时联系人工客服。",
      returned: "客服团队已将对话交回机器人。可以继续询问有关注销账户的问题；您可以随时联系人工客服。",
      offline: "无法连接助手。请检查网络后重试。",
      busy: "您发送得太快了。请等待 {s} 秒后重试。",
      failed: "出错了：{m}",
      retry: "重试"
    }
  }[lang];
  var title = settings.title || TEXT.title;
  var storeKey = "faqchat:v1:" + settings.apiBase;

  // ---- state, kept in sessionStorage so a reload keeps the conversation ---------------------------
  // mode: "bot" answers, or "person" after a hand-off (the user's messages go to the support team).
  var state = load();
  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(storeKey) || "null");
      if (saved && Array.isArray(saved.items)) {
        if (!saved.mode) saved.mode = saved.handedOff ? "person" : "bot";
        return saved;
      }
    } catch (e) { /* storage unavailable or corrupt: start afresh */ }
    return { sessionId: null, items: [], open: settings.open, draft: "", mode: "bot", wait: null, watch: false,
      lastSeen: null };
  }
  function save() {
    try { sessionStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode: keep in memory */ }
  }

  // ---- tiny DOM helpers: text only, never HTML ----------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "onclick") node.addEventListener("click", attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function fmt(template, values) {
    return template.replace(/\{(\w)\}/g, function (_, k) { return values[k]; });
  }
  function icon() {
    // A speech bubble, drawn here so that the widget needs no image file.
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6h2v2H7zm4 0h2v2h-2zm4 0h2v2h-2z");
    path.setAttribute("fill", "currentColor");
    path.setAttribute("fill-rule", "evenodd");
    svg.appendChild(path);
    return svg;
  }

  // ---- the shadow root and its parts --------------------------------------------------------------
  var host = el("div", { id: "faq-chat-widget" });
  var root = host.attachShadow({ mode: "open" });
  root.appendChild(el("link", { rel: "stylesheet", href: scriptBase + "/widget/widget.css" }));
  var launcher = el("button", { type: "button", class: "launcher " + settings.position, "aria-label": TEXT.open,
    "aria-expanded": "false", "aria-controls": "faq-panel" }, [icon(), el("span", { text: TEXT.launch })]);
  // Focusable, so that a long answer can be scrolled from the keyboard too.
  var log = el("div", { class: "log", role: "log", tabindex: "0", "aria-label": TEXT.conversation, "aria-live": "polite",
    "aria-relevant": "additions" });
  var typing = el("div", { class: "typing", role: "status", hidden: "" }, [el("span")]);
  var input = el("textarea", { id: "faq-input", rows: "2", placeholder: TEXT.placeholder, maxlength: "1000" });
  var inputLabel = el("label", { for: "faq-input", class: "sr-only", text: TEXT.label });
  var form = el("form", { class: "composer" }, [inputLabel, input,
    el("button", { type: "submit", class: "primary", text: TEXT.send })]);
  var personButton = el("button", { type: "button", class: "link", text: TEXT.person, onclick: function () { openHandoff(); } });
  var closeButton = el("button", { type: "button", class: "close", "aria-label": TEXT.close, text: "×",
    onclick: function () { setOpen(false); } });
  var waitText = el("p");
  var modeBar = el("div", { class: "with-person", role: "status", hidden: "" }, [waitText,
    el("button", { type: "button", text: TEXT.askBot, onclick: function () { askBotAgain(); } })]);
  var handoffArea = el("div", { class: "handoff-area" });
  // Shown before the first answer; each reply then carries the service's own wording, naming the sources.
  var notice = el("p", { class: "notice", text: TEXT.notice });
  var panel = el("div", { id: "faq-panel", class: "panel " + settings.position, role: "dialog", "aria-label": title, hidden: "" }, [
    el("div", { class: "head" }, [el("h2", { text: title }), closeButton]),
    el("div", { class: "bar" }, [notice, personButton]),
    log, typing, modeBar, handoffArea, form
  ]);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- rendering ----------------------------------------------------------------------------------
  function paragraphs(text, conflicts) {
    // The answer text repeats each conflict; the card shows it instead, so those paragraphs are left out.
    var summaries = (conflicts || []).map(function (c) { return c.summary; });
    var box = el("div", { class: "answer" });
    String(text).split(/\n{2,}/).forEach(function (block) {
      var lines = block.split("\n");
      if (summaries.some(function (s) { return lines[0].slice(-s.length) === s; })) return;
      var items = lines.filter(function (l) { return /^\s*(?:[-•*]|\d+[.)])\s+/.test(l); });
      var plain = lines.filter(function (l) { return items.indexOf(l) < 0; });
      if (plain.length) box.appendChild(el("p", { text: plain.join("\n") }));
      if (items.length) {
        box.appendChild(el("ul", {}, items.map(function (l) {
          return el("li", { text: l.replace(/^\s*(?:[-•*]|\d+[.)])\s+/, "") });
        })));
      }
    });
    return box;
  }

  function conflictCard(conflict) {
    // Said once: that the sources disagree and on what, then what each one says and where (one block per source).
    var sides = [];
    conflict.claims.forEach(function (claim) {
      var side = sides.filter(function (s) { return s.source === claim.source; })[0];
      if (!side) { side = { source: claim.source, name: claim.source_name, claims: [] }; sides.push(side); }
      side.claims.push(claim);
    });
    var heading = fmt(TEXT.disagree, { t: conflict.topic });
    return el("section", { class: "conflict", "aria-label": heading }, [
      el("h3", { text: heading }),
      el("ul", { class: "claims" }, sides.map(function (side) {
        return el("li", { class: "claim" }, [el("strong", { text: side.name })].concat(
          side.claims.map(function (claim) {
            return el("div", { class: "part" }, [el("small", { text: claim.section }), el("p", { text: claim.statement })]);
          })));
      })),
      el("p", { class: "neither", text: TEXT.neither })
    ]);
  }

  function feedbackRow(item) {
    var row = el("div", { class: "feedback" });
    if (item.feedback) {
      row.appendChild(el("span", { text: TEXT.thanks }));
      return row;
    }
    var comment = el("textarea", { rows: "2", "aria-label": TEXT.comment, placeholder: TEXT.comment, maxlength: "2000" });
    var more = el("div", { class: "comment", hidden: "" }, [comment,
      el("button", { type: "button", text: TEXT.sendComment, onclick: function () { sendFeedback(item, false, comment.value); } })]);
    row.appendChild(el("button", { type: "button", text: TEXT.helpful, onclick: function () { sendFeedback(item, true, ""); } }));
    row.appendChild(el("button", { type: "button", "aria-expanded": "false", text: TEXT.notHelpful, onclick: function (e) {
      more.hidden = false; e.currentTarget.setAttribute("aria-expanded", "true");
      reveal(more);
      comment.focus({ preventScroll: true });
    } }));
    row.appendChild(more);
    return row;
  }

  function renderItem(item) {
    if (item.role === "user") {
      var toPerson = item.to === "person";
      return el("div", { class: "msg user" + (toPerson ? " to-person" : "") }, [
        el("span", { class: "sr-only", text: TEXT.you + ": " }),
        toPerson ? el("small", { class: "to", text: TEXT.toPerson }) : null, el("p", { text: item.text })]);
    }
    if (item.role === "agent") {
      return el("div", { class: "msg agent" }, [el("strong", { text: TEXT.agent + (item.agent ? " · " + item.agent : "") }),
        el("p", { text: item.text })]);
    }
    if (item.role === "system") {
      return el("div", { class: "msg system" }, [el("p", { text: item.text })]);
    }
    if (item.role === "error") {
      return el("div", { class: "msg error", role: "alert" }, [el("p", { text: item.text }),
        el("button", { type: "button", class: "retry", text: TEXT.retry, onclick: function () { retry(item); } })]);
    }
    var reply = item.reply;
    if (reply.notice) notice.textContent = reply.notice;
    var box = el("div", { class: "msg bot" + (reply.fallback ? " declined" : "") },
      [el("span", { class: "sr-only", text: TEXT.bot + ": " }), paragraphs(reply.answer, reply.conflicts)]);
    (reply.conflicts || []).forEach(function (c) { box.appendChild(conflictCard(c)); });
    if (reply.sources && reply.sources.length) {
      box.appendChild(el("div", { class: "sources" }, [el("strong", { text: TEXT.sources + ": " }),
        el("ul", {}, reply.sources.map(function (s) { return el("li", { text: s.name + " — " + s.section }); }))]));
    }
    if (reply.fallback && state.mode !== "person") {
      box.appendChild(el("button", { type: "button", class: "primary person", text: TEXT.person, onclick: function () { openHandoff(); } }));
    }
    if (reply.suggestions && reply.suggestions.length) {
      box.appendChild(el("div", { class: "suggestions", role: "group", "aria-label": TEXT.suggestions },
        reply.suggestions.map(function (s) {
          return el("button", { type: "button", class: "suggestion", text: s, onclick: function () { ask(s); } });
        })));
    }
    if (!reply.fallback) box.appendChild(feedbackRow(item));
    return box;
  }

  // A new message is shown from its start: a long answer is read from the top, and what follows stays a scroll away.
  function show(node) {
    var room = log.clientHeight - 16;
    if (node.offsetHeight <= room) log.scrollTop = log.scrollHeight;
    else log.scrollTop = node.offsetTop - 8;
  }
  // ...and a part that opens inside a message (the comment box) is scrolled into view, no further.
  function reveal(node) {
    var top = node.getBoundingClientRect().top - log.getBoundingClientRect().top;
    var bottom = top + node.offsetHeight + 8;
    if (bottom > log.clientHeight) log.scrollTop += Math.min(bottom - log.clientHeight, top);
  }

  function renderAll() {
    log.textContent = "";
    log.appendChild(el("div", { class: "msg system" }, [el("p", { text: TEXT.intro })]));
    state.items.forEach(function (item) { log.appendChild(renderItem(item)); });
    if (log.lastChild) show(log.lastChild);
    renderMode();
  }

  function add(item) {
    state.items.push(item);
    save();
    var node = renderItem(item);
    log.appendChild(node);
    show(node);
  }

  function refresh() {
    save();
    renderAll();
  }

  function waitPhrase(minutes) {
    if (!minutes) return "";
    var hours = minutes >= 120, n = hours ? Math.round(minutes / 60) : minutes;
    var forms = hours ? TEXT.hours : TEXT.minutes;
    return " " + fmt(TEXT.wait, { w: fmt(forms[n === 1 ? 0 : 1], { n: n }) });
  }

  // While a person answers, the bar says so (and how long it usually takes), and offers the bot again.
  function renderMode() {
    var person = state.mode === "person";
    modeBar.hidden = !person;
    personButton.hidden = person;
    waitText.textContent = person ? TEXT.withPerson + waitPhrase(state.wait) + " " + TEXT.quiet : "";
    input.placeholder = person ? TEXT.personPlaceholder : TEXT.placeholder;
    inputLabel.textContent = person ? TEXT.personLabel : TEXT.label;
  }

  function setMode(mode, wait) {
    state.mode = mode;
    if (wait !== undefined) state.wait = wait;
    if (mode === "person") state.watch = true;
    save();
    renderMode();
    schedulePolling();
  }

  // ---- talking to the API -------------------------------------------------------------------------
  function api(path, body) {
    var options = body === undefined ? {} : {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    };
    return fetch(settings.apiBase + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (response.ok) return json;
        var error = new Error((json.error && json.error.message) || response.statusText);
        error.status = response.status;
        error.code = json.error && json.error.code;
        error.retryAfter = Number(response.headers.get("Retry-After")) || 30;
        throw error;
      });
    });
  }

  function problem(error) {
    if (error.status === 429) return fmt(TEXT.busy, { s: error.retryAfter });
    if (!error.status) return TEXT.offline;
    return fmt(TEXT.failed, { m: error.message });
  }

  function clearErrors() {
    var before = state.items.length;
    state.items = state.items.filter(function (i) { return i.role !== "error"; });
    if (state.items.length !== before) refresh();
  }

  var busy = false;
  function ask(text) {
    text = String(text || "").trim();
    if (!text || busy) return;
    clearErrors();
    busy = true;
    var person = state.mode === "person";
    var mine = { role: "user", text: text };
    if (person) mine.to = "person";
    add(mine);
    typing.firstChild.textContent = (person ? TEXT.sending : TEXT.typing) + "…";
    typing.hidden = false;
    var body = { message: text };
    if (state.sessionId) body.session_id = state.sessionId;
    api("/api/v1/chat", body).then(function (reply) {
      state.sessionId = reply.session_id;
      if (reply.mode === "person") {
        mine.id = reply.reply_id; // the message itself, as the conversation's messages name it
        if (!person) { mine.to = "person"; refresh(); }
        setMode("person", reply.usual_wait_minutes);
        return;
      }
      // The bot answered: a person's hand-off has ended since the last look; say how before the answer.
      return (person ? poll() : Promise.resolve()).then(function () {
        if (person && state.mode === "person") setMode("bot");
        if (person) { delete mine.to; refresh(); }
        add({ role: "bot", reply: reply, replyId: reply.reply_id });
        // Asking for a person is answered with the way to one: the form opens, no second click needed.
        if (reply.remark === "person" && state.mode !== "person") openHandoff();
      });
    }).catch(function (error) {
      if (error.code === "unknown_session") { state.sessionId = null; setMode("bot"); } // the service forgot us
      state.items.pop(); // the question goes back into the box, so nothing typed is lost
      if (!input.value.trim()) input.value = text;
      state.draft = input.value;
      refresh();
      add({ role: "error", text: problem(error), retryText: text });
    }).then(function () {
      busy = false;
      typing.hidden = true;
    });
  }

  function retry(item) {
    var text = item.retryText || input.value;
    if (item.retryText && input.value.trim() === item.retryText) input.value = "";
    ask(text);
  }

  function sendFeedback(item, helpful, comment) {
    var body = { reply_id: item.replyId, helpful: helpful };
    if (comment && comment.trim()) body.comment = comment.trim();
    api("/api/v1/feedback", body).then(function () {
      item.feedback = helpful ? "up" : "down";
      refresh();
    }).catch(function (error) {
      add({ role: "error", text: problem(error) });
    });
  }

  function askBotAgain() {
    if (!state.sessionId) { setMode("bot"); return; }
    api("/api/v1/handoff/return", { session_id: state.sessionId }).then(function () {
      setMode("bot");
      add({ role: "system", text: TEXT.backToBot });
      input.focus();
    }).catch(function (error) {
      add({ role: "error", text: problem(error) });
    });
  }

  function openHandoff(prefill) {
    setOpen(true);
    handoffArea.textContent = "";
    var message = el("textarea", { id: "faq-handoff-message", rows: "3", maxlength: "1000" });
    var contact = el("input", { id: "faq-handoff-contact", type: "text", maxlength: "200", autocomplete: "email" });
    var status = el("p", { class: "form-error", role: "alert" });
    message.value = (prefill && prefill.message) || "";
    contact.value = (prefill && prefill.contact) || "";
    var handoffForm = el("form", { class: "handoff", "aria-labelledby": "faq-handoff-title" }, [
      el("h3", { id: "faq-handoff-title", text: TEXT.handoffTitle }),
      el("label", { for: "faq-handoff-message", text: TEXT.handoffMessage }), message,
      el("label", { for: "faq-handoff-contact", text: TEXT.handoffContact }), contact, status,
      el("div", { class: "row" }, [
        el("button", { type: "submit", class: "primary", text: TEXT.handoffSend }),
        el("button", { type: "button", text: TEXT.cancel, onclick: function () { handoffArea.textContent = ""; input.focus(); } })
      ])
    ]);
    handoffForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = message.value.trim();
      if (!state.sessionId && !text) { status.textContent = TEXT.needMessage; message.focus(); return; }
      var draft = { message: text, contact: contact.value.trim() };
      var start = state.sessionId ? Promise.resolve() : api("/api/v1/chat", { message: text }).then(function (reply) {
        state.sessionId = reply.session_id;
        add({ role: "user", text: text });
        add({ role: "bot", reply: reply, replyId: reply.reply_id });
      });
      start.then(function () {
        var body = { session_id: state.sessionId };
        if (draft.message) body.message = draft.message;
        if (draft.contact) body.contact = draft.contact;
        return api("/api/v1/handoff", body);
      }).then(function (ticket) {
        handoffArea.textContent = "";
        if (draft.message && !state.items.some(function (i) { return i.role === "user" && i.text === draft.message; })) {
          add({ role: "user", text: draft.message, to: "person" });
        }
        add({ role: "system", text: ticket.next });
        setMode("person", ticket.usual_wait_minutes);
        input.focus();
        poll();
      }).catch(function (error) {
        status.textContent = problem(error); // the form stays filled in, ready to send again
      });
    });
    handoffArea.appendChild(handoffForm);
    message.focus();
  }

  // A person's replies, and the end of a hand-off, arrive through the session's messages: look for them while the
  // conversation is (or was, for a last reply) with a person.
  var pollTimer = null;
  function poll() {
    if (!state.sessionId || !state.watch) return Promise.resolve();
    var query = state.lastSeen ? "?after=" + encodeURIComponent(state.lastSeen) : "";
    return api("/api/v1/sessions/" + encodeURIComponent(state.sessionId) + "/messages" + query).then(function (result) {
      (result.messages || []).forEach(function (m) {
        if (!state.lastSeen || m.created > state.lastSeen) state.lastSeen = m.created;
        var seen = state.items.some(function (i) { return i.id === m.id; });
        if (m.role === "agent" && !seen) {
          add({ role: "agent", id: m.id, text: m.text, agent: m.agent });
          if (!state.open) markUnread(true);
        }
      });
      var ended = result.mode === "bot" && state.mode === "person";
      if (result.mode === "person") setMode("person", result.handoff.usual_wait_minutes);
      else if (ended) {
        var how = result.handoff && result.handoff.status;
        add({ role: "system", text: how === "resolved" ? TEXT.resolved : how === "returned" ? TEXT.returned : TEXT.backToBot });
        if (!state.open) markUnread(true);
        setMode("bot");
      }
      if (result.mode === "bot") { state.watch = false; schedulePolling(); }
      save();
    }).catch(function () { /* polling is best effort; the next tick tries again */ });
  }
  function schedulePolling() {
    clearInterval(pollTimer);
    if (state.watch) pollTimer = setInterval(poll, settings.pollSeconds * 1000);
  }
  function markUnread(unread) {
    state.unread = unread;
    save();
    launcher.classList.toggle("unread", unread);
    launcher.setAttribute("aria-label", unread ? TEXT.open + " (" + TEXT.unread + ")" : TEXT.open);
  }

  // ---- opening, closing, keyboard -----------------------------------------------------------------
  function setOpen(open) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.hidden = open;
    launcher.setAttribute("aria-expanded", String(open));
    if (open) {
      markUnread(false);
      if (log.lastChild) show(log.lastChild);
      input.focus();
      poll();
    } else {
      launcher.focus();
    }
  }

  launcher.addEventListener("click", function () { setOpen(true); });
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { event.preventDefault(); setOpen(false); return; }
    if (event.key !== "Tab") return;
    // Tab cycles inside the open panel, so the suggestions above the text box are reachable both ways.
    var stops = Array.prototype.filter.call(panel.querySelectorAll("button, textarea, input, [tabindex='0']"), function (n) {
      return !n.disabled && n.offsetParent !== null;
    });
    var first = stops[0], last = stops[stops.length - 1], at = root.activeElement;
    if (!event.shiftKey && at === last) { event.preventDefault(); first.focus(); }
    else if (event.shiftKey && at === first) { event.preventDefault(); last.focus(); }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit"));
    }
  });
  input.addEventListener("input", function () { state.draft = input.value; save(); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (!text.trim() || busy) return;
    input.value = "";
    state.draft = "";
    ask(text);
  });

  function mount() {
    document.body.appendChild(host);
    input.value = state.draft || "";
    if (state.handedOff && state.watch === undefined) state.watch = true; // saved by an earlier version
    renderAll();
    if (state.unread) markUnread(true);
    if (state.open) setOpen(true);
    else poll();
    schedulePolling();
  }
  window.FaqChat = {
    open: function () { setOpen(true); },
    close: function () { setOpen(false); },
    ask: function (text) { setOpen(true); ask(text); },
    settings: settings,
    lang: lang
  };
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
