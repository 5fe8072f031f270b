/* Home: the pair, the shift, the pair's blocks (nearest first if asked) and a small map. */
(function () {
  'use strict';

  var L10N = window.Field.labels;
  var M = L10N.messages;
  var fmt = window.Field.fmt;
  var features = [];
  var map = null;

  function byId(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function time(iso) {
    return new Date(iso).toLocaleTimeString(document.documentElement.lang || [], { hour: '2-digit', minute: '2-digit' });
  }

  function renderShift(shift) {
    var status = byId('shift-status');
    if (!shift) { status.textContent = M.not_checked_in; return; }
    var overdue = new Date(shift.expected_end_at) < new Date();
    status.textContent = fmt(overdue ? M.overdue : M.checked_in_until, { time: time(shift.expected_end_at) });
    status.className = overdue ? 'warn' : '';
  }

  function renderBlocks(distances) {
    var list = byId('blocks');
    list.textContent = '';
    if (features.length === 0) { list.appendChild(el('li', '', M.no_blocks)); return; }
    features.forEach(function (feature) {
      var p = feature.properties;
      var item = el('li');
      var link = el('a', 'block-link');
      link.href = '/field/blocks/' + p.id;
      link.appendChild(el('span', 'code', p.code));
      link.appendChild(el('span', 'status status-' + p.status, L10N.block_status[p.status] || p.status));
      var facts = fmt(M.visits_count, { n: p.visits }) + ' · ' + fmt(M.open_needs, { n: p.open_needs });
      if (distances) { facts += ' · ' + fmt(M.km, { d: distances[p.id].toFixed(1) }); }
      link.appendChild(el('span', 'facts', facts));
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  function sortByDistance() {
    var noteEl = byId('near-note');
    window.FieldGeo.locate().then(function (here) {
      var distances = {};
      features.forEach(function (f) {
        var c = window.FieldGeo.center(f.geometry);
        distances[f.properties.id] = window.FieldGeo.distanceKm(here[0], here[1], c[0], c[1]);
      });
      features.sort(function (a, b) { return distances[a.properties.id] - distances[b.properties.id]; });
      var inside = window.FieldGeo.blockAt(features, here[0], here[1]);
      noteEl.textContent = inside ? fmt(M.in_block, { code: inside.properties.code }) : '';
      noteEl.hidden = !inside;
      renderBlocks(distances);
    }, function () {
      noteEl.textContent = M.location_off;
      noteEl.hidden = false;
    });
  }

  function drawMap() {
    if (map || !window.L || features.length === 0) { if (map) { map.invalidateSize(); } return; }
    map = window.L.map('map', { attributionControl: false });
    var layer = window.L.geoJSON({ type: 'FeatureCollection', features: features }, {
      style: function (f) { return { className: 'block-shape status-' + f.properties.status, weight: 2 }; },
      onEachFeature: function (f, shape) {
        shape.bindTooltip(f.properties.code, { permanent: true, direction: 'center', className: 'block-label' });
        shape.on('click', function () { window.location.href = '/field/blocks/' + f.properties.id; });
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds());
  }

  function show(data) {
    var pair = byId('pair');
    pair.textContent = data.team ? fmt(M.pair_with, { names: data.team.partners.join(', '), team: data.team.name })
      : M.no_pair;
    var stale = byId('data-note');
    stale.textContent = M.stale_data;
    stale.hidden = !data.offline;
    features = data.blocks.features.slice().sort(function (a, b) {
      return a.properties.code < b.properties.code ? -1 : 1;
    });
    renderShift(data.shift);
    renderBlocks(null);
  }

  window.Field.loadData().then(show, function () {
    byId('pair').textContent = M.sign_in_again;
  });
  byId('sort-near').addEventListener('click', sortByDistance);
  byId('map-box').addEventListener('toggle', drawMap);
})();
