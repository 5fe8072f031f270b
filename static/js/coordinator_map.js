// The coordinator map: one GeoJSON layer of blocks on canvas, built from the compact data
// document of services/map_layers.py. Every user string is put in the page as text
// (textContent, text nodes), never as HTML, so a name like <script> is only ever shown.
(function () {
  "use strict";
  // Status colours have one source, the vocabulary's styles in the page head (outreach/vocab.py): read once per status.
  var COLORS = {};
  function colourOf(status) {
    if (!(status in COLORS)) {
      COLORS[status] = getComputedStyle(document.documentElement)
        .getPropertyValue("--block_status-" + status).trim();
    }
    return COLORS[status];
  }
  var PLAN_COLORS = ["#7c3aed", "#db2777", "#0891b2", "#65a30d", "#ea580c", "#4f46e5", "#be123c", "#0d9488"];
  var SOON_MINUTES = 12 * 60;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function decodeRing(flat) {
    var ring = [], x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i]; y += flat[i + 1];
      ring.push([x / 1e5, y / 1e5]);
    }
    return ring;
  }

  function decodeGeometry(polygons) {
    var coords = polygons.map(function (rings) { return rings.map(decodeRing); });
    return coords.length === 1 ? {type: "Polygon", coordinates: coords[0]}
                               : {type: "MultiPolygon", coordinates: coords};
  }

  function featuresOf(data) {
    var b = data.blocks, features = [];
    for (var i = 0; i < b.id.length; i++) {
      features.push({type: "Feature", geometry: decodeGeometry(b.geom[i]), properties: {
        id: b.id[i], code: b.code[i], neighborhood_id: b.hood[i], status: data.statuses[b.status[i]],
        team_id: b.team[i] || null, assignment_id: b.assignment[i] || null, expires: b.expires[i] || null,
        visits: b.visits[i], open_needs: b.needs[i], urgent: b.urgent[i]}});
    }
    return {type: "FeatureCollection", features: features};
  }

  function start(map, drawn, options) {
    var T = options.labels, state = {teams: {}, hoods: {}, layers: {}, selection: [], plan: null};
    var renderer = L.canvas({padding: 0.3});
    var panel = document.getElementById(options.panel_id);
    window.OutreachMap.current = state;
    state.map = map;

    function headers() {
      return {"Content-Type": "application/json", "X-CSRFToken": options.csrf_token};
    }

    function call(method, url, body) {
      return fetch(url, {method: method, credentials: "same-origin", headers: headers(),
                         body: body === undefined ? undefined : JSON.stringify(body)})
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (json) {
            if (!r.ok) { throw new Error((json.error && json.error.message) || (T.failed + " (" + r.status + ")")); }
            return json;
          });
        });
    }

    function styleOf(feature) {
      var p = feature.properties, soon = p.expires && (p.expires - Date.now() / 60000) < SOON_MINUTES;
      var planned = state.plan && state.plan.byBlock[p.id];
      return {renderer: renderer, color: planned ? planned.color : "#1f2937",
              weight: planned ? 3 : (state.selection.indexOf(p.id) >= 0 ? 3 : 0.6),
              dashArray: soon ? "4 3" : null, fillColor: colourOf(p.status), fillOpacity: 0.55};
    }

    function teamName(id) { return state.teams[id] ? state.teams[id].name : (id ? "#" + id : "—"); }

    function formatMinutes(minutes) { return new Date(minutes * 60000).toLocaleString(); }

    function row(box, label, value) {
      var line = el("div", null, "popup-row");
      line.appendChild(el("span", label + ": ", "popup-label"));
      line.appendChild(el("span", value));
      box.appendChild(line);
    }

    function teamSelect() {
      var select = el("select", null, "team-select");
      select.setAttribute("aria-label", T.pair);
      Object.keys(state.teams).map(function (k) { return state.teams[k]; })
        .sort(function (a, b) { return a.name.localeCompare(b.name) || a.id - b.id; })
        .forEach(function (t) { var o = el("option", t.name); o.value = t.id; select.appendChild(o); });
      return select;
    }

    function applyAssignments(assignments) {
      assignments.forEach(function (a) {
        var layer = state.layers[a.block_id];
        if (!layer) { return; }
        var p = layer.feature.properties;
        p.status = a.block_status;
        p.team_id = a.released_at ? null : a.team_id;
        p.assignment_id = a.released_at ? null : a.id;
        p.expires = a.released_at ? null : Math.floor(Date.parse(a.expires_at) / 60000);
        layer.setStyle(styleOf(layer.feature));
      });
      refreshNeeds();
    }

    function popupContent(layer) {
      var p = layer.feature.properties, box = el("div", null, "block-popup");
      box.appendChild(el("strong", p.code, "popup-code"));
      row(box, T.neighborhood, state.hoods[p.neighborhood_id] || "");
      row(box, T.status, T.statuses[p.status] || p.status);
      row(box, T.pair, p.team_id ? teamName(p.team_id) : "—");
      row(box, T.visits, p.visits);
      row(box, T.open_needs, p.open_needs + (p.urgent ? " (" + p.urgent + " " + T.urgent + ")" : ""));
      if (p.expires) { row(box, T.expires, formatMinutes(p.expires)); }
      var message = el("p", null, "popup-message");
      message.setAttribute("role", "status");
      var actions = el("div", null, "popup-actions");
      function done(json) {
        applyAssignments(json.assignments || [json]);
        if (state.popupLayer === layer) { popup.setContent(popupContent(layer)); }
      }
      function fail(error) { message.textContent = error.message; }
      if (p.assignment_id) {
        var renew = el("button", T.renew), release = el("button", T.release);
        renew.type = release.type = "button";
        renew.addEventListener("click", function () {
          call("POST", options.api + "/assignments/" + p.assignment_id + "/renew").then(done, fail);
        });
        release.addEventListener("click", function () {
          call("DELETE", options.api + "/assignments/" + p.assignment_id).then(done, fail);
        });
        actions.appendChild(renew); actions.appendChild(release);
      } else if (Object.keys(state.teams).length) {
        var select = teamSelect(), assign = el("button", T.assign, "primary");
        assign.type = "button";
        assign.addEventListener("click", function () {
          call("POST", options.api + "/assignments", {team_id: parseInt(select.value, 10), block_ids: [p.id]})
            .then(done, fail);
        });
        actions.appendChild(select); actions.appendChild(assign);
      } else {
        actions.appendChild(el("span", T.no_pairs));
      }
      box.appendChild(actions);
      box.appendChild(message);
      return box;
    }

    // Blocks: one GeoJSON layer on canvas.
    var data = options.data;
    data.hoods.forEach(function (h) { state.hoods[h.id] = h.name; });
    data.teams.forEach(function (t) { state.teams[t.id] = t; });
    var blocks = L.geoJSON(featuresOf(data), {
      renderer: renderer, style: styleOf,
      onEachFeature: function (feature, layer) { state.layers[feature.properties.id] = layer; }
    });
    // One popup for the whole layer, filled when a block is clicked (not 20,000 bound popups).
    var popup = L.popup({maxWidth: 320});
    blocks.on("click", function (e) {
      L.DomEvent.stop(e);
      state.popupLayer = e.layer;
      popup.setLatLng(e.latlng).setContent(popupContent(e.layer)).openOn(map);
    });
    blocks.addTo(map);
    state.blocks = blocks;

    var outlines = L.geoJSON({type: "FeatureCollection", features: data.hoods.map(function (h) {
      return {type: "Feature", geometry: decodeGeometry(h.geom), properties: {name: h.name}};
    })}, {renderer: renderer, interactive: false, style: {color: "#111827", weight: 2, fill: false}});
    outlines.addTo(map);

    var staging = L.layerGroup();
    data.teams.forEach(function (t) {
      if (t.lat === null || t.lon === null) { return; }
      var tip = el("span", t.name + (t.label ? " — " + t.label : ""));
      L.circleMarker([t.lat, t.lon], {renderer: renderer, radius: 7, color: "#111827", weight: 2,
                                      fillColor: "#facc15", fillOpacity: 1})
        .bindTooltip(tip).addTo(staging);
    });
    staging.addTo(map);

    var needs = L.layerGroup().addTo(map);
    function refreshNeeds() {
      needs.clearLayers();
      blocks.eachLayer(function (layer) {
        var p = layer.feature.properties;
        var flagged = p.urgent > 0 || p.status === "unsafe";
        if (!p.open_needs && !flagged) { return; }
        var text = flagged ? (p.status === "unsafe" ? T.statuses.unsafe : p.urgent + " " + T.urgent)
                           : p.open_needs + " " + T.open_needs;
        L.circleMarker(layer.getBounds().getCenter(), {renderer: renderer, radius: flagged ? 7 : 4,
          color: flagged ? "#7f1d1d" : "#9a3412", weight: 1, fillColor: flagged ? "#dc2626" : "#fb923c",
          fillOpacity: 0.95, interactive: true}).bindTooltip(el("span", p.code + ": " + text)).addTo(needs);
      });
    }
    refreshNeeds();

    var overlays = {};
    overlays[T.blocks] = blocks;
    overlays[T.neighborhoods] = outlines;
    overlays[T.staging] = staging;
    overlays[T.needs_layer] = needs;
    L.control.layers(null, overlays, {collapsed: false}).addTo(map);

    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      var box = el("div", null, "map-legend");
      box.appendChild(el("strong", T.legend));
      data.statuses.forEach(function (s) {
        var line = el("div"), swatch = el("span", null, "swatch");
        swatch.style.background = colourOf(s);
        line.appendChild(swatch);
        line.appendChild(el("span", T.statuses[s] || s));
        box.appendChild(line);
      });
      box.appendChild(el("div", T.expiring_soon, "legend-dashed"));
      return box;
    };
    legend.addTo(map);

    addSearch(map, options, T, state);

    if (data.blocks.id.length) { map.fitBounds(blocks.getBounds(), {animate: false}); }
    else if (data.hoods.length) { map.fitBounds(outlines.getBounds(), {animate: false}); }

    // Drawing a rectangle or polygon selects the blocks whose middle lies inside.
    map.on(L.Draw.Event.CREATED, function (e) {
      var shape = e.layer, ring = shape.getLatLngs()[0];
      var picked = [];
      blocks.eachLayer(function (layer) {
        if (insideRing(layer.getBounds().getCenter(), ring)) { picked.push(layer.feature.properties.id); }
      });
      setSelection(picked);
      showSelection();
    });

    function setSelection(ids) {
      var before = state.selection;
      state.selection = ids;
      before.concat(ids).forEach(function (id) {
        var layer = state.layers[id];
        if (layer) { layer.setStyle(styleOf(layer.feature)); }
      });
    }

    function showSelection() {
      var box = panel.querySelector("[data-part=selection]");
      box.textContent = "";
      var free = state.selection.filter(function (id) { return !state.layers[id].feature.properties.assignment_id; });
      box.appendChild(el("p", T.selected.replace("{n}", state.selection.length).replace("{free}", free.length)));
      var message = el("p", null, "panel-message");
      message.setAttribute("role", "status");
      var select = teamSelect(), assign = el("button", T.assign_selected, "primary"), cancel = el("button", T.cancel);
      assign.type = cancel.type = "button";
      assign.disabled = !free.length || !Object.keys(state.teams).length;
      assign.addEventListener("click", function () {
        call("POST", options.api + "/assignments", {team_id: parseInt(select.value, 10), block_ids: free})
          .then(function (json) {
            applyAssignments(json.assignments);
            clearSelection();
            box.appendChild(el("p", T.assigned_n.replace("{n}", json.assignments.length), "panel-message"));
          }, function (error) { message.textContent = error.message; });
      });
      cancel.addEventListener("click", clearSelection);
      [select, assign, cancel, message].forEach(function (n) { box.appendChild(n); });
    }

    function clearSelection() {
      setSelection([]);
      drawn.clearLayers();
      panel.querySelector("[data-part=selection]").textContent = "";
    }

    // Suggested plans: shown as coloured outlines; the coordinator accepts all, some or none.
    var suggest = panel.querySelector("[data-action=suggest]");
    suggest.addEventListener("click", function () {
      var box = panel.querySelector("[data-part=plan]");
      box.textContent = T.loading;
      call("GET", options.api + "/suggestions" + (options.neighborhood_id ? "?neighborhood_id=" + options.neighborhood_id : ""))
        .then(function (json) { showPlan(json.plan, box); },
              function (error) { box.textContent = error.message; });
    });

    function showPlan(entries, box) {
      clearPlan();
      box.textContent = "";
      if (!entries.length) { box.appendChild(el("p", T.plan_empty)); return; }
      state.plan = {entries: entries, byBlock: {}};
      var list = el("ul", null, "plan-list");
      entries.forEach(function (entry, i) {
        var color = PLAN_COLORS[i % PLAN_COLORS.length];
        entry.block_ids.forEach(function (id) { state.plan.byBlock[id] = {color: color, team: entry.team_id}; });
        var item = el("li"), label = el("label"), box2 = el("input");
        box2.type = "checkbox"; box2.checked = true; box2.value = entry.team_id;
        var swatch = el("span", null, "swatch");
        swatch.style.background = color;
        var far = Math.max.apply(null, entry.distance_m.concat([0]));
        label.appendChild(box2); label.appendChild(swatch);
        label.appendChild(el("span", T.plan_row.replace("{pair}", teamName(entry.team_id))
          .replace("{n}", entry.block_ids.length).replace("{m}", Math.round(far))));
        item.appendChild(label);
        list.appendChild(item);
      });
      restyleAll();
      var accept = el("button", T.accept, "primary"), dismiss = el("button", T.dismiss);
      accept.type = dismiss.type = "button";
      var message = el("p", null, "panel-message");
      message.setAttribute("role", "status");
      accept.addEventListener("click", function () {
        var chosen = Array.prototype.filter.call(list.querySelectorAll("input"), function (c) { return c.checked; })
          .map(function (c) { return parseInt(c.value, 10); });
        var items = entries.filter(function (e) { return chosen.indexOf(e.team_id) >= 0; })
          .map(function (e) { return {team_id: e.team_id, block_ids: e.block_ids}; });
        if (!items.length) { clearPlan(); box.textContent = ""; return; }
        call("POST", options.api + "/suggestions/accept", {plan: items}).then(function (json) {
          clearPlan();
          applyAssignments(json.assignments);
          box.textContent = "";
          box.appendChild(el("p", T.assigned_n.replace("{n}", json.assignments.length), "panel-message"));
        }, function (error) { message.textContent = error.message; });
      });
      dismiss.addEventListener("click", function () { clearPlan(); box.textContent = ""; });
      [list, accept, dismiss, message].forEach(function (n) { box.appendChild(n); });
    }

    function clearPlan() { state.plan = null; restyleAll(); }

    function restyleAll() { blocks.setStyle(styleOf); }
    state.ready = true;
  }

  function insideRing(point, ring) {
    // Ray casting on lat/lng: exact enough for city blocks.
    var inside = false, x = point.lng, y = point.lat;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i].lng, yi = ring[i].lat, xj = ring[j].lng, yj = ring[j].lat;
      if (((yi > y) !== (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi)) { inside = !inside; }
    }
    return inside;
  }

  function addSearch(map, options, T, state) {
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var box = el("div", null, "map-search"), input = el("input"), results = el("ul", null, "results");
      input.type = "search";
      input.placeholder = T.search;
      input.setAttribute("aria-label", T.search);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      input.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") { return; }
        e.preventDefault();
        results.textContent = "";
        fetch(options.api + "/geocode?q=" + encodeURIComponent(input.value.trim()), {credentials: "same-origin"})
          .then(function (r) { if (!r.ok) { throw new Error(); } return r.json(); })
          .then(function (hits) {
            if (!hits.length) { results.appendChild(el("li", T.no_match)); }
            hits.slice(0, 8).forEach(function (hit) {
              var item = el("li"), go = el("button", hit.name + (hit.kind ? " (" + hit.kind + ")" : ""));
              go.type = "button";
              go.addEventListener("click", function () {
                var layer = hit.block_id && state.layers[hit.block_id];
                if (layer) {
                  map.fitBounds(layer.getBounds(), {maxZoom: 17});
                  layer.fire("click", {latlng: layer.getBounds().getCenter()}, true);
                } else {
                  map.setView([hit.lat, hit.lon], 16);
                }
              });
              item.appendChild(go);
              results.appendChild(item);
            });
          })
          .catch(function () { results.appendChild(el("li", T.search_unavailable)); });
      });
      box.appendChild(input);
      box.appendChild(results);
      return box;
    };
    control.addTo(map);
  }

  window.OutreachMap = {
    start: function (map, drawn, options) {
      fetch(options.data_url, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          options.data = data;
          start(map, drawn, options);
          window.OutreachMap.drawnAt = performance.now();
          document.documentElement.setAttribute("data-map-ready", "1");
        });
    },
    // For tests and the benchmark: where a block is on screen, and its current fill colour.
    pointOf: function (id) {
      var s = window.OutreachMap.current, layer = s.layers[id];
      return s.map.latLngToContainerPoint(layer.getBounds().getCenter());
    },
    fillOf: function (id) { return window.OutreachMap.current.layers[id].options.fillColor; },
    colors: COLORS
  };
}());
