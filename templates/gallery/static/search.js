// The gallery's search: every job of the build folder, from gallery/index.js (a row per job:
// c clinic, n clinic name, p procedure, t title, l language, w warnings, f failed,
// a approval, h its card, i the picture of its first page). A page opened from disk cannot
// fetch(), so the rows come as a script that sets window.HANDOUTKIT_INDEX; over HTTP,
// gallery/index.json is the fallback. Fifty results a page; the search and the page are kept
// in the address (#q=...&page=2), so Back returns to them. Without scripts the section stays
// hidden and the list of clinics below is the way in.
(function () {
  "use strict";
  var PER_PAGE = 50;
  var section = document.getElementById("findHandout");
  var form = document.getElementById("searchForm");
  var count = document.getElementById("resultCount");
  var list = document.getElementById("searchResults");
  var pager = document.getElementById("resultPages");
  var previous = document.getElementById("previousPage");
  var next = document.getElementById("nextPage");
  var pageNumber = document.getElementById("pageNumber");
  var FIELDS = ["q", "clinic", "procedure", "language", "approval", "warnings", "failed"];
  var APPROVAL = { approved: "Approved", changed: "Changed since approval", never: "Never approved" };
  var rows = [];
  var matches = [];
  var page = 0;
  var typing = null;
  var number = new Intl.NumberFormat("en-US");

  var languages = {};
  Array.prototype.forEach.call(form.elements.language.options, function (option) {
    if (option.value) languages[option.value] = { name: option.dataset.name, dir: option.dataset.dir };
  });
  var clinics = {};
  Array.prototype.forEach.call(form.elements.clinic.options, function (option) {
    if (option.value) clinics[option.value] = option.textContent;
  });

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  }

  function state() {
    var elements = form.elements;
    return {
      q: elements.q.value.trim(),
      clinic: elements.clinic.value,
      procedure: elements.procedure.value,
      language: elements.language.value,
      approval: elements.approval.value,
      warnings: elements.warnings.checked,
      failed: elements.failed.checked,
    };
  }

  function search() {
    var wanted = state();
    var words = fold(wanted.q).split(/\s+/).filter(Boolean);
    matches = rows.filter(function (row) {
      if (wanted.clinic && row.c !== wanted.clinic) return false;
      if (wanted.procedure && row.p !== wanted.procedure) return false;
      if (wanted.language && row.l !== wanted.language) return false;
      if (wanted.approval && row.a !== wanted.approval) return false;
      if (wanted.warnings && !row.w) return false;
      if (wanted.failed && !row.f) return false;
      for (var i = 0; i < words.length; i++) {
        if (row.text.indexOf(words[i]) < 0) return false;
      }
      return true;
    });
  }

  function badge(text, kind) {
    var span = document.createElement("span");
    span.className = "badge " + kind;
    span.textContent = text;
    return span;
  }

  function item(row) {
    var li = document.createElement("li");
    var language = languages[row.l] || { name: row.l, dir: "ltr" };
    if (row.f) li.className = "failed";
    if (row.i) {
      var image = document.createElement("img");
      image.loading = "lazy";
      image.decoding = "async";
      image.width = 84;
      image.height = 109;
      image.alt = "";  // the title next to it says what it is
      image.src = row.i;
      li.appendChild(image);
    } else {
      var none = document.createElement("span");
      none.className = "nopicture";
      li.appendChild(none);
    }
    var text = document.createElement("div");
    var title = document.createElement("p");
    title.className = "title";
    var link = document.createElement("a");
    link.href = row.h;
    link.lang = row.l;
    link.dir = language.dir || "ltr";
    link.textContent = row.t;
    title.appendChild(link);
    text.appendChild(title);
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.appendChild(document.createTextNode((row.n || clinics[row.c] || row.c) + " · " + row.p + " · "));
    var name = document.createElement("span");
    name.lang = row.l;
    name.dir = language.dir || "ltr";
    name.textContent = language.name;
    meta.appendChild(name);
    meta.appendChild(document.createTextNode(" (" + row.l + ")"));
    text.appendChild(meta);
    var badges = document.createElement("p");
    badges.className = "badges";
    if (row.f) badges.appendChild(badge("Failed", "failed"));
    if (row.w) badges.appendChild(badge(row.w + (row.w === 1 ? " warning" : " warnings"), "warnings"));
    if (APPROVAL[row.a]) badges.appendChild(badge(APPROVAL[row.a], row.a));
    if (badges.childNodes.length) text.appendChild(badges);
    li.appendChild(text);
    return li;
  }

  function show() {
    var pages = Math.max(1, Math.ceil(matches.length / PER_PAGE));
    page = Math.max(0, Math.min(page, pages - 1));
    var first = page * PER_PAGE;
    var shown = matches.slice(first, first + PER_PAGE);
    var items = document.createDocumentFragment();
    shown.forEach(function (row) { items.appendChild(item(row)); });
    list.replaceChildren(items);
    list.start = first + 1;
    count.textContent = number.format(matches.length) + " of " + number.format(rows.length) +
      (rows.length === 1 ? " handout" : " handouts") +
      (matches.length ? "" : ": none matches. Change or clear the search.");
    pager.hidden = pages < 2;
    pageNumber.textContent = "Page " + (page + 1) + " of " + number.format(pages) +
      (shown.length ? " (" + number.format(first + 1) + "–" + number.format(first + shown.length) + ")" : "");
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  function remember() {
    var wanted = state();
    var params = new URLSearchParams();
    FIELDS.forEach(function (field) {
      var value = wanted[field];
      if (value === true) params.set(field, "1");
      else if (value) params.set(field, value);
    });
    if (page) params.set("page", String(page + 1));
    var hash = params.toString();
    try {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    } catch (error) {
      // A browser that refuses (some do for pages opened from disk): the search still works.
    }
  }

  function update() {
    search();
    page = 0;
    show();
    remember();
  }

  // An address from before the gallery had a page per clinic (index.html#<card>,
  // index.html#<clinic>_<procedure>, index.html#<clinic>): go to that card or clinic.
  function oldAnchor(anchor) {
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var card = row.h.slice(row.h.indexOf("#") + 1);
      if (card === anchor || row.c + "_" + row.p === anchor) {
        location.replace(row.h.slice(0, row.h.indexOf("#") + 1) + anchor);
        return true;
      }
    }
    return false;
  }

  function restore() {
    var hash = location.hash.slice(1);
    if (!hash) return false;
    if (hash.indexOf("=") < 0) return oldAnchor(decodeURIComponent(hash));
    var params = new URLSearchParams(hash);
    FIELDS.forEach(function (field) {
      var element = form.elements[field];
      var value = params.get(field);
      if (value === null) return;
      if (element.type === "checkbox") element.checked = value === "1";
      else if (element.tagName !== "SELECT" || element.querySelector('option[value="' + CSS.escape(value) + '"]')) element.value = value;
    });
    page = Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1);
    return false;
  }

  function start(data) {
    rows = data.rows;
    rows.forEach(function (row) {
      row.text = fold([row.t, row.p, row.n, row.c, row.l].join(" "));
    });
    if (restore()) return;
    section.hidden = false;
    var wanted = page;
    search();
    page = wanted;
    show();
    form.addEventListener("input", function (event) {
      clearTimeout(typing);
      if (event.target.type === "search") typing = setTimeout(update, 200);
      else update();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      update();
    });
    form.addEventListener("reset", function () {
      clearTimeout(typing);
      setTimeout(update, 0);  // once the form has its first values again
    });
    function turn(step) {
      page += step;
      show();
      remember();
      list.focus();
    }
    previous.addEventListener("click", function () { turn(-1); });
    next.addEventListener("click", function () { turn(1); });
  }

  function fail() {
    section.hidden = false;
    form.hidden = true;
    count.textContent = "The search could not load its index (gallery/index.js). Every clinic is listed below.";
  }

  var data = window.HANDOUTKIT_INDEX;
  if (data && data.rows) {
    start(data);
  } else if (location.protocol !== "file:" && window.fetch) {
    fetch(section.dataset.index)
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(start, fail);
  } else {
    fail();
  }
})();
