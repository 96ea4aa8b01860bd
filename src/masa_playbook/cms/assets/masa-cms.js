/*
 * masa-cms.js: what the MaSa Playbook adds to Decap CMS at /admin/, then starts it.
 *
 * - The results widget ("masa-results"): one number field per goal of the
 *   retro's campaign. The goals come from the generated configuration
 *   (masa-cms-config.js: the plans of the build), so the widget needs no
 *   access to the repository; it writes a mapping {goal id: number}.
 * - A preSave listener that tidies every entry before it is written: blank
 *   fields are dropped (no "key: ''" and no empty lists), nested keys follow
 *   the order of the fields (the order `masa new` writes), and a retro cannot
 *   be moved to another campaign's folder.
 * - Preview templates for plans and retros in the site's own styles. Every
 *   authored value is a text node (React escapes it); the Markdown text is
 *   shown by a small renderer that makes only headings, lists and paragraphs,
 *   all as text: raw HTML in it is shown, never run.
 *
 * Only Decap's public API is used: CMS.registerWidget, registerEventListener,
 * registerPreviewTemplate, registerPreviewStyle and init.
 */
(function () {
  "use strict";

  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var config = window.MASA_CMS_CONFIG;
  var german = config.locale === "de";

  function say(english, deutsch) {
    return german ? deutsch : english;
  }

  // ------------------------------------------------------------ config lookups

  function collectionNamed(name) {
    for (var i = 0; i < config.collections.length; i++) {
      if (config.collections[i].name === name) return config.collections[i];
    }
    return null;
  }

  function fieldsOf(entry) {
    var collection = collectionNamed(entry.get("collection"));
    if (!collection) return null;
    if (collection.files) {
      for (var i = 0; i < collection.files.length; i++) {
        if (collection.files[i].name === entry.get("slug")) return collection.files[i].fields;
      }
      return null;
    }
    return collection.fields;
  }

  function fieldNamed(fields, name) {
    for (var i = 0; i < (fields || []).length; i++) {
      if (fields[i].name === name) return fields[i];
    }
    return null;
  }

  function resultsField() {
    var retros = collectionNamed("retros");
    return retros ? fieldNamed(retros.fields, "results") : null;
  }

  // The campaign folder of a retro: the meta path chosen for a new one, else its file's folder.
  function campaignOf(entry) {
    var chosen = entry.getIn(["meta", "path"]);
    if (chosen && chosen !== "/") return String(chosen).replace(/^\/+|\/+$/g, "");
    var match = /^campaigns\/([^/]+)\/retro\.md$/.exec(entry.get("path") || "");
    return match ? match[1] : null;
  }

  function goalsOf(entry) {
    var field = resultsField();
    var slug = campaignOf(entry);
    return field && slug && field.goals[slug] ? field.goals[slug] : null;
  }

  // ------------------------------------------------------------ tidying what is saved

  function isBlank(value) {
    if (value === undefined || value === null) return true;
    if (typeof value === "string") return value.trim() === "";
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  function tidyValue(value, field) {
    if (Array.isArray(value)) {
      var items = value.map(function (item) {
        if (field && field.fields) return tidyObject(item, field.fields);
        if (field && field.field) return tidyValue(item, field.field);
        return item;
      });
      return items.filter(function (item) { return !isBlank(item); });
    }
    if (value && typeof value === "object") {
      return tidyObject(value, field && field.fields ? field.fields : null);
    }
    return value;
  }

  // Known keys in the order of the fields, then any other key as it was; blank values dropped.
  function tidyObject(data, fields) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return data;
    var tidy = {};
    var seen = {};
    (fields || []).forEach(function (field) {
      seen[field.name] = true;
      if (!Object.prototype.hasOwnProperty.call(data, field.name)) return;
      var value = tidyValue(data[field.name], field);
      if (!isBlank(value)) tidy[field.name] = value;
    });
    Object.keys(data).forEach(function (key) {
      if (seen[key]) return;
      var value = tidyValue(data[key], null);
      if (!isBlank(value)) tidy[key] = value;
    });
    return tidy;
  }

  function refuseMovedRetro(entry) {
    if (entry.get("collection") !== "retros" || entry.get("newRecord")) return;
    var match = /^campaigns\/([^/]+)\/retro\.md$/.exec(entry.get("path") || "");
    var chosen = entry.getIn(["meta", "path"]);
    if (match && chosen && String(chosen).replace(/^\/+|\/+$/g, "") !== match[1]) {
      throw new Error(say(
        "A retro stays with its campaign: choose " + match[1] + " again.",
        "Eine Retro bleibt bei ihrer Kampagne: bitte wieder " + match[1] + " wählen."
      ));
    }
  }

  function refuseSecondRetro(entry) {
    if (entry.get("collection") !== "retros" || !entry.get("newRecord")) return;
    var field = resultsField();
    var slug = campaignOf(entry);
    if (!slug) {
      throw new Error(say("Choose the campaign of this retro.", "Bitte die Kampagne dieser Retro wählen."));
    }
    if (field && field.with_retro && field.with_retro.indexOf(slug) >= 0) {
      throw new Error(say(
        "This campaign has a retro already: open it from the list.",
        "Diese Kampagne hat schon eine Retro: bitte aus der Liste öffnen."
      ));
    }
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry;
      refuseMovedRetro(entry);
      refuseSecondRetro(entry);
      var fields = fieldsOf(entry);
      if (!fields) return undefined;
      var data = entry.get("data");
      var tidy = tidyObject(data.toJS(), fields);
      return data.clear().merge(tidy);
    },
  });

  // ------------------------------------------------------------ the results widget

  function numberOrNull(raw) {
    if (raw === "" || raw === null || raw === undefined) return null;
    var number = Number(raw);
    return isFinite(number) ? number : null;
  }

  function plainValue(value) {
    if (!value) return {};
    return typeof value.toJS === "function" ? value.toJS() : value;
  }

  function targetText(goal) {
    var way = goal.direction === "at_most" ? say("at most", "höchstens") : say("at least", "mindestens");
    return say("target: ", "Ziel: ") + way + " " + goal.target;
  }

  var ResultsControl = createClass({
    // Decap redraws a widget only when its value changes; this one also follows the chosen campaign.
    shouldComponentUpdate: function (next) {
      return next.value !== this.props.value ||
        next.classNameWrapper !== this.props.classNameWrapper ||
        next.hasActiveStyle !== this.props.hasActiveStyle ||
        campaignOf(next.entry) !== campaignOf(this.props.entry);
    },

    isValid: function () {
      var goals = goalsOf(this.props.entry);
      if (!goals) {
        return { error: { message: say(
          "Choose the campaign first: its plan's goals appear here.",
          "Zuerst die Kampagne wählen: die Ziele ihres Plans erscheinen hier."
        ) } };
      }
      var value = plainValue(this.props.value);
      for (var i = 0; i < goals.length; i++) {
        if (numberOrNull(value[goals[i].id]) === null) {
          return { error: { message: say(
            "Enter the actual number for every goal: " + goals[i].metric,
            "Bitte für jedes Ziel den Ist-Wert eintragen: " + goals[i].metric
          ) } };
        }
      }
      return true;
    },

    change: function (goalId, raw) {
      var goals = goalsOf(this.props.entry) || [];
      var value = plainValue(this.props.value);
      var next = {};
      goals.forEach(function (goal) {
        var number = goal.id === goalId ? numberOrNull(raw) : numberOrNull(value[goal.id]);
        if (number !== null) next[goal.id] = number;
      });
      // An immutable map like the rest of the entry: an empty one of the entry's own kind, filled.
      this.props.onChange(this.props.entry.get("data").clear().merge(next));
    },

    render: function () {
      var self = this;
      var goals = goalsOf(this.props.entry);
      var value = plainValue(this.props.value);
      var forID = this.props.forID;
      if (!goals) {
        return h("p", { id: forID, className: this.props.classNameWrapper }, say(
          "Choose the campaign above: one field per goal of its plan appears here.",
          "Oben die Kampagne wählen: hier erscheint je Ziel ihres Plans ein Feld."
        ));
      }
      return h("div", { id: forID, className: this.props.classNameWrapper, role: "group" },
        goals.map(function (goal, index) {
          var id = forID + "-" + goal.id;
          var current = value[goal.id];
          return h("p", { key: goal.id, style: { margin: index ? "12px 0 0" : "0" } },
            h("label", { htmlFor: id, style: { display: "block", fontWeight: 600 } },
              goal.metric + " (" + goal.id + ")"),
            h("span", { style: { display: "block", fontSize: "0.85em", opacity: 0.8 } }, targetText(goal)),
            h("input", {
              id: id,
              type: "number",
              min: 0,
              step: "any",
              inputMode: "decimal",
              "data-goal": goal.id,
              value: current === undefined || current === null ? "" : String(current),
              onChange: function (event) { self.change(goal.id, event.target.value); },
              onFocus: self.props.setActiveStyle,
              onBlur: self.props.setInactiveStyle,
              style: { width: "12em", padding: "6px 8px", marginTop: "4px" },
            }));
        }));
    },
  });

  var ResultsPreview = createClass({
    render: function () {
      var value = plainValue(this.props.value);
      return h("ul", null, Object.keys(value).map(function (key) {
        return h("li", { key: key }, key + ": " + value[key]);
      }));
    },
  });

  CMS.registerWidget("masa-results", ResultsControl, ResultsPreview);

  // ------------------------------------------------------------ previews

  // Labels of the collection's fields, so the preview speaks the editor's language.
  function labelOf(collection, path) {
    var fields = (collectionNamed(collection) || {}).fields;
    var field = null;
    path.split(".").forEach(function (name) {
      field = fieldNamed(fields, name);
      fields = field ? field.fields : null;
    });
    return field ? field.label : path;
  }

  function optionLabel(collection, path, value) {
    var fields = (collectionNamed(collection) || {}).fields;
    var field = null;
    path.split(".").forEach(function (name) {
      field = fieldNamed(fields, name);
      fields = field ? field.fields : null;
    });
    var options = (field && field.options) || [];
    for (var i = 0; i < options.length; i++) {
      if (options[i].value === value) return options[i].label;
    }
    return value === undefined || value === null ? "" : String(value);
  }

  function people(collection, path, values) {
    var list = Array.isArray(values) ? values : values ? [values] : [];
    return list.map(function (handle) { return optionLabel(collection, path, handle); }).join(", ");
  }

  function text(value) {
    if (value === undefined || value === null) return "";
    if (Array.isArray(value)) return value.map(text).join(", ");
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function facts(rows) {
    var items = [];
    rows.forEach(function (row) {
      if (row[1] === "" || row[1] === undefined) return;
      items.push(h("dt", { key: "t" + items.length }, row[0]));
      items.push(h("dd", { key: "d" + items.length }, row[1]));
    });
    return h("dl", { className: "masa-card" }, items);
  }

  function table(headers, rows, className) {
    return h("table", { className: className },
      h("thead", null, h("tr", null, headers.map(function (cell, i) { return h("th", { key: i }, cell); }))),
      h("tbody", null, rows.map(function (row, i) {
        return h("tr", { key: i }, row.map(function (cell, j) { return h("td", { key: j }, cell); }));
      })));
  }

  // A small Markdown renderer that makes text nodes only: headings, lists, paragraphs.
  function markdownText(body) {
    var blocks = String(body || "").replace(/\r\n?/g, "\n").split(/\n\s*\n/);
    var out = [];
    blocks.forEach(function (block, i) {
      var trimmed = block.trim();
      if (!trimmed) return;
      var heading = /^(#{1,6})\s+(.*)$/.exec(trimmed);
      var lines = trimmed.split("\n");
      if (heading && lines.length === 1) {
        var level = Math.min(6, Math.max(2, heading[1].length + 1));
        out.push(h("h" + level, { key: i }, heading[2].replace(/\s+#+\s*$/, "")));
      } else if (lines.every(function (line) { return /^\s*([-*+]|\d+[.)])\s+/.test(line); })) {
        out.push(h("ul", { key: i }, lines.map(function (line, j) {
          return h("li", { key: j }, line.replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
        })));
      } else {
        out.push(h("p", { key: i }, lines.join(" ")));
      }
    });
    return h("div", { className: "masa-story" }, out);
  }

  var PlanPreview = createClass({
    render: function () {
      var d = this.props.entry.get("data").toJS();
      var L = function (path) { return labelOf("plans", path); };
      var period = d.period ? text(d.period.start) + " – " + text(d.period.end) : "";
      var owners = d.owners || {};
      var audience = d.audience || {};
      var expected = d.expected || {};
      var goals = d.goals || [];
      var tasks = d.tasks || [];
      return h("article", { className: "md-typeset masa-preview" },
        h("h1", null, text(d.title)),
        h("h2", null, say("Summary", "Überblick")),
        facts([
          [L("status"), optionLabel("plans", "status", d.status)],
          [L("initiated_by"), optionLabel("plans", "initiated_by", d.initiated_by)],
          [L("period"), period],
          [L("owners.marketing"), people("plans", "owners.marketing", owners.marketing)],
          [L("owners.sales"), people("plans", "owners.sales", owners.sales)],
          [L("contributors"), people("plans", "contributors", d.contributors)],
          [L("audience.industry"), text(audience.industry)],
          [L("channels"), text(d.channels)],
          [L("budget"), text(d.budget)],
          [L("expected.pipeline"), text(expected.pipeline)],
          [L("expected.won"), text(expected.won)],
          [L("visibility"), optionLabel("plans", "visibility", d.visibility)],
        ]),
        h("h2", null, L("goals")),
        table([L("goals.id"), L("goals.metric"), L("goals.target"), L("goals.due")], goals.map(function (g) {
          var way = g.direction === "at_most" ? optionLabel("plans", "goals.direction", "at_most") + " " : "";
          return [text(g.id), text(g.metric), way + text(g.target), text(g.due)];
        }), "masa-table masa-plan-goals"),
        h("h2", null, L("tasks")),
        table([L("tasks.task"), L("tasks.owner"), L("tasks.due"), L("tasks.done")], tasks.map(function (t) {
          return [text(t.task), people("plans", "tasks.owner", t.owner), text(t.due), t.done ? "✓" : ""];
        }), "masa-table masa-tasks"),
        h("h2", null, L("body")),
        markdownText(d.body));
    },
  });

  var RetroPreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var d = entry.get("data").toJS();
      var L = function (path) { return labelOf("retros", path); };
      var goals = goalsOf(entry) || [];
      var results = d.results || {};
      var back = d["return"] || {};
      return h("article", { className: "md-typeset masa-preview" },
        h("h1", null, say("Retro: ", "Retro: ") + text(campaignOf(entry) || "")),
        facts([
          [L("date"), text(d.date)],
          [L("authors"), people("retros", "authors", d.authors)],
          [L("cost"), text(d.cost)],
          [L("return.pipeline"), text(back.pipeline)],
          [L("return.won"), text(back.won)],
          [L("outcome"), optionLabel("retros", "outcome", d.outcome)],
          [L("sonicht"), text(d.sonicht)],
        ]),
        h("h2", null, L("results")),
        table([say("Goal", "Ziel"), say("Target", "Zielwert"), say("Actual", "Ist")], goals.map(function (g) {
          return [text(g.metric) + " (" + g.id + ")", targetText(g), text(results[g.id])];
        }), "masa-table masa-goals"),
        h("h2", null, L("went_well")),
        h("ul", null, (d.went_well || []).map(function (item, i) { return h("li", { key: i }, text(item)); })),
        h("h2", null, L("learnings")),
        h("ul", null, (d.learnings || []).map(function (item, i) { return h("li", { key: i }, text(item)); })),
        h("h2", null, L("body")),
        markdownText(d.body));
    },
  });

  CMS.registerPreviewTemplate("plans", PlanPreview);
  CMS.registerPreviewTemplate("retros", RetroPreview);
  // The site's own stylesheet, then the few rules that stand in for Material's in the preview frame.
  CMS.registerPreviewStyle(new URL("../assets/masa/masa.css", document.baseURI).href);
  CMS.registerPreviewStyle(new URL("masa-cms-preview.css", document.baseURI).href);

  // The preview frame gets a name for screen readers (axe: frame-title), whenever Decap draws it.
  var previewTitle = say("Preview", "Vorschau");
  new MutationObserver(function () {
    var frame = document.getElementById("preview-pane");
    if (frame && frame.getAttribute("title") !== previewTitle) frame.setAttribute("title", previewTitle);
  }).observe(document.body, { childList: true, subtree: true });

  CMS.init({ config: config });
})();
