// Styrdok widget: <script src="https://host/widget.js" data-api="https://host" data-title="…"></script>
// Adds a floating button and a chat panel inside a shadow DOM, so neither the page's CSS nor ours
// leaks across. Wording comes from the API (GET /api/ui-strings); answers are set as text only.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__styrdokWidget) return;
  window.__styrdokWidget = true;
  var api = (script.getAttribute("data-api") || new URL(script.src, location.href).origin).replace(/\/+$/, "");
  var titleOverride = script.getAttribute("data-title");
  var MAX_HISTORY = 10;

  var CSS = [
    ":host { all: initial; }",
    ".root { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif; font-size: 16px; line-height: 1.45; color: #1b1b1b; }",
    "*, *::before, *::after { box-sizing: border-box; }",
    ":focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }",
    "button { font: inherit; cursor: pointer; border-radius: 6px; min-height: 44px; padding: 0.45rem 0.9rem; border: 2px solid #0a4f8a; }",
    ".launcher { background: #0a4f8a; color: #fff; border-radius: 999px; padding: 0.6rem 1.1rem; box-shadow: 0 2px 10px rgba(0,0,0,.25); font-weight: 600; }",
    ".panel { position: absolute; right: 0; bottom: 3.75rem; width: min(24rem, calc(100vw - 2rem)); height: min(34rem, calc(100vh - 6rem)); display: flex; flex-direction: column; background: #fff; border: 1px solid #c9d1d9; border-radius: 12px; box-shadow: 0 6px 24px rgba(0,0,0,.25); overflow: hidden; }",
    ".panel[hidden] { display: none; }",
    ".head { display: flex; align-items: center; justify-content: space-between; gap: .5rem; padding: .5rem .75rem; background: #f4f6f8; border-bottom: 1px solid #c9d1d9; }",
    ".head h2 { font-size: 1.05rem; margin: 0; }",
    ".close { background: #fff; color: #0a4f8a; }",
    ".log { list-style: none; margin: 0; padding: .75rem; flex: 1 1 auto; overflow-y: auto; }",
    ".msg { margin: 0 0 .75rem; padding: .5rem .75rem; border-radius: 10px; border: 1px solid #c9d1d9; }",
    ".msg.user { background: #e8f1fa; border-color: #e8f1fa; margin-left: 1.5rem; }",
    ".who { margin: 0 0 .2rem; font-weight: 700; font-size: .85rem; }",
    ".text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }",
    ".chips { list-style: none; margin: .5rem 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem; }",
    ".chip { display: inline-block; padding: .15rem .6rem; border-radius: 999px; border: 1px solid #0a4f8a; background: #e8f1fa; color: #0a4f8a; text-decoration: none; font-size: .9rem; }",
    ".chip:hover { text-decoration: underline; }",
    ".error { color: #a4161a; font-weight: 600; margin: 0; padding: 0 .75rem; }",
    ".error:empty { display: none; }",
    "form { display: flex; flex-direction: column; gap: .25rem; padding: .5rem .75rem .75rem; border-top: 1px solid #c9d1d9; }",
    "label { font-weight: 700; font-size: .9rem; }",
    ".row { display: flex; gap: .5rem; }",
    "textarea { flex: 1 1 auto; min-width: 0; font: inherit; resize: none; min-height: 44px; padding: .4rem; border: 2px solid #4a4a4a; border-radius: 6px; color: #1b1b1b; background: #fff; }",
    ".send { background: #0a4f8a; color: #fff; }",
    ".send:disabled { opacity: .6; }",
    ".sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }"
  ].join("\n");

  var S = {};
  var names = {};  // "document/section" -> short name, for "other" sections without a number
  var turns = [];
  var busy = false;

  function t(key, values) {
    var s = S[key] || "";
    return values ? s.replace(/\{(\w+)\}/g, function (m, n) { return values[n] === undefined || values[n] === null ? m : String(values[n]); }) : s;
  }

  function el(name, attrs) {
    var node = document.createElement(name);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) node.appendChild(arguments[i]);
    return node;
  }

  function viewUrl(c) {
    var url = api + "/view/" + encodeURIComponent(c.document);
    if (c.section) url += "/" + encodeURIComponent(c.section);
    var params = [];
    if (c.page) params.push("page=" + encodeURIComponent(c.page));
    c.quotes.forEach(function (q) { params.push("q=" + encodeURIComponent(q)); });
    return url + (params.length ? "?" + params.join("&") : "") + (c.quotes.length ? "#citat" : "");
  }

  // citations of the same (document, section, page) become one chip with all its quotes
  function merge(citations) {
    var out = [], byKey = {};
    (citations || []).forEach(function (c) {
      var key = [c.document, c.section || "", c.page || ""].join("\u0000");
      var g = byKey[key];
      if (!g) { g = byKey[key] = { document: c.document, section: c.section, page: c.page, quotes: [] }; out.push(g); }
      if (c.quote && g.quotes.indexOf(c.quote) < 0) g.quotes.push(c.quote);
    });
    return out;
  }

  function citationText(c) {
    var section = c.section ? names[c.document + "/" + c.section] || c.section : null;
    if (section && c.page) return t("page.citation_section_page", { section: section, page: c.page });
    if (section) return t("page.citation_section", { section: section });
    if (c.page) return t("page.citation_page", { page: c.page });
    return t("page.citation_document", { document: c.document });
  }

  function build() {
    var host = el("div", { "data-styrdok-widget": true });
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("style", { text: CSS }));
    var title = titleOverride || t("widget.title");
    var wrap = el("div", { class: "root" });
    var launcher = el("button", { type: "button", class: "launcher", "aria-expanded": "false", "aria-controls": "styrdok-panel", text: t("widget.open") });
    var panel = el("section", { id: "styrdok-panel", class: "panel", role: "dialog", "aria-labelledby": "styrdok-title", hidden: true });
    var close = el("button", { type: "button", class: "close", "aria-label": t("widget.close"), text: "×" });
    // the log is a plain list; the finished answer is read once from the live region below
    var log = el("ol", { class: "log", "aria-label": t("page.conversation_label") });
    var live = el("p", { class: "sr", "aria-live": "polite", "aria-atomic": "true" });
    var input = el("textarea", { id: "styrdok-q", rows: 2, "aria-describedby": "styrdok-err" });
    var send = el("button", { type: "submit", class: "send", text: t("page.send") });
    var error = el("p", { id: "styrdok-err", class: "error", role: "alert" });
    var form = el("form", { novalidate: true },
      el("label", { for: "styrdok-q", text: t("page.question_label") }),
      el("div", { class: "row" }, input, send));
    panel.appendChild(el("div", { class: "head" }, el("h2", { id: "styrdok-title", text: title }), close));
    panel.appendChild(log);
    panel.appendChild(error);
    panel.appendChild(form);
    panel.appendChild(el("p", { class: "sr", text: S.__privacy || "" }));
    panel.appendChild(live);
    wrap.appendChild(panel);
    wrap.appendChild(launcher);
    root.appendChild(wrap);

    function setOpen(open) {
      panel.hidden = !open;
      launcher.setAttribute("aria-expanded", open ? "true" : "false");
      launcher.textContent = open ? t("widget.close") : t("widget.open");
      if (open) input.focus(); else launcher.focus();
    }
    launcher.addEventListener("click", function () { setOpen(panel.hidden); });
    close.addEventListener("click", function () { setOpen(false); });
    panel.addEventListener("keydown", function (e) { if (e.key === "Escape") setOpen(false); });

    function message(cls, who, text) {
      var li = el("li", { class: "msg " + cls }, el("p", { class: "who", text: who }), el("p", { class: "text", text: text }));
      log.appendChild(li);
      li.scrollIntoView({ block: "nearest" });
      return li;
    }

    function ask() {
      var q = input.value.trim();
      error.textContent = "";
      if (busy) return;
      if (!q) { error.textContent = S.__empty || ""; return; }
      busy = true;
      send.disabled = true;
      var history = [];
      turns.forEach(function (turn) {
        history.push({ role: "user", content: turn.q });
        history.push({ role: "assistant", content: turn.a });
      });
      message("user", t("page.you"), q);
      var li = message("assistant", t("page.assistant"), t("page.sending"));
      li.setAttribute("aria-busy", "true");
      input.value = "";
      fetch(api + "/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question: q, history: history.slice(-MAX_HISTORY) })
      }).then(function (res) {
        return res.json().then(function (body) {
          if (!res.ok) { var e = new Error(body && body.message ? body.message : t("page.error_generic")); e.handled = true; throw e; }
          return body;
        });
      }).then(function (p) {
        li.querySelector(".text").textContent = p.answer;
        li.setAttribute("data-answer-id", p.id);
        var sources = merge(p.citations);
        if (sources.length) {
          var ul = el("ul", { class: "chips", "aria-label": t("page.sources") });
          sources.forEach(function (c) {
            var where = citationText(c);
            var quotes = c.quotes.map(function (q) { return t("page.citation_quote", { quote: q }); }).join(" ");
            ul.appendChild(el("li", null, el("a", {
              class: "chip", href: viewUrl(c), target: "_blank", rel: "noopener", title: c.quotes.join("\n"),
              "data-quotes": c.quotes.length,
              "aria-label": t("page.citation_open", { where: where, quotes: quotes }), text: where
            })));
          });
          li.appendChild(ul);
        }
        live.textContent = t("page.answer_live", { answer: p.answer });
        turns.push({ q: q, a: p.answer });
      }).catch(function (e) {
        li.querySelector(".text").textContent = e && e.handled ? e.message : t("page.error_network");
        live.textContent = li.querySelector(".text").textContent;
      }).then(function () {
        li.setAttribute("aria-busy", "false");
        busy = false;
        send.disabled = false;
        input.focus();
      });
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); ask(); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); ask(); }
    });
  }

  function start() {
    fetch(api + "/api/ui-strings").then(function (r) { return r.json(); }).then(function (cfg) {
      S = cfg.strings || {};
      S.__privacy = cfg.privacy;
      S.__empty = cfg.empty_question;
      build();
      return fetch(api + "/api/documents").then(function (r) { return r.json(); }).then(function (data) {
        return Promise.all((data.documents || []).map(function (d) {
          return fetch(api + "/api/documents/" + encodeURIComponent(d.id) + "/sections")
            .then(function (r) { return r.json(); })
            .then(function (body) {
              (body.sections || []).forEach(function (s) {
                names[s.document + "/" + s.id] = s.kind === "other" || !/^\d/.test(s.id) ? s.title || s.id : s.id;
              });
            });
        }));
      });
    }).catch(function () { /* the service is unreachable: add nothing to the page */ });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
