/*
 * MaSa Playbook charts.
 *
 * Draws every <figure class="masa-chart" data-chart="KIND"> with Observable
 * Plot (vendored next to this file together with d3, and loaded only on pages
 * that have a chart). The numbers come
 * from the figure's <script type="application/json"> data island, written at
 * build time next to an HTML table holding the same numbers; the drawing
 * replaces the figure's "this chart needs JavaScript" note. On campaign pages
 * the figures of a block share one island (and one note) instead: a sibling
 * <script> of the figures holding {"format": ..., "charts": {KIND: data}}.
 *
 * Numbers on the axes and in tooltips are written with the symbols the build
 * puts into each data island as "format" (masa_playbook.numbers, CLDR): the
 * charts write 1,200 and 50% (English) or 1.200 and 50 % (German) exactly as
 * the tables and pages do, with no number table of their own. Dates are the
 * browser's short form for the figure's language.
 *
 * Runs on Material's document$ observable when present (so instant navigation
 * draws the charts of every new page), otherwise once the document is loaded.
 * Colours are CSS variables (see masa-charts.css) and currentColor, so charts
 * follow the light and the dark ("slate") scheme without being redrawn.
 *
 * No network access: nothing here fetches anything.
 */
(function () {
  "use strict";

  var BG = "var(--md-default-bg-color, white)";

  function day(iso) {
    var p = iso.split("-");
    return new Date(Date.UTC(+p[0], +p[1] - 1, +p[2]));
  }

  function marginFor(labels) {
    var longest = labels.reduce(function (n, s) { return Math.max(n, String(s).length); }, 0);
    return Math.max(50, Math.min(260, 12 + 6 * longest));
  }

  // Digits in groups, as the locale's pattern says ([3, 3]: 1,234,567).
  function grouped(digits, spec) {
    var size = spec.grouping[0], parts = [];
    while (digits.length > size) {
      parts.unshift(digits.slice(-size));
      digits = digits.slice(0, -size);
      size = spec.grouping[1];
    }
    parts.unshift(digits);
    return parts.join(spec.group);
  }

  // Numbers with the build's symbols (spec: numbers.chart_number_format), at
  // most spec.decimals decimals with trailing zeros dropped, rounded half away
  // from zero as masa_playbook.numbers does; dates in the figure's language.
  function formats(spec, locale) {
    var date = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
    function number(v, decimals) {
      if (v == null || isNaN(v)) return "";
      if (!spec) return String(v);
      var sign = v < 0 ? spec.minus : "";
      if (!isFinite(v)) return sign + spec.infinity;
      var fixed = Math.abs(v).toFixed(decimals == null ? spec.decimals : decimals).split(".");
      var fraction = (fixed[1] || "").replace(/0+$/, "");
      if (!/[1-9]/.test(fixed[0] + fraction)) sign = "";
      return sign + grouped(fixed[0], spec) + (fraction ? spec.decimal + fraction : "");
    }
    return {
      number: function (v) { return number(v); },
      amount: function (v) { return number(v, spec ? spec.amount_decimals : 0); },
      integer: function (v) { return Number.isInteger(v) ? number(v) : ""; },
      // v is a percentage (50 for 50%), as the bar charts draw them.
      percent: function (v) {
        if (v == null || isNaN(v)) return "";
        return spec ? spec.percent[0] + number(v, 0) + spec.percent[1] : String(v) + "%";
      },
      date: function (v) { return v == null ? "" : date.format(v); }
    };
  }

  var renderers = {
    timeline: function (d, width, fmt) {
      var tasks = d.tasks.map(function (t) { return Object.assign({}, t, { date: day(t.due) }); });
      var spans = d.rows.map(function (owner) {
        var own = tasks.filter(function (t) { return t.owner === owner; }).map(function (t) { return t.date; });
        return { owner: owner, start: new Date(Math.min.apply(null, own)), end: new Date(Math.max.apply(null, own)) };
      });
      var color = { done: "currentColor", open: "currentColor", overdue: "var(--masa-failure)" };
      var marks = [
        Plot.barX(spans, { x1: "start", x2: "end", y: "owner", fill: "currentColor", fillOpacity: 0.08, insetTop: 8, insetBottom: 8 }),
        Plot.dot(tasks, {
          x: "date", y: "owner", r: 5, strokeWidth: 2,
          stroke: function (t) { return color[t.state]; },
          fill: function (t) { return t.state === "done" ? "currentColor" : BG; },
          channels: { task: { value: "task", label: d.labels.task }, state: { value: "state_label", label: d.labels.status } },
          tip: { format: { fill: false, stroke: false, y: true, x: fmt.date } }
        })
      ];
      if (d.today) {
        marks.unshift(Plot.ruleX([day(d.today)], { stroke: "var(--masa-failure)", strokeDasharray: "4,3" }));
        marks.push(Plot.text([day(d.today)], { x: function (v) { return v; }, frameAnchor: "top", dy: -4, text: function () { return d.labels.today; }, fill: "var(--masa-failure)" }));
      }
      return Plot.plot({
        width: width, height: 50 + 36 * d.rows.length, marginLeft: marginFor(d.rows), marginTop: 24,
        x: { type: "utc", domain: [day(d.domain[0]), day(d.domain[1])], label: d.labels.x, grid: true, inset: 10, tickFormat: fmt.date },
        y: { domain: d.rows, label: null },
        marks: marks
      });
    },

    goals: function (d, width, fmt) {
      var rows = d.goals.map(function (g) {
        return Object.assign({}, g, { pct: g.share == null ? null : g.share * 100 });
      });
      var top = rows.reduce(function (m, r) { return Math.max(m, r.pct || 0); }, 120);
      top = Math.min(top, 300);
      var names = {};
      rows.forEach(function (r) { names[r.id] = r.metric; });
      var clip = function (r) { return r.pct == null ? 100 : Math.min(r.pct, top); };
      var marks = [
        Plot.ruleX([0]),
        Plot.ruleX([100], { strokeDasharray: "4,3" }),
        Plot.text(rows, { x: clip, y: "id", text: "text", dx: 6, textAnchor: "start" })
      ];
      if (d.has_actual) {
        marks.unshift(Plot.barX(rows.filter(function (r) { return r.pct != null; }), {
          x: clip, y: "id", insetTop: 6, insetBottom: 6,
          fill: function (r) { return r.met ? "var(--masa-success)" : "var(--masa-failure)"; },
          title: "text"
        }));
      } else {
        marks.push(Plot.tickX(rows, { x: 100, y: "id", strokeWidth: 3 }));
      }
      return Plot.plot({
        width: width, height: 50 + 40 * rows.length, marginLeft: marginFor(rows.map(function (r) { return r.metric; })), marginRight: 100,
        x: { domain: [0, top], label: d.labels.x, grid: true, tickFormat: fmt.percent },
        y: { domain: rows.map(function (r) { return r.id; }), tickFormat: function (id) { return names[id]; }, label: null },
        marks: marks
      });
    },

    "outcomes-by-quarter": function (d, width, fmt) {
      return Plot.plot({
        width: width, height: 320,
        x: { label: d.labels.x, tickRotate: d.rows.length > 40 ? -30 : 0 },
        y: { label: d.labels.y, grid: true, tickFormat: fmt.integer },
        color: { domain: d.domain, range: d.range, legend: true },
        marks: [
          Plot.barY(d.rows, { x: "quarter", y: "count", fill: "outcome", order: d.domain, stroke: BG, tip: { format: { y: fmt.number } } }),
          Plot.ruleY([0])
        ]
      });
    },

    "success-rate": function (d, width, fmt) {
      var rows = d.rows.map(function (r) { return Object.assign({}, r, { pct: r.rate == null ? 0 : r.rate * 100 }); });
      return Plot.plot({
        width: width, height: 50 + 30 * rows.length, marginLeft: marginFor(rows.map(function (r) { return r.key; })), marginRight: 90,
        x: { domain: [0, 100], label: d.labels.x, grid: true, tickFormat: fmt.percent },
        y: { domain: rows.map(function (r) { return r.key; }), label: null },
        marks: [
          Plot.barX(rows, { x: "pct", y: "key", fill: "var(--masa-success)", insetTop: 4, insetBottom: 4, title: "text" }),
          Plot.ruleX([0]),
          Plot.text(rows, { x: "pct", y: "key", text: "text", dx: 6, textAnchor: "start" })
        ]
      });
    },

    antipatterns: function (d, width, fmt) {
      var seen = d.cells.filter(function (c) { return c.count > 0; });
      var most = seen.reduce(function (m, c) { return Math.max(m, c.count); }, 1);
      var quarters = Array.from(new Set(d.cells.map(function (c) { return c.quarter; })));
      return Plot.plot({
        width: width, height: 80 + 30 * d.rows.length, marginLeft: marginFor(d.rows),
        marginBottom: quarters.length > 4 ? 60 : 40,
        x: { domain: quarters, label: d.labels.x, tickRotate: quarters.length > 4 ? -40 : 0 },
        y: { domain: d.rows, label: null },
        opacity: { domain: [0, most], range: [0.2, 0.9] },
        marks: [
          Plot.cell(d.cells, { x: "quarter", y: "name", fill: "currentColor", fillOpacity: 0.06, inset: 1 }),
          Plot.cell(seen, {
            x: "quarter", y: "name", fill: "var(--masa-failure)", fillOpacity: "count", inset: 1,
            channels: { count: { value: "count", label: d.labels.count } },
            tip: { format: { fillOpacity: false, count: fmt.number } }
          }),
          Plot.text(seen, { x: "quarter", y: "name", text: function (c) { return fmt.number(c.count); }, fill: "currentColor", stroke: BG, strokeWidth: 3 })
        ]
      });
    },

    "cost-return": function (d, width, fmt) {
      var pts = d.points.filter(function (p) { return p.pipeline != null || p.won != null; });
      var best = function (p) { return Math.max(p.pipeline || 0, p.won || 0); };
      var xMax = pts.reduce(function (m, p) { return Math.max(m, p.cost); }, 1) * 1.1;
      var yMax = pts.reduce(function (m, p) { return Math.max(m, best(p)); }, 1) * 1.1;
      var even = Math.min(xMax, yMax);
      var box = { width: width, height: 420, left: 70, right: 30, top: 30, bottom: 40 };
      var tip = { format: { stroke: false, fill: false, x: fmt.amount, y: fmt.amount, won: fmt.amount, pipeline: fmt.amount } };
      return Plot.plot({
        width: box.width, height: box.height,
        marginLeft: box.left, marginRight: box.right, marginTop: box.top, marginBottom: box.bottom,
        x: { domain: [0, xMax], label: d.labels.x, grid: true, tickFormat: fmt.amount },
        y: { domain: [0, yMax], label: d.labels.y, grid: true, tickFormat: fmt.amount },
        color: { domain: d.domain, range: d.range, legend: true },
        marks: [
          Plot.link([{ x1: 0, y1: 0, x2: even, y2: even }], { x1: "x1", y1: "y1", x2: "x2", y2: "y2", strokeDasharray: "4,3", strokeOpacity: 0.6 }),
          Plot.ruleX(pts.filter(function (p) { return p.pipeline != null && p.won != null; }), { x: "cost", y1: "won", y2: "pipeline", stroke: "outcome", strokeOpacity: 0.5 }),
          Plot.dot(pts.filter(function (p) { return p.pipeline != null; }), {
            x: "cost", y: "pipeline", stroke: "outcome", r: 6, strokeWidth: 2,
            channels: { campaign: { value: "name", label: d.labels.campaign }, won: { value: "won", label: d.labels.won } }, tip: tip
          }),
          Plot.dot(pts.filter(function (p) { return p.won != null; }), {
            x: "cost", y: "won", fill: "outcome", r: 4,
            channels: { campaign: { value: "name", label: d.labels.campaign }, pipeline: { value: "pipeline", label: d.labels.pipeline } }, tip: tip
          }),
          Plot.text(declutter(pts, best, xMax, yMax, box), { x: "cost", y: best, text: "title", dy: -12, fontSize: 10 })
        ]
      });
    },

    // Cost per meeting (or opportunity) by a grouping, cheapest first. Each
    // bar's label holds the figure and the campaigns behind it; a group that
    // reported 0 gets no bar, only its label ("none for 26,900 (1 campaign)").
    "cost-per": function (d, width, fmt) {
      var rows = d.rows, bars = rows.filter(function (r) { return r.value != null; });
      var most = bars.reduce(function (m, r) { return Math.max(m, r.value); }, 0) || 1;
      return Plot.plot({
        width: width, height: 50 + 30 * rows.length, marginLeft: marginFor(rows.map(function (r) { return r.key; })), marginRight: 180,
        x: { domain: [0, most], label: d.labels.x, grid: true, tickFormat: fmt.amount },
        y: { domain: rows.map(function (r) { return r.key; }), label: null },
        marks: [
          Plot.barX(bars, { x: "value", y: "key", fill: "var(--masa-open)", insetTop: 4, insetBottom: 4, title: "text" }),
          Plot.ruleX([0]),
          Plot.text(rows, { x: function (r) { return r.value || 0; }, y: "key", text: "text", dx: 6, textAnchor: "start" })
        ]
      });
    },

    // Sourced, influenced and unattributed pipeline per quarter, stacked.
    "pipeline-split": function (d, width, fmt) {
      var quarters = Array.from(new Set(d.rows.map(function (r) { return r.quarter; })));
      return Plot.plot({
        width: width, height: 320, marginLeft: 70,
        x: { domain: quarters, label: d.labels.x, tickRotate: quarters.length > 40 ? -30 : 0 },
        y: { label: d.labels.y, grid: true, tickFormat: fmt.amount },
        color: { domain: d.domain, range: d.range, legend: true },
        marks: [
          Plot.barY(d.rows, { x: "quarter", y: "amount", fill: "part", order: d.domain, stroke: BG, tip: { format: { y: fmt.amount } } }),
          Plot.ruleY([0])
        ]
      });
    }
  };

  // Labels that would overlap a label already placed (highest points first)
  // are left out; the point keeps its tooltip and the table has every name.
  function declutter(pts, y, xMax, yMax, box) {
    var placed = [];
    var w = box.width - box.left - box.right, h = box.height - box.top - box.bottom;
    return pts.slice().sort(function (a, b) { return y(b) - y(a); }).filter(function (p) {
      var cx = box.left + (p.cost / xMax) * w, cy = box.top + h - (y(p) / yMax) * h - 12;
      var half = 3 * p.title.length, r = { x1: cx - half, x2: cx + half, y1: cy - 7, y2: cy + 7 };
      var free = placed.every(function (q) { return r.x2 < q.x1 || r.x1 > q.x2 || r.y2 < q.y1 || r.y1 > q.y2; });
      if (free) placed.push(r);
      return free;
    });
  }

  // A figure's data: its own island, or its entry in the one island of its
  // block (campaign pages: {"format": ..., "charts": {"timeline": ..., "goals": ...}}).
  function dataOf(figure) {
    var own = figure.querySelector('script[type="application/json"]');
    if (own) return JSON.parse(own.textContent);
    var shared = figure.parentElement && figure.parentElement.querySelector(':scope > script[type="application/json"]');
    if (!shared) return null;
    var all = JSON.parse(shared.textContent);
    var data = all.charts && all.charts[figure.getAttribute("data-chart")];
    return data ? Object.assign({ format: all.format }, data) : null;
  }

  function render(figure) {
    if (figure.getAttribute("data-rendered") === "true") return;
    var draw = renderers[figure.getAttribute("data-chart")];
    if (!draw || typeof Plot === "undefined") return;
    var data = dataOf(figure);
    if (!data) return;
    var width = Math.max(320, Math.min(figure.clientWidth || 640, 960));
    var chart = draw(data, width, formats(data.format, figure.lang || document.documentElement.lang || "en"));
    var holder = document.createElement("div");
    holder.className = "masa-chart__plot";
    holder.setAttribute("role", "img");
    holder.setAttribute("aria-label", figure.getAttribute("data-label") || "");
    // The figures are in the table next to the chart (with the links); the
    // drawing is one image to assistive technology.
    chart.setAttribute("aria-hidden", "true");
    holder.appendChild(chart);
    var fallback = figure.querySelector(".masa-chart__fallback");
    if (fallback) figure.replaceChild(holder, fallback);
    else figure.insertBefore(holder, figure.firstChild);
    figure.setAttribute("data-rendered", "true");
    // The block's one note (shared island) goes once a chart of it is drawn.
    var note = figure.parentElement && figure.parentElement.querySelector(":scope > .masa-chart__fallback");
    if (note) note.remove();
  }

  // d3 and Plot (about 300 KB) are loaded only by pages that have a chart,
  // from the vendor folder next to this script: same origin, no CDN.
  var vendor = (document.currentScript && document.currentScript.src || "").replace(/[^/]*$/, "vendor/");
  var loading = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(script);
    });
  }

  function loadLibraries() {
    if (typeof Plot !== "undefined") return Promise.resolve();
    if (!loading) {
      loading = loadScript(vendor + "d3.min.js").then(function () {
        return loadScript(vendor + "plot.umd.min.js");
      });
    }
    return loading;
  }

  function renderAll() {
    if (!document.querySelector("figure.masa-chart[data-chart]")) return;
    loadLibraries().then(drawAll, function (error) {
      if (window.console) window.console.error("masa-charts:", error);
    });
  }

  function drawAll() {
    document.querySelectorAll("figure.masa-chart[data-chart]").forEach(function (figure) {
      try {
        render(figure);
      } catch (error) {
        // One broken chart must not stop the others; its table is still there.
        if (window.console) window.console.error("masa-charts:", error);
      }
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
