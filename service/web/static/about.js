// "Om dokumenten": every document with its kind and period, its heading tree with the
// responsibility lines, and for documents with responsibility lines a matrix (sections ×
// bodies) as a real table, with a CSV download. Also fills the chat's document filter.
(function () {
  "use strict";

  var U = window.StyrdokUI;
  var t = U.t, el = U.el;

  function ownersLine(section) {
    if (!section.owners.length) return null;
    var names = section.owners.map(function (o) { return o.display; }).join(", ");
    return el("p", { class: "owners" }, el("span", { class: "owners-label", text: t("about.owners") + " " }), names);
  }

  function treeList(nodes, doc, level) {
    var list = el(level ? "ul" : "ol", { class: level ? "section-tree nested" : "section-tree" });
    nodes.forEach(function (n) {
      var li = el("li", { "data-section": n.id, "data-kind": n.kind },
        el("a", { href: U.viewUrl(doc.id, n.id), text: n.name || n.title || n.id }),
        ownersLine(n));
      if (n.children && n.children.length) li.appendChild(treeList(n.children, doc, level + 1));
      list.appendChild(li);
    });
    return list;
  }

  function tree(sections) {
    var nodes = {};
    var roots = [];
    sections.forEach(function (s) { nodes[s.id] = { id: s.id, kind: s.kind, name: s.name, title: s.title, owners: s.owners, children: [] }; });
    sections.forEach(function (s) {
      if (s.parent && nodes[s.parent] && s.parent !== s.id) nodes[s.parent].children.push(nodes[s.id]);
      else roots.push(nodes[s.id]);
    });
    return roots;
  }

  function bodyHeader(b) {
    return el("th", { scope: "col", class: "body-col" },
      el("abbr", { title: b.display, text: b.abbreviation }),
      el("span", { class: "visually-hidden", text: " " + b.display }));
  }

  function matrixTable(doc, m) {
    var head = el("tr", null, el("th", { scope: "col", class: "section-col", text: t("about.matrix_section") }));
    m.bodies.forEach(function (b) { head.appendChild(bodyHeader(b)); });
    var table = el("table", { class: "matrix", "data-document": doc.id },
      el("caption", { text: t("about.matrix_caption", { document: doc.title }) }),
      el("thead", null, head));
    var body = null;
    var group;
    m.rows.forEach(function (r) {
      if (!body || r.group !== group) {
        group = r.group;
        body = el("tbody");
        if (group) {
          body.appendChild(el("tr", { class: "group" },
            el("th", { scope: "rowgroup", colspan: m.bodies.length + 1, text: group })));
        }
        table.appendChild(body);
      }
      var tr = el("tr", { "data-section": r.section },
        el("th", { scope: "row" }, el("a", { href: U.viewUrl(doc.id, r.section), text: r.name })));
      m.bodies.forEach(function (b) {
        var cell = r.cells[b.abbreviation];
        var td = el("td", { "data-body": b.abbreviation });
        if (cell) {
          td.classList.add("owns");
          td.appendChild(el("span", { class: "dot", "aria-hidden": "true", text: "●" }));
          td.appendChild(el("span", { class: "visually-hidden", text: t("about.matrix_yes") }));
          if (cell.via.length) td.appendChild(el("span", { class: "via", text: " " + cell.via.join(", ") }));
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var total = el("tr", null, el("th", { scope: "row", text: t("about.matrix_total") }));
    m.bodies.forEach(function (b) { total.appendChild(el("td", { text: String(m.counts[b.abbreviation] || 0) })); });
    table.appendChild(el("tfoot", null, total));
    return table;
  }

  function matrixBlock(doc) {
    var box = el("div", { class: "matrix-box" }, el("p", { text: t("page.loading") }));
    var details = el("details", { class: "matrix-details", "data-document": doc.id },
      el("summary", { text: t("about.matrix_heading") }), box);
    var loaded = false;
    function load() {
      if (loaded) return;
      loaded = true;
      U.getJSON("/api/documents/" + encodeURIComponent(doc.id) + "/matrix").then(function (m) {
        box.textContent = "";
        box.appendChild(el("p", { class: "muted", text: t("about.matrix_intro") }));
        box.appendChild(el("div", {
          class: "table-wrap", role: "region", tabindex: "0",
          "aria-label": t("about.matrix_scroll", { document: doc.title })
        }, matrixTable(doc, m)));
        box.appendChild(el("p", { class: "matrix-links" },
          el("a", { href: "/matrix/" + encodeURIComponent(doc.id), class: "matrix-page-link", text: t("about.matrix_page") }),
          el("a", { href: doc.matrix_csv, download: true, class: "csv-link", text: t("about.matrix_csv") })));
      }).catch(function () { box.textContent = t("page.error_generic"); loaded = false; });
    }
    details.addEventListener("toggle", function () { if (details.open) load(); });
    return details;
  }

  function documentBlock(doc, sections) {
    var hid = "doc-" + doc.id;
    var box = el("section", { class: "doc", "data-document": doc.id, "aria-labelledby": hid },
      el("h3", { id: hid, text: doc.title }));
    var kind = doc.period ? t("about.kind_period", { kind: doc.kind, period: doc.period }) : doc.kind;
    box.appendChild(el("p", { class: "doc-kind", text: kind }));
    if (doc.adopted_by) box.appendChild(el("p", { text: t("about.adopted", { adopted_by: doc.adopted_by }) }));
    if (doc.default && state().documents.length > 1) box.appendChild(el("p", { class: "muted", text: t("about.default_document") }));
    box.appendChild(el("p", null, el("a", { href: doc.file, target: "_blank", rel: "noopener", text: t("about.open_file", { pages: doc.pages }) })));
    if (!sections.length) {
      box.appendChild(el("p", { class: "muted", text: t("about.no_structure") }));
      return box;
    }
    box.appendChild(el("details", { class: "tree-details", open: !!doc.default },
      el("summary", { text: t("about.headings") }),
      el("p", { class: "muted", text: t("about.sections_count", { sections: doc.sections, owned: doc.owned_sections }) }),
      treeList(tree(sections), doc, 0)));
    if (doc.matrix_csv) box.appendChild(matrixBlock(doc));
    return box;
  }

  function glossaryBlock(glossary) {
    var wrap = el("section", { class: "glossary-block", "aria-labelledby": "glossary-heading" },
      el("h3", { id: "glossary-heading", text: t("about.glossary") }),
      el("p", { class: "muted", text: t("about.glossary_note") }));
    var dl = el("dl", { class: "glossary" });
    (glossary || []).forEach(function (g) {
      var term = g.abbreviation || g.expansion;
      if (!term) return;
      var dd = el("dd", null, el("span", { text: g.display || g.expansion || "" }));
      if (g.note) dd.appendChild(el("span", { class: "note", text: " " + g.note }));
      if (!g.in_program) dd.appendChild(el("span", { class: "note", text: " " + t("about.not_in_program") }));
      dl.appendChild(el("div", { class: "glossary-row" }, el("dt", { text: term }), dd));
    });
    wrap.appendChild(dl);
    return wrap;
  }

  var current = null;
  function state() { return current; }

  function render(st) {
    current = st;
    var body = U.$("about-body");
    body.textContent = "";
    body.appendChild(el("p", { text: t("about.documents_intro", { count: st.documents.length }) }));
    st.documents.forEach(function (doc) {
      body.appendChild(documentBlock(doc, st.sectionsByDoc[doc.id] || []));
    });
    body.appendChild(glossaryBlock(st.glossary));
  }

  function fillFilter(select, documents, chosen) {
    select.textContent = "";
    select.appendChild(el("option", { value: "", text: t("page.filter_all") }));
    documents.forEach(function (d) {
      select.appendChild(el("option", { value: d.id, text: d.title, selected: d.id === chosen }));
    });
    if (chosen && select.value !== chosen) select.value = "";
  }

  window.StyrdokAbout = { render: render, fillFilter: fillFilter };
})();
