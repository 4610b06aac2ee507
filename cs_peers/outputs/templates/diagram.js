/* cs-peers diagram pages: draw the precomputed network so that all of it fits the first screen
   with readable labels; find a node, filter associations by date, category and confidence,
   open a node's neighbours (the view kept in the URL fragment, so it can be shared and
   printed); present group by group; search and sort the table of groups; redraw for paper.
   Runs from this file only; fetches nothing. */
(function () {
  "use strict";
  // Smallest label on screen at fit, in CSS pixels: readable on a projector at 1920x1080.
  var MIN_LABEL_PX = 15;
  // Empty space kept around the drawing inside its box, in CSS pixels.
  var MARGIN_PX = 14;
  // The canvas never gets shorter than this, however tall the page's top is.
  var MIN_CANVAS_PX = 240;
  // The diagram's box on A4 landscape (273 mm x 132 mm at 96 px per inch; diagram.css).
  var PRINT_W = 1030, PRINT_H = 499;
  var CATEGORY_ORDER = ["peer", "family", "protective", "concern", "context"];
  var CONFIDENCE_ORDER = ["high", "medium", "low"];
  var FADED = 0.22;
  var element = document.getElementById("cs-peers-data");
  var container = document.getElementById("cs-network");
  var box = container.parentNode;
  var byId = function (id) { return document.getElementById(id); };
  // A hook for tests and for anyone checking the page: what was meant to be drawn, whether it
  // was, and what the controls show.
  var state = { network: null, payload: null, nodeCount: -1, edgeCount: -1,
                drawn: false, error: null, labelFactor: 1, shown: -1, total: -1,
                presenting: false, found: null, fit: null };
  window.csPeers = state;
  var fail = function (err) {
    state.error = String(err);
    container.setAttribute("data-error", String(err));
  };
  var view = readFragment();
  state.presenting = view.present;
  document.body.classList.toggle("presenting", view.present);
  byId("cs-controls").hidden = false;
  sizeCanvas();
  presentation();
  tableControls();
  // Pages in a pack carry their data gzipped (a third of the size); the browser unpacks it.
  if (element.type === "application/json") {
    start(JSON.parse(element.textContent));
  } else {
    try {
      var bytes = Uint8Array.from(atob(element.textContent.trim()), function (c) { return c.charCodeAt(0); });
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      new Response(stream).text().then(function (text) { start(JSON.parse(text)); }, fail);
    } catch (err) {
      fail(err);
    }
  }

  function start(payload) {
    // The overview routes "next group" from a group page being presented (see step()).
    if (routePresentation(payload)) return;
    draw(payload);
  }

  // -- the first screen ------------------------------------------------------------------

  // The canvas reaches from where it starts to the bottom of the window, so the whole drawing
  // is on the first screen, whatever the height of the title, links and controls above it.
  function sizeCanvas() {
    var top = box.getBoundingClientRect().top + window.scrollY;
    var below = 0;
    if (state.presenting) {
      var bottom = document.querySelector(".marking.bottom");
      if (bottom) below = bottom.getBoundingClientRect().height;
    }
    var height = Math.max(MIN_CANVAS_PX, Math.floor(window.innerHeight - top - below));
    if (height === state.canvasHeight) return false;
    state.canvasHeight = height;
    box.style.setProperty("--canvas-height", height + "px");
    return true;
  }

  function draw(payload) {
  state.payload = payload;
  state.nodeCount = payload.nodes.length;
  state.edgeCount = payload.edges.length;
  var links = payload.links || {};
  var baseFont = payload.options.nodes.font.size;
  var fontOf = {};
  var degree = {};
  payload.nodes.forEach(function (n) {
    if (n.label) fontOf[n.id] = (n.font && n.font.size) || baseFont;
    // Pointed at or selected: the same fill, outlined black (left out of the data to keep it small).
    var c = n.color;
    if (c && typeof c === "object" && !c.highlight) {
      c.highlight = { background: c.background, border: "#000000" };
      c.hover = { background: c.background, border: "#000000" };
    }
  });
  payload.edges.forEach(function (e, i) {
    if (e.id === undefined) e.id = "e" + i;
    degree[e.from] = (degree[e.from] || 0) + 1;
    degree[e.to] = (degree[e.to] || 0) + 1;
    var c = e.color;
    if (c && typeof c === "object" && !c.highlight) { c.highlight = c.color; c.hover = c.color; }
  });
  try {
    var nodes = new vis.DataSet(payload.nodes);
    var edges = new vis.DataSet(payload.edges);
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, payload.options);
    state.network = network;
    network.on("afterDrawing", function () {
      if (!state.drawn) {
        state.drawn = true;
        container.setAttribute("data-drawn", "true");
      }
    });
    var setLabelFactor = function (factor) {
      if (Math.abs(factor - state.labelFactor) < 0.001) return;
      state.labelFactor = factor;
      var updates = [];
      for (var key in fontOf) updates.push({ id: key, font: { size: fontOf[key] * factor } });
      nodes.update(updates);
    };
    // The box each node takes when drawn, its label included (moved by its vadjust), in the
    // network's own coordinates; measured by drawing, so call after network.redraw().
    var drawnBox = function (node) {
      var b = node.shape.boundingBox;
      var out = { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
      var label = node.labelModule;
      if (node.options.label && !payload.labelsOnZoom && label && label.size.width > 0) {
        var lift = (label.fontOptions && label.fontOptions.vadjust) || 0;
        out.left = Math.min(out.left, label.size.left);
        out.right = Math.max(out.right, label.size.left + label.size.width);
        out.top = Math.min(out.top, label.size.top + lift);
        out.bottom = Math.max(out.bottom, label.size.top + lift + label.size.height);
      }
      return out;
    };
    var frame = function (ids) {
      // Everything in view first, so that every label is drawn and measured.
      network.fit({ nodes: ids, animation: false });
      network.redraw();
      var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
      ids.forEach(function (id) {
        var b = drawnBox(network.body.nodes[id]);
        left = Math.min(left, b.left); right = Math.max(right, b.right);
        top = Math.min(top, b.top); bottom = Math.max(bottom, b.bottom);
      });
      if (!isFinite(left)) return;
      var width = Math.max(container.clientWidth - 2 * MARGIN_PX, 1);
      var height = Math.max(container.clientHeight - 2 * MARGIN_PX, 1);
      // Small pictures may be enlarged a little, never beyond 1.5x.
      var scale = Math.min(width / Math.max(right - left, 1), height / Math.max(bottom - top, 1), 1.5);
      network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 },
                       scale: scale, animation: false });
    };
    // Fit the whole picture, labels included. Labels scale with the picture; when fitting makes
    // the smallest one smaller than MIN_LABEL_PX every label is enlarged by one factor (the
    // positions do not change) and the picture is fitted again, until both hold.
    var fitAll = function () {
      var ids = network.body.nodeIndices.slice();
      var smallest = Infinity;
      for (var id in fontOf) smallest = Math.min(smallest, fontOf[id]);
      setLabelFactor(1);
      frame(ids);
      if (!payload.labelsOnZoom && smallest < Infinity) {
        for (var round = 0; round < 10; round++) {
          var needed = MIN_LABEL_PX / (smallest * network.getScale());
          if (needed <= state.labelFactor) break;
          setLabelFactor(needed * 1.02);
          frame(ids);
        }
      }
      state.fit = { scale: network.getScale(), labelFactor: state.labelFactor };
    };
    state.fitAll = fitAll;
    // The controls first: once their boxes are made, the canvas is sized below them.
    var controls = diagramControls(payload, network, nodes, edges, degree);
    sizeCanvas();
    network.redraw();
    fitAll();
    controls.show(view);
    // Words the controls wrote (how many shown) may have wrapped their bar: measure again.
    if (sizeCanvas()) { network.redraw(); fitAll(); controls.find(true); }
    byId("cs-fit").addEventListener("click", fitAll);
    network.on("click", function (event) {
      if (!event.nodes.length) return;
      var id = event.nodes[0];
      var href = links[id];
      if (href) window.location.href = href + (state.presenting ? "#present" : "");
      else controls.toggleOpen(id);
    });
    // Every node answers a click: it opens its page, or opens (shows) its neighbours.
    network.on("hoverNode", function () { container.style.cursor = "pointer"; });
    network.on("blurNode", function () { container.style.cursor = "default"; });
    var resized = null;
    window.addEventListener("resize", function () {
      if (state.printing) return;
      clearTimeout(resized);
      resized = setTimeout(function () { sizeCanvas(); network.redraw(); fitAll(); }, 60);
    });
    state.resize = function () { sizeCanvas(); network.redraw(); fitAll(); };
    // Paper: draw the picture at the size it has on an A4 page, then back to the screen. The
    // filters stay as they are: what is printed is the view on screen, drawn whole.
    window.addEventListener("beforeprint", function () {
      state.printing = true;
      container.style.width = PRINT_W + "px";
      container.style.height = PRINT_H + "px";
      network.setSize(PRINT_W + "px", PRINT_H + "px");
      network.redraw();
      fitAll();
    });
    window.addEventListener("afterprint", function () {
      state.printing = false;
      container.style.width = "";
      container.style.height = "";
      network.setSize("100%", "100%");
      sizeCanvas();
      network.redraw();
      fitAll();
    });
  } catch (err) {
    fail(err);
  }
  }

  // -- find, filter, open ----------------------------------------------------------------

  function diagramControls(payload, network, nodes, edges, degree) {
    var search = byId("cs-search");
    var from = byId("cs-from");
    var until = byId("cs-until");
    var shownText = byId("cs-shown");
    var stateText = byId("cs-state");
    var categoryBox = byId("cs-categories");
    var confidenceBox = byId("cs-confidences");
    var labelOf = {};
    payload.nodes.forEach(function (n) { labelOf[n.id] = String(n.label || "").split("\n")[0]; });
    // What the records hold: categories and confidences present, first and last dates.
    var categories = {}, confidences = {}, first = "", last = "", undated = false;
    payload.edges.forEach(function (e) {
      (e.records || []).forEach(function (r) {
        categories[r[1]] = true;
        confidences[r[2]] = true;
        if (!r[0]) undated = true;
        else {
          if (!first || r[0] < first) first = r[0];
          if (!last || r[0] > last) last = r[0];
        }
      });
    });
    var ordered = function (present, order) {
      var out = order.filter(function (k) { return present[k]; });
      Object.keys(present).sort().forEach(function (k) { if (out.indexOf(k) < 0) out.push(k); });
      return out;
    };
    var boxes = function (holder, values, name) {
      var made = {};
      values.forEach(function (value) {
        var label = document.createElement("label");
        var input = document.createElement("input");
        input.type = "checkbox";
        input.checked = true;
        input.value = value;
        input.name = name;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + value));
        holder.appendChild(label);
        made[value] = input;
      });
      holder.hidden = values.length === 0;
      return made;
    };
    var categoryInputs = boxes(categoryBox, ordered(categories, CATEGORY_ORDER), "category");
    var confidenceInputs = boxes(confidenceBox, ordered(confidences, CONFIDENCE_ORDER), "confidence");
    if (first) { from.min = until.min = first; from.max = until.max = last; }
    var list = byId("cs-labels");
    var seen = {};
    Object.keys(labelOf).sort(function (a, b) { return labelOf[a] < labelOf[b] ? -1 : 1; })
      .forEach(function (id) {
        if (!labelOf[id] || seen[labelOf[id]]) return;
        seen[labelOf[id]] = true;
        var option = document.createElement("option");
        option.value = labelOf[id];
        list.appendChild(option);
      });
    var open = {};
    var hiddenEdge = {};
    var faded = {};
    var lastFragment = null;

    var checked = function (inputs) {
      return Object.keys(inputs).filter(function (k) { return inputs[k].checked; });
    };
    var passes = function (record, f) {
      if (f.from || f.until) {
        if (!record[0]) return false;
        if (f.from && record[0] < f.from) return false;
        if (f.until && record[0] > f.until) return false;
      }
      return f.categories[record[1]] !== false && f.confidences[record[2]] !== false;
    };
    var current = function () {
      var f = { from: from.value, until: until.value, categories: {}, confidences: {} };
      for (var c in categoryInputs) f.categories[c] = categoryInputs[c].checked;
      for (var k in confidenceInputs) f.confidences[k] = confidenceInputs[k].checked;
      return f;
    };
    var filtering = function () {
      return !!(from.value || until.value) ||
        checked(categoryInputs).length < Object.keys(categoryInputs).length ||
        checked(confidenceInputs).length < Object.keys(confidenceInputs).length;
    };
    // Show the lines with a record that passes every filter (and every line of an opened
    // node); fade the nodes left with no line shown.
    var apply = function () {
      var f = current();
      var active = filtering();
      var shown = 0, total = 0, touched = {};
      var edgeUpdates = [];
      payload.edges.forEach(function (e) {
        var records = e.records || [];
        var passing = 0;
        records.forEach(function (r) {
          var n = r[3] || 1;
          total += n;
          if (passes(r, f)) passing += n;
        });
        shown += passing;
        var visible = !active || passing > 0 || records.length === 0 || !!open[e.from] || !!open[e.to];
        if (visible) { touched[e.from] = true; touched[e.to] = true; }
        if (!!hiddenEdge[e.id] === visible) {
          hiddenEdge[e.id] = !visible;
          edgeUpdates.push({ id: e.id, hidden: !visible });
        }
      });
      edges.update(edgeUpdates);
      var nodeUpdates = [];
      payload.nodes.forEach(function (n) {
        var fade = active && !!degree[n.id] && !touched[n.id] && !open[n.id];
        if (!!faded[n.id] !== fade) {
          faded[n.id] = fade;
          nodeUpdates.push({ id: n.id, opacity: fade ? FADED : 1 });
        }
      });
      nodes.update(nodeUpdates);
      state.shown = shown;
      state.total = total;
      var words = shown + " of " + total + " association" + (total === 1 ? "" : "s") + " shown";
      if (undated && (f.from || f.until)) words += " (undated ones are hidden while dates are set)";
      shownText.textContent = words;
      var parts = [];
      if (f.from || f.until) parts.push("observed " + (f.from || "any date") + " to " + (f.until || "any date"));
      if (checked(categoryInputs).length < Object.keys(categoryInputs).length)
        parts.push("categories: " + (checked(categoryInputs).join(", ") || "none"));
      if (checked(confidenceInputs).length < Object.keys(confidenceInputs).length)
        parts.push("confidence: " + (checked(confidenceInputs).join(", ") || "none"));
      var opened = Object.keys(open).map(function (id) { return labelOf[id] || id; });
      if (opened.length) parts.push("neighbours opened: " + opened.join(", "));
      stateText.textContent = parts.length ? "View: " + parts.join("; ") + ". " + words + "." : "";
      stateText.hidden = parts.length === 0;
      select();
      writeFragment();
      // The words may have changed the height of the controls' bar.
      if (state.fitAll && sizeCanvas()) { network.redraw(); state.fitAll(); }
    };
    var select = function () {
      var ids = Object.keys(open);
      if (state.found && ids.indexOf(state.found) < 0) ids.push(state.found);
      network.setSelection({ nodes: ids }, { unselectAll: true, highlightEdges: true });
    };
    // Find by label: the same label first, then one that starts with, then one that holds
    // what was typed (case aside); the node found is selected and brought into focus.
    var find = function (focus) {
      var wanted = search.value.trim().toLowerCase();
      var found = null;
      var status = byId("cs-found");
      if (wanted) {
        var ids = Object.keys(labelOf);
        var tests = [
          function (l) { return l === wanted; },
          function (l) { return l.indexOf(wanted) === 0; },
          function (l) { return l.indexOf(wanted) >= 0; },
        ];
        for (var t = 0; t < tests.length && found === null; t++) {
          for (var i = 0; i < ids.length; i++) {
            if (tests[t](labelOf[ids[i]].toLowerCase())) { found = ids[i]; break; }
          }
        }
      }
      state.found = found;
      status.textContent = !wanted ? "" : found === null ? "no node labelled “" + search.value.trim() + "”" : "";
      select();
      if (found !== null && focus) {
        network.focus(found, { scale: Math.max(network.getScale(), 1.2), animation: false });
      }
      writeFragment();
    };
    var toggleOpen = function (id) {
      if (open[id]) delete open[id];
      else open[id] = true;
      apply();
    };
    var writeFragment = function () {
      var params = [];
      var add = function (key, value) { params.push(key + "=" + encodeURIComponent(value)); };
      if (search.value.trim()) add("find", search.value.trim());
      if (from.value) add("from", from.value);
      if (until.value) add("until", until.value);
      if (checked(categoryInputs).length < Object.keys(categoryInputs).length)
        add("category", checked(categoryInputs).join(","));
      if (checked(confidenceInputs).length < Object.keys(confidenceInputs).length)
        add("confidence", checked(confidenceInputs).join(","));
      if (Object.keys(open).length) add("open", Object.keys(open).join(","));
      if (state.presenting) params.push("present");
      var fragment = params.join("&");
      if (fragment === lastFragment) return;
      lastFragment = fragment;
      var url = window.location.href.split("#")[0] + (fragment ? "#" + fragment : "");
      try {
        window.history.replaceState(null, "", url);
      } catch (err) {
        window.location.hash = fragment;
      }
    };
    state.writeFragment = writeFragment;
    // Set the controls from the fragment (a shared link, or the address edited by hand).
    var readView = function (v) {
      search.value = v.find;
      from.value = v.from;
      until.value = v.until;
      for (var c in categoryInputs) categoryInputs[c].checked = v.category === null || v.category.indexOf(c) >= 0;
      for (var k in confidenceInputs) confidenceInputs[k].checked = v.confidence === null || v.confidence.indexOf(k) >= 0;
      open = {};
      v.open.forEach(function (id) { if (labelOf[id] !== undefined) open[id] = true; });
      apply();
      find(true);
    };
    search.addEventListener("input", function () { find(true); });
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") find(true); });
    [from, until].forEach(function (input) { input.addEventListener("change", apply); input.addEventListener("input", apply); });
    [categoryInputs, confidenceInputs].forEach(function (inputs) {
      for (var key in inputs) inputs[key].addEventListener("change", apply);
    });
    byId("cs-reset").addEventListener("click", function () {
      readView({ find: "", from: "", until: "", category: null, confidence: null, open: [], present: state.presenting });
      state.fitAll();
    });
    window.addEventListener("hashchange", function () {
      if (window.location.hash.replace(/^#/, "") === lastFragment) return;
      var v = readFragment();
      readView(v);
      if (v.present !== state.presenting) setPresenting(v.present, false);
    });
    return { toggleOpen: toggleOpen, apply: apply, find: find, show: readView };
  }

  function readFragment() {
    var v = { find: "", from: "", until: "", category: null, confidence: null, open: [],
              present: false, from_page: "", step: 0 };
    var text = window.location.hash.replace(/^#/, "");
    if (!text) return v;
    text.split("&").forEach(function (part) {
      var at = part.indexOf("=");
      var key = at < 0 ? part : part.slice(0, at);
      var value = "";
      try { value = at < 0 ? "" : decodeURIComponent(part.slice(at + 1)); } catch (err) { value = ""; }
      var day = /^\d{4}-\d{2}-\d{2}$/;
      if (key === "find") v.find = value;
      else if (key === "from" && day.test(value)) v.from = value;
      else if (key === "until" && day.test(value)) v.until = value;
      else if (key === "category") v.category = value ? value.split(",") : [];
      else if (key === "confidence") v.confidence = value ? value.split(",") : [];
      else if (key === "open") v.open = value ? value.split(",") : [];
      else if (key === "present") v.present = true;
      else if (key === "after") { v.from_page = value; v.step = 1; }
      else if (key === "before") { v.from_page = value; v.step = -1; }
    });
    return v;
  }

  // -- presenting: the diagram alone on the screen, group after group ---------------------

  function setPresenting(on, gesture) {
    state.presenting = on;
    document.body.classList.toggle("presenting", on);
    var root = document.documentElement;
    if (on && gesture && root.requestFullscreen && !document.fullscreenElement) {
      root.requestFullscreen().catch(function () { return null; });
    }
    if (!on && document.fullscreenElement && document.exitFullscreen) {
      document.exitFullscreen().catch(function () { return null; });
    }
    if (state.resize) state.resize();
    else sizeCanvas();
    if (state.writeFragment) state.writeFragment();
  }

  // Group pages of a pack reach the previous and next group through the overview beside them,
  // which holds the list of groups (a page cannot read another file: nothing is fetched).
  function step(direction) {
    var here = window.location.pathname.split("/").pop();
    var kind = document.body.getAttribute("data-cs-peers");
    if (kind === "overview") {
      var groups = groupPages(state.payload);
      if (!groups.length) return;
      var target = direction > 0 ? groups[0] : groups[groups.length - 1];
      window.location.href = target + "#present";
      return;
    }
    if (kind !== "group") return;
    var overview = document.querySelector('nav.cs-nav a[href$="overview.html"]');
    if (!overview) return;
    window.location.href = overview.getAttribute("href") + "#present&" +
      (direction > 0 ? "after=" : "before=") + encodeURIComponent(here);
  }

  function groupPages(payload) {
    var seen = {}, pages = [];
    var links = (payload && payload.links) || {};
    Object.keys(links).forEach(function (id) {
      var href = links[id];
      if (/^[^/]+\.html$/.test(href) && !seen[href]) { seen[href] = true; pages.push(href); }
    });
    return pages.sort();
  }

  // On the overview, "#present&after=PG-0003.html" opens the group after PG-0003 (or before
  // it), presenting; past the last group the overview itself is presented.
  function routePresentation(payload) {
    if (document.body.getAttribute("data-cs-peers") !== "overview" || !view.from_page) return false;
    var groups = groupPages(payload);
    var at = groups.indexOf(view.from_page);
    var target = at < 0 ? null : groups[at + view.step];
    if (!target) {
      window.history.replaceState(null, "", window.location.href.split("#")[0] + "#present");
      view.from_page = "";
      return false;
    }
    window.location.replace(target + "#present");
    return true;
  }

  function presentation() {
    var button = byId("cs-present");
    button.addEventListener("click", function () { setPresenting(!state.presenting, true); });
    byId("cs-next").addEventListener("click", function () { step(1); });
    byId("cs-leave").addEventListener("click", function () { setPresenting(false, false); });
    byId("cs-previous").addEventListener("click", function () { step(-1); });
    document.addEventListener("fullscreenchange", function () {
      // Leaving the browser's full screen (Esc) leaves presenting too.
      if (!document.fullscreenElement && state.presenting && state.wasFullscreen) setPresenting(false, false);
      state.wasFullscreen = !!document.fullscreenElement;
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "p" || event.key === "P") {
        setPresenting(!state.presenting, true);
        event.preventDefault();
      } else if (state.presenting && event.key === "Escape") {
        setPresenting(false, false);
      } else if (state.presenting && (event.key === "ArrowRight" || event.key === "PageDown" || event.key === "n")) {
        step(1);
        event.preventDefault();
      } else if (state.presenting && (event.key === "ArrowLeft" || event.key === "PageUp")) {
        step(-1);
        event.preventDefault();
      }
    });
  }

  // -- the table of groups beside a large overview: search, sort, point at a group --------

  function tableControls() {
  var table = byId("cs-groups");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = byId("cs-group-search");
  search.addEventListener("input", function () {
    var words = search.value.toLowerCase().trim();
    rows.forEach(function (row) {
      row.hidden = words !== "" && row.textContent.toLowerCase().indexOf(words) < 0;
    });
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    th.addEventListener("click", function () {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var numeric = th.getAttribute("data-type") === "number";
      rows.sort(function (a, b) {
        var x = a.cells[column].getAttribute("data-value");
        var y = b.cells[column].getAttribute("data-value");
        var order = numeric ? Number(x) - Number(y) : x < y ? -1 : x > y ? 1 : 0;
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  rows.forEach(function (row) {
    row.addEventListener("mouseenter", function () {
      if (state.network) state.network.selectNodes([row.getAttribute("data-node")]);
    });
  });
  }
})();
