// Styrdok page helpers shared by app.js (the chat) and about.js (the documents overview).
// All wording comes from the server (prompts/ui.toml); document text is only ever set with
// textContent, never as HTML.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("styrdok-config").textContent);
  var S = config.strings;

  function t(key, values) {
    var s = S[key] || key;
    if (!values) return s;
    return s.replace(/\{(\w+)\}/g, function (m, name) {
      return values[name] === undefined || values[name] === null ? m : String(values[name]);
    });
  }

  // el("a", {href: "…", class: "chip"}, "text", child, …): children are text or nodes
  function el(name, attrs) {
    var node = document.createElement(name);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "text") node.textContent = v;
        else if (k.indexOf("on") === 0) node.addEventListener(k.slice(2), v);
        else node.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return node;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }

  // /view/<doc>/<section>?page=N&q=…&q=…#citat: the section with every quote highlighted
  function viewUrl(doc, section, page, quotes) {
    var base = "/view/" + encodeURIComponent(doc);
    var params = [];
    if (section) base += "/" + encodeURIComponent(section);
    if (page) params.push("page=" + encodeURIComponent(page));
    (quotes || []).forEach(function (q) { params.push("q=" + encodeURIComponent(q)); });
    return base + (params.length ? "?" + params.join("&") : "") + (quotes && quotes.length ? "#citat" : "");
  }

  // citations of the same (document, section, page) become one source with all its quotes
  function mergeCitations(citations) {
    var out = [];
    var byKey = {};
    (citations || []).forEach(function (c) {
      var key = [c.document, c.section || "", c.page || ""].join("\u0000");
      var g = byKey[key];
      if (!g) {
        g = byKey[key] = {
          document: c.document, section: c.section, page: c.page,
          document_title: c.document_title, section_label: c.section_label, quotes: []
        };
        out.push(g);
      }
      if (c.quote && g.quotes.indexOf(c.quote) < 0) g.quotes.push(c.quote);
    });
    return out;
  }

  window.StyrdokUI = {
    config: config, t: t, el: el, getJSON: getJSON, viewUrl: viewUrl, mergeCitations: mergeCitations,
    $: function (id) { return document.getElementById(id); }
  };
})();
