/* qmsdoc static site: sortable and filterable tables, and the search page.
   No network: the search index is search-index.js beside the pages (loaded as a script so that
   pages opened from disk can use it). fold() must stay in step with qmsdoc/render/html/search.py. */
(function () {
  "use strict";

  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function cellText(row, column) {
    var cell = row.cells[column];
    return cell ? cell.textContent.trim() : "";
  }

  /* ------------------------------------------------------------------ sortable tables */
  function sortable(table) {
    var head = table.tHead;
    if (!head || !head.rows.length) return;
    var body = table.tBodies[0];
    Array.prototype.forEach.call(head.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(head.rows[0].cells, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = cellText(a, column).localeCompare(cellText(b, column), "vi",
                                                        {numeric: true});
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  /* ------------------------------------------------------------------ filtered tables */
  var filters = 0;
  function filterable(table) {
    var column = parseInt(table.getAttribute("data-filter-column"), 10);
    var body = table.tBodies[0];
    var values = {};
    Array.prototype.forEach.call(body.rows, function (row) {
      var v = cellText(row, column);
      if (v) values[v] = true;
    });
    var box = document.createElement("div");
    box.className = "filter";
    var label = document.createElement("label");
    var select = document.createElement("select");
    select.id = "filter-" + (++filters);
    label.htmlFor = select.id;
    label.textContent = table.getAttribute("data-filter-label");
    var all = document.createElement("option");
    all.value = "";
    all.textContent = table.getAttribute("data-filter-all");
    select.appendChild(all);
    Object.keys(values).sort(function (a, b) { return a.localeCompare(b, "vi"); })
      .forEach(function (v) {
        var option = document.createElement("option");
        option.value = v;
        option.textContent = v;
        select.appendChild(option);
      });
    select.addEventListener("change", function () {
      Array.prototype.forEach.call(body.rows, function (row) {
        row.hidden = select.value !== "" && cellText(row, column) !== select.value;
      });
    });
    box.appendChild(label);
    box.appendChild(select);
    var wrap = table.parentNode;
    wrap.parentNode.insertBefore(box, wrap);
  }

  /* --------------------------------------------------------------------------- search */
  function has(haystack, token) {
    return (" " + haystack).indexOf(" " + token) >= 0;
  }

  function search(index, query) {
    var q = fold(query).trim().replace(/\s+/g, " ");
    if (!q) return [];
    var tokens = q.split(" ");
    var found = [];
    index.forEach(function (e) {
      var codes = e.k.join(" ");
      var score = 0;
      if (e.k.indexOf(q) >= 0) score += 1000;  // the exact code: QT-10, 1.001193
      else if (has(codes, q)) score += 500;
      var inTitle = tokens.every(function (t) { return has(e.f, t) || has(codes, t); });
      if (!score && !inTitle && !tokens.every(function (t) {
        return has(e.f, t) || has(codes, t) || has(e.w, t);
      })) return;
      if (e.f.indexOf(q) >= 0) score += 100;  // the words as typed, in the title
      if (inTitle) score += 50;
      found.push({e: e, score: score});
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.e.r - b.e.r || a.e.f.length - b.e.f.length || a.e.o - b.e.o;
    });
    return found.map(function (x) { return x.e; });
  }

  function searchPage() {
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var input = document.getElementById("q");
    if (!list || !input) return;
    var index = window.QMSDOC_INDEX || [];
    function show() {
      var results = search(index, input.value);
      list.textContent = "";
      results.slice(0, 100).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.u;
        a.textContent = (e.c.length ? e.c[0] + " · " : "") + e.t;
        li.appendChild(a);
        list.appendChild(li);
      });
      var words = document.body.getAttribute("data-found") || "{n}";
      status.textContent = input.value.trim() ? words.replace("{n}", results.length) : "";
    }
    var params = new URLSearchParams(window.location.search);
    var q = params.get("q") || decodeURIComponent((window.location.hash.match(/q=([^&]*)/) || [
      "", ""])[1].replace(/\+/g, " "));
    input.value = q;
    input.addEventListener("input", show);
    input.form.addEventListener("submit", function (event) {
      event.preventDefault();
      show();
    });
    show();
  }

  window.qmsdocSearch = search;  // for the tests and the browser console
  window.qmsdocFold = fold;
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), sortable);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-filter-column]"),
                                 filterable);
    searchPage();
  });
})();
