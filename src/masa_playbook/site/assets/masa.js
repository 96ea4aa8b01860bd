/*
 * MaSa Playbook: sort and filter the campaign table in the browser.
 *
 * Tables marked data-masa-table sort by a click (or Enter) on a header; the
 * <select data-filter="..."> menus of a .masa-filters block hide the rows
 * whose data-* value differs. Filters can be preset from the address, e.g.
 * campaigns/?industry=automotive&year=2025. No dependencies, no requests.
 * Material replaces pages without a reload, so setup runs on every
 * document$ emission and marks what it has set up. It also names the
 * theme's search dialog for screen readers.
 */
(function () {
  "use strict";

  function cellKey(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? NaN : "";
    if (numeric) return parseFloat(cell.getAttribute("data-v"));
    return cell.textContent.trim().toLowerCase();
  }

  function compare(a, b, numeric) {
    if (numeric) {
      if (isNaN(a[0])) return isNaN(b[0]) ? a[1] - b[1] : 1;
      if (isNaN(b[0])) return -1;
    }
    if (a[0] < b[0]) return -1;
    if (a[0] > b[0]) return 1;
    return a[1] - b[1];
  }

  function setupSorting(table) {
    var body = table.tBodies[0];
    var headers = table.querySelectorAll("th[data-sort]");
    Array.prototype.forEach.call(headers, function (th, index) {
      function sort() {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        var numeric = th.getAttribute("data-sort") === "number";
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var keyed = Array.prototype.map.call(body.rows, function (row, i) {
          return [cellKey(row, index, numeric), i, row];
        });
        keyed.sort(function (a, b) {
          return ascending ? compare(a, b, numeric) : -compare(a, b, numeric);
        });
        var fragment = document.createDocumentFragment();
        keyed.forEach(function (entry) {
          fragment.appendChild(entry[2]);
        });
        body.appendChild(fragment);
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
  }

  function setupFilters(filters, table) {
    var selects = filters.querySelectorAll("select[data-filter]");
    var counter = filters.parentNode.querySelector(".masa-count");
    var template = counter ? counter.getAttribute("data-template") : "";
    var rows = table.tBodies[0].rows;
    var params = new URLSearchParams(window.location.search);

    function apply() {
      var wanted = [];
      Array.prototype.forEach.call(selects, function (select) {
        if (select.value) wanted.push([select.getAttribute("data-filter"), select.value]);
      });
      var shown = 0;
      Array.prototype.forEach.call(rows, function (row) {
        var visible = wanted.every(function (want) {
          var value = row.getAttribute("data-" + want[0]) || "";
          return want[0] === "channel" ? value.indexOf("|" + want[1] + "|") >= 0 : value === want[1];
        });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (counter) {
        counter.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(rows.length));
      }
    }

    Array.prototype.forEach.call(selects, function (select) {
      var preset = params.get(select.getAttribute("data-filter"));
      if (preset !== null && select.querySelector('option[value="' + CSS.escape(preset) + '"]')) {
        select.value = preset;
      }
      select.addEventListener("change", apply);
    });
    apply();
  }

  function nameSearchDialog() {
    // The theme's search dialog has no accessible name; give it the one of its input.
    var dialog = document.querySelector('.md-search[role="dialog"]:not([aria-label])');
    var input = dialog && dialog.querySelector("input[aria-label]");
    if (input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
  }

  function setup() {
    nameSearchDialog();
    Array.prototype.forEach.call(document.querySelectorAll("table[data-masa-table]"), function (table) {
      if (table.hasAttribute("data-masa-ready")) return;
      table.setAttribute("data-masa-ready", "");
      setupSorting(table);
      var filters = document.querySelector(".masa-filters");
      if (filters && table.classList.contains("masa-campaigns")) setupFilters(filters, table);
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
