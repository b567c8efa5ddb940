// Styrdok chat page. Plain JS, no build step. All wording comes from the server
// (prompts/ui.toml); document text is only ever set with textContent, never as HTML.
(function () {
  "use strict";

  var U = window.StyrdokUI;
  var config = U.config;
  var t = U.t, el = U.el, getJSON = U.getJSON, viewUrl = U.viewUrl;
  var STORE_KEY = "styrdok.conversation";
  var SCOPE_KEY = "styrdok.scope";
  var MAX_HISTORY = 10;

  var $ = function (id) { return document.getElementById(id); };
  var form = $("ask-form");
  var input = $("fraga");
  var sendButton = $("send");
  var errorBox = $("fraga-error");
  var log = $("conversation");
  var statusBox = $("status");
  var starters = $("starters");
  var aboutPanel = $("about");
  var aboutToggle = $("about-toggle");
  var scopeSelect = $("dokument");
  var answerLive = $("answer-live");

  // sections: the default document's (starters); sectionsByDoc: every document's
  var state = { turns: [], sections: null, sectionsByDoc: {}, documents: null, glossary: null };

  function announce(text) {
    statusBox.textContent = "";
    window.setTimeout(function () { statusBox.textContent = text; }, 30);
  }

  // ---- documents, their sections and the glossary -----------------------------------------

  function sectionById(doc, id) {
    var docs = doc ? [doc] : Object.keys(state.sectionsByDoc);
    for (var d = 0; d < docs.length; d++) {
      var list = state.sectionsByDoc[docs[d]] || [];
      for (var i = 0; i < list.length; i++) if (list[i].id === id) return list[i];
    }
    return null;
  }

  function sectionName(s) {
    return s.name || s.title || s.id;
  }

  function shortSectionName(doc, id) {
    var s = sectionById(doc, id);
    if (!s) return id;
    return s.kind === "other" || !/^\d/.test(s.id) ? s.title || s.id : s.id;
  }

  function documentTitle(id) {
    var docs = state.documents || [];
    for (var i = 0; i < docs.length; i++) if (docs[i].id === id) return docs[i].title;
    return id;
  }

  function loadDocuments() {
    return Promise.all([getJSON("/api/documents"), getJSON("/api/glossary")]).then(function (res) {
      state.documents = res[0].documents;
      state.glossary = res[1];
      return Promise.all(state.documents.map(function (d) {
        return getJSON("/api/documents/" + encodeURIComponent(d.id) + "/sections").then(function (r) {
          state.sectionsByDoc[d.id] = r.sections;
        });
      })).then(function () {
        state.sections = state.sectionsByDoc[res[0].default] || [];
        var chosen = null;
        try { chosen = sessionStorage.getItem(SCOPE_KEY); } catch (e) { chosen = null; }
        window.StyrdokAbout.fillFilter(scopeSelect, state.documents, chosen);
        renderStarters();
        window.StyrdokAbout.render(state);
        rerenderCitations();
      });
    }).catch(function () {
      $("about-body").textContent = t("page.error_generic");
    });
  }

  scopeSelect.addEventListener("change", function () {
    try { sessionStorage.setItem(SCOPE_KEY, scopeSelect.value); } catch (e) { /* not kept */ }
  });

  // ---- starter questions, generated from the section tree and the glossary ---------------

  function pick(list) {
    return list.length ? list[Math.floor(Math.random() * list.length)] : null;
  }

  function lowerFirst(s) {
    return s ? s.charAt(0).toLowerCase() + s.slice(1) : s;
  }

  function renderStarters() {
    var list = $("starter-list");
    list.textContent = "";
    var sections = state.sections || [];
    var subGoals = sections.filter(function (s) { return s.kind === "sub_goal" && s.owners.length; });
    var focus = sections.filter(function (s) { return s.kind === "focus_area"; });
    var firstFocus = sections.indexOf(focus[0]);
    var others = sections.filter(function (s, i) { return s.kind === "other" && i > firstFocus; });
    var bodies = (state.glossary || []).filter(function (g) {
      return g.in_program && g.abbreviation && g.expansion && g.certain;
    });
    var questions = [];
    var sg = pick(subGoals);
    if (sg) questions.push(t("starters.owners", { id: sg.id }));
    var fa = pick(focus);
    if (fa) questions.push(t("starters.focus", { id: fa.id }));
    var body = pick(bodies);
    if (body) questions.push(t("starters.reverse", { name: body.expansion }));
    var other = pick(others);
    if (other) questions.push(t("starters.topic", { title: lowerFirst(other.title) }));
    questions.forEach(function (q) {
      list.appendChild(el("li", null, el("button", {
        type: "button", class: "starter", text: q,
        onclick: function () { input.value = q; submit(); }
      })));
    });
    updateStarters();
  }

  function updateStarters() {
    starters.hidden = state.turns.length > 0 || !$("starter-list").children.length;
  }

  // ---- the "Om dokumenten" panel (rendered by about.js) ------------------------------------

  function setAbout(open) {
    aboutPanel.hidden = !open;
    aboutToggle.setAttribute("aria-expanded", open ? "true" : "false");
    document.body.classList.toggle("about-open", open);
    if (open) {
      $("about-heading").setAttribute("tabindex", "-1");
      $("about-heading").focus();
    } else {
      aboutToggle.focus();
    }
  }

  aboutToggle.addEventListener("click", function () { setAbout(aboutPanel.hidden); });
  $("about-close").addEventListener("click", function () { setAbout(false); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && !aboutPanel.hidden) setAbout(false);
  });

  // ---- conversation -----------------------------------------------------------------------

  function citationLabel(c, manyDocuments) {
    var where;
    if (c.section && c.page) where = t("page.citation_section_page", { section: shortSectionName(c.document, c.section), page: c.page });
    else if (c.section) where = t("page.citation_section", { section: shortSectionName(c.document, c.section) });
    else if (c.page) where = t("page.citation_page", { page: c.page });
    else return t("page.citation_document", { document: c.document_title || documentTitle(c.document) });
    if (!manyDocuments) return where;
    return t("page.citation_in_document", { document: c.document_title || documentTitle(c.document), where: where });
  }

  function quotesText(quotes) {
    return quotes.map(function (q) { return t("page.citation_quote", { quote: q }); }).join(" ");
  }

  // one chip per (document, section, page); its link highlights every quote in the view
  function citationChip(c, manyDocuments) {
    var where = citationLabel(c, manyDocuments);
    var li = el("li", { class: "citation" });
    li.appendChild(el("a", {
      class: "chip", href: viewUrl(c.document, c.section, c.page, c.quotes), target: "_blank", rel: "noopener",
      "data-document": c.document, "data-section": c.section || "", "data-page": c.page || "",
      "data-quotes": c.quotes.length, title: c.quotes.join("\n"),
      "aria-label": t("page.citation_open", { where: where, quotes: quotesText(c.quotes) }), text: where
    }));
    if (c.page) {
      li.appendChild(el("a", {
        class: "chip-pdf", href: "/documents/" + encodeURIComponent(c.document) + "#page=" + c.page,
        target: "_blank", rel: "noopener", title: t("page.citation_pdf_label", { page: c.page }),
        text: t("page.citation_pdf", { page: c.page })
      }));
    }
    return li;
  }

  function manyDocuments(sources) {
    return sources.some(function (c) { return c.document !== sources[0].document; });
  }

  function defaultDocument() {
    var docs = state.documents || [];
    for (var i = 0; i < docs.length; i++) if (docs[i].default) return docs[i].id;
    return docs.length ? docs[0].id : "";
  }

  function renderSources(container, payload) {
    container.textContent = "";
    var sources = U.mergeCitations(payload.citations);
    if (sources.length) {
      container.appendChild(el("h3", { class: "sources-heading", text: t("page.sources") }));
      var ul = el("ul", { class: "chips" });
      var many = manyDocuments(sources);
      sources.forEach(function (c) { ul.appendChild(citationChip(c, many)); });
      container.appendChild(ul);
    }
    if (payload.abstained && payload.suggestions && payload.suggestions.length) {
      container.appendChild(el("p", { class: "suggestions-heading", text: t("page.suggestions") }));
      var sl = el("ul", { class: "suggestions" });
      payload.suggestions.forEach(function (id) {
        var s = sectionById(defaultDocument(), id) || sectionById(null, id);
        var doc = s ? s.document : defaultDocument();
        sl.appendChild(el("li", null, el("a", { href: viewUrl(doc, id), target: "_blank", rel: "noopener", text: s ? sectionName(s) : id })));
      });
      container.appendChild(sl);
    }
  }

  function rerenderCitations() {
    Array.prototype.forEach.call(log.querySelectorAll("li.assistant"), function (li) {
      if (li._payload) renderSources(li.querySelector(".sources"), li._payload);
    });
  }

  function plainText(payload) {
    var lines = [payload.answer];
    if (payload.citations && payload.citations.length) {
      lines.push("", t("page.sources") + ":");
      U.mergeCitations(payload.citations).forEach(function (c) {
        lines.push("– " + (c.document_title || documentTitle(c.document)) + ", " + citationLabel(c, false) + ": " + quotesText(c.quotes));
      });
    }
    return lines.join("\n");
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var ta = el("textarea", { class: "visually-hidden", readonly: true });
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      if (ok) resolve(); else reject(new Error("copy"));
    });
  }

  function feedbackBox(payload, question) {
    var box = el("div", { class: "feedback" });
    var prompt = el("p", { class: "feedback-prompt", text: t("page.feedback_prompt") });
    var rating = null;
    var comment = el("textarea", { id: "kommentar-" + payload.id, rows: 2, maxlength: 2000 });
    var sendFb = el("button", { type: "button", class: "secondary", text: t("page.feedback_send") });
    var result = el("p", { class: "feedback-result", role: "status" });
    var more = el("div", { class: "feedback-more", hidden: true },
      el("label", { for: "kommentar-" + payload.id, text: t("page.feedback_comment_label") }),
      comment,
      el("p", { class: "hint", text: t("page.feedback_notice") }),
      sendFb);
    function choose(value, button, other) {
      rating = value;
      button.setAttribute("aria-pressed", "true");
      other.setAttribute("aria-pressed", "false");
      more.hidden = false;
      comment.focus();
    }
    var up = el("button", { type: "button", class: "icon", "aria-pressed": "false", title: t("page.feedback_up_label"), text: t("page.feedback_up") });
    var down = el("button", { type: "button", class: "icon", "aria-pressed": "false", title: t("page.feedback_down_label"), text: t("page.feedback_down") });
    up.addEventListener("click", function () { choose("up", up, down); });
    down.addEventListener("click", function () { choose("down", down, up); });
    sendFb.addEventListener("click", function () {
      if (!rating) return;
      var answer = {};
      ["answer", "abstained", "mode", "citations"].forEach(function (k) { answer[k] = payload[k]; });
      fetch("/api/feedback", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ answer_id: payload.id, rating: rating, comment: comment.value || null, question: question, answer: answer })
      }).then(function (r) {
        if (!r.ok) throw new Error(String(r.status));
        more.hidden = true;
        up.disabled = true;
        down.disabled = true;
        result.textContent = t("page.feedback_thanks");
      }).catch(function () { result.textContent = t("page.feedback_failed"); });
    });
    prompt.id = "fb-" + payload.id;
    box.appendChild(el("div", { class: "feedback-row", role: "group", "aria-labelledby": prompt.id }, prompt, up, down));
    box.appendChild(more);
    box.appendChild(result);
    return box;
  }

  function userItem(text) {
    return el("li", { class: "msg user" },
      el("p", { class: "who", text: t("page.you") }),
      el("p", { class: "text", text: text }));
  }

  function assistantItem() {
    var li = el("li", { class: "msg assistant", "aria-busy": "true" });
    li.appendChild(el("p", { class: "who" }, el("span", { text: t("page.assistant") }), el("span", { class: "mode" })));
    li.appendChild(el("div", { class: "text answer-text", text: t("page.sending") }));
    li.appendChild(el("div", { class: "sources" }));
    li.appendChild(el("div", { class: "tools" }));
    return li;
  }

  function finishAssistant(li, payload, question) {
    li._payload = payload;
    li.setAttribute("data-answer-id", payload.id);
    li.setAttribute("data-mode", payload.mode);
    li.querySelector(".answer-text").textContent = payload.answer;
    li.querySelector(".mode").textContent = " · " + t("page.mode_" + payload.mode);
    renderSources(li.querySelector(".sources"), payload);
    var tools = li.querySelector(".tools");
    tools.textContent = "";
    var copy = el("button", { type: "button", class: "secondary copy", text: t("page.copy") });
    copy.addEventListener("click", function () {
      copyText(plainText(payload)).then(
        function () { announce(t("page.copied")); },
        function () { announce(t("page.copy_failed")); });
    });
    tools.appendChild(copy);
    tools.appendChild(feedbackBox(payload, question));
    li.setAttribute("aria-busy", "false");
  }

  // the conversation itself is not a live region (it would read every streamed piece);
  // the finished answer is read once from here
  function announceAnswer(text) {
    answerLive.textContent = t("page.answer_live", { answer: text });
  }

  function failAssistant(li, message) {
    li.classList.add("failed");
    li.querySelector(".answer-text").textContent = message;
    li.setAttribute("aria-busy", "false");
  }

  function save() {
    try {
      sessionStorage.setItem(STORE_KEY, JSON.stringify(state.turns));
    } catch (e) { /* storage full or disabled: the conversation simply is not kept */ }
  }

  function restore() {
    var turns = [];
    try { turns = JSON.parse(sessionStorage.getItem(STORE_KEY) || "[]"); } catch (e) { turns = []; }
    turns.forEach(function (turn) {
      state.turns.push(turn);
      log.appendChild(userItem(turn.question));
      var li = assistantItem();
      log.appendChild(li);
      finishAssistant(li, turn.payload, turn.question);
    });
    updateStarters();
  }

  function historyFor() {
    var h = [];
    state.turns.forEach(function (turn) {
      h.push({ role: "user", content: turn.question });
      h.push({ role: "assistant", content: turn.payload.answer });
    });
    return h.slice(-MAX_HISTORY);
  }

  function apiError(res) {
    return res.json().then(function (body) {
      return new Error(body && body.message ? body.message : t("page.error_generic"));
    }, function () { return new Error(t("page.error_generic")); });
  }

  // POST /api/ask/stream and read the server-sent events; resolves with the `done` payload
  function askStream(question, history, scope, onDelta) {
    return fetch("/api/ask/stream", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ question: question, history: history, documents: scope })
    }).then(function (res) {
      if (!res.ok) return apiError(res).then(function (e) { e.handled = true; throw e; });
      if (!res.body || !res.body.getReader) return res.text().then(parseAll);
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      var done = null;
      function handle(block) {
        var ev = parseEvent(block);
        if (!ev) return;
        if (ev.event === "delta") onDelta(ev.data.text);
        if (ev.event === "done") done = ev.data;
      }
      function pump() {
        return reader.read().then(function (r) {
          if (r.value) buffer += decoder.decode(r.value, { stream: !r.done });
          var i;
          while ((i = buffer.indexOf("\n\n")) >= 0) {
            handle(buffer.slice(0, i));
            buffer = buffer.slice(i + 2);
          }
          if (r.done) {
            if (buffer.trim()) handle(buffer);
            if (!done) throw new Error(t("page.error_generic"));
            return done;
          }
          return pump();
        });
      }
      return pump();
    });
    function parseAll(text) {
      var done = null;
      text.split("\n\n").forEach(function (block) {
        var ev = parseEvent(block);
        if (ev && ev.event === "done") done = ev.data;
      });
      if (!done) throw new Error(t("page.error_generic"));
      return done;
    }
  }

  function parseEvent(block) {
    var event = "message";
    var data = [];
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) event = line.slice(6).trim();
      else if (line.indexOf("data:") === 0) data.push(line.slice(5).replace(/^ /, ""));
    });
    if (!data.length) return null;
    try { return { event: event, data: JSON.parse(data.join("\n")) }; } catch (e) { return null; }
  }

  var busy = false;

  function submit() {
    var question = input.value.trim();
    errorBox.textContent = "";
    if (busy) return;
    if (!question) {
      errorBox.textContent = config.empty_question;
      input.focus();
      return;
    }
    busy = true;
    sendButton.disabled = true;
    var history = historyFor();
    var mine = userItem(question);
    log.appendChild(mine);
    var li = assistantItem();
    log.appendChild(li);
    starters.hidden = true;
    input.value = "";
    li.scrollIntoView({ block: "nearest" });
    var textBox = li.querySelector(".answer-text");
    var first = true;
    var scope = scopeSelect.value ? [scopeSelect.value] : null;
    askStream(question, history, scope, function (piece) {
      if (first) { textBox.textContent = ""; first = false; }
      textBox.textContent += piece;
    }).then(function (payload) {
      finishAssistant(li, payload, question);
      announceAnswer(payload.answer);
      state.turns.push({ question: question, payload: payload });
      save();
    }).catch(function (e) {
      if (e && e.handled) {
        // the service refused the question (too long, too many): say why at the field
        log.removeChild(li);
        log.removeChild(mine);
        errorBox.textContent = e.message;
        input.value = question;
      } else {
        failAssistant(li, t("page.error_network"));
        announceAnswer(t("page.error_network"));
      }
    }).then(function () {
      busy = false;
      sendButton.disabled = false;
      updateStarters();
      input.focus();
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
  });
  input.setAttribute("maxlength", String(config.max_question_chars + 1000));

  $("clear").addEventListener("click", function () {
    state.turns = [];
    save();
    log.textContent = "";
    errorBox.textContent = "";
    answerLive.textContent = "";
    renderStarters();
    announce(t("page.cleared"));
    input.focus();
  });

  restore();
  loadDocuments();
})();
