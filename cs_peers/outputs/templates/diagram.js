/* cs-peers diagram pages: draw the precomputed network, keep labels readable, open what a
   click points at, search and sort the table of groups, and redraw the picture for paper.
   Runs from this file only; fetches nothing. */
(function () {
  "use strict";
  // Smallest label on screen at fit, in CSS pixels: readable on a projector at 1920x1080.
  var MIN_LABEL_PX = 15;
  // The diagram's box on A4 landscape (273 mm x 132 mm at 96 px per inch; diagram.css).
  var PRINT_W = 1030, PRINT_H = 499;
  var element = document.getElementById("cs-peers-data");
  var container = document.getElementById("cs-network");
  // A hook for tests and for anyone checking the page: what was meant to be drawn, and whether it was.
  var state = { network: null, payload: null, nodeCount: -1, edgeCount: -1,
                drawn: false, error: null, labelFactor: 1 };
  window.csPeers = state;
  var fail = function (err) {
    state.error = String(err);
    container.setAttribute("data-error", String(err));
  };
  // Pages in a pack carry their data gzipped (a third of the size); the browser unpacks it.
  if (element.type === "application/json") {
    draw(JSON.parse(element.textContent));
  } else {
    try {
      var bytes = Uint8Array.from(atob(element.textContent.trim()), function (c) { return c.charCodeAt(0); });
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      new Response(stream).text().then(function (text) { draw(JSON.parse(text)); }, fail);
    } catch (err) {
      fail(err);
    }
  }
  tableControls();

  function draw(payload) {
  state.payload = payload;
  state.nodeCount = payload.nodes.length;
  state.edgeCount = payload.edges.length;
  var links = payload.links || {};
  var baseFont = payload.options.nodes.font.size;
  var fontOf = {};
  payload.nodes.forEach(function (n) {
    if (n.label) fontOf[n.id] = (n.font && n.font.size) || baseFont;
    // Pointed at or selected: the same fill, outlined black (left out of the data to keep it small).
    var c = n.color;
    if (c && typeof c === "object" && !c.highlight) {
      c.highlight = { background: c.background, border: "#000000" };
      c.hover = { background: c.background, border: "#000000" };
    }
  });
  payload.edges.forEach(function (e) {
    var c = e.color;
    if (c && typeof c === "object" && !c.highlight) { c.highlight = c.color; c.hover = c.color; }
  });
  try {
    var nodes = new vis.DataSet(payload.nodes);
    var network = new vis.Network(
      container, { nodes: nodes, edges: new vis.DataSet(payload.edges) }, payload.options
    );
    state.network = network;
    network.on("afterDrawing", function () {
      if (!state.drawn) {
        state.drawn = true;
        container.setAttribute("data-drawn", "true");
      }
    });
    // Labels scale with the picture; when fitting makes the smallest one smaller than
    // MIN_LABEL_PX, every label is enlarged by the same factor (positions do not change).
    var readable = function () {
      if (payload.labelsOnZoom) return;
      var scale = network.getScale();
      var smallest = Infinity;
      for (var id in fontOf) smallest = Math.min(smallest, fontOf[id]);
      if (smallest === Infinity || !(scale > 0)) return;
      var factor = Math.max(1, MIN_LABEL_PX / (smallest * scale));
      if (Math.abs(factor - state.labelFactor) < 0.01) return;
      state.labelFactor = factor;
      var updates = [];
      for (var key in fontOf) updates.push({ id: key, font: { size: fontOf[key] * factor } });
      nodes.update(updates);
    };
    // Fit the whole picture; small pictures may be enlarged a little, never beyond 1.5x.
    var fit = function () {
      network.fit({ animation: false, maxZoomLevel: 1.5 });
      readable();
    };
    fit();
    document.getElementById("cs-fit").addEventListener("click", fit);
    network.on("click", function (event) {
      var href = event.nodes.length ? links[event.nodes[0]] : null;
      if (href) window.location.href = href;
    });
    network.on("hoverNode", function (event) {
      container.style.cursor = links[event.node] ? "pointer" : "default";
    });
    network.on("blurNode", function () { container.style.cursor = "default"; });
    // Paper: draw the picture at the size it has on an A4 page, then back to the screen.
    window.addEventListener("beforeprint", function () {
      container.style.width = PRINT_W + "px";
      container.style.height = PRINT_H + "px";
      network.setSize(PRINT_W + "px", PRINT_H + "px");
      network.redraw();
      fit();
    });
    window.addEventListener("afterprint", function () {
      container.style.width = "";
      container.style.height = "";
      network.setSize("100%", "100%");
      network.redraw();
      fit();
    });
  } catch (err) {
    fail(err);
  }
  }

  // The table of groups beside a large overview: search, sort, point at a group.
  function tableControls() {
  var table = document.getElementById("cs-groups");
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("cs-group-search");
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
