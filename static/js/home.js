/* Home: the pair, the shift, the pair's blocks (nearest first if asked) and a small map. */
import { M, counted, field, fmt, gatheringWhen, labels } from './core.js';
import { byId, el, say } from './dom.js';
import { blockAt, center, distanceKm, locate } from './geo.js';
import { loadData, waiting } from './outbox.js';
import { shiftState, shiftWords } from './shift_state.js';

let features = [];
let map = null;

async function renderShift(shift) {
  const status = byId('shift-status');
  const words = shiftWords(shiftState(shift, await waiting()));
  status.textContent = words.text;
  status.className = words.overdue ? 'warn' : '';
}

function renderBlocks(distances) {
  const list = byId('blocks');
  list.textContent = '';
  if (features.length === 0) { list.append(el('li', {}, M.no_blocks)); return; }
  features.forEach(({ properties: p }) => {
    let facts = `${counted(M.visits_count, p.visits)} · ${counted(M.open_needs, p.open_needs)}`;
    if (distances) { facts += ` · ${fmt(M.km, { d: distances[p.id].toFixed(1) })}`; }
    const link = el('a', { className: 'block-link', href: field(`blocks/${p.id}`) }, [
      el('span', { className: 'code' }, p.code),
      el('span', { className: `status status-${p.status}` }, labels.block_status[p.status] || p.status),
      el('span', { className: 'facts' }, facts)
    ]);
    list.append(el('li', {}, [link]));
  });
}

/* The gatherings this volunteer facilitates: kind, title, when and where; each opens its page (check in, report). */
function renderGatherings(gatherings) {
  byId('gatherings-box').hidden = gatherings.length === 0;
  byId('gatherings').replaceChildren(...gatherings.map((g) => el('li', {}, [
    el('a', { className: 'block-link gathering-link', href: field(`gatherings/${g.id}`) }, [
      el('span', { className: 'title', translate: false }, g.title),
      el('span', { className: `status gathering-${g.kind}` }, labels.gathering_kind[g.kind] || g.kind),
      el('span', { className: 'facts' }, `${gatheringWhen(g)} · ${g.where}`),
      el('span', { className: 'facts' }, labels.gathering_status[g.status] || g.status)
    ])])));
}

async function sortByDistance() {
  try {
    const [lon, lat] = await locate();
    const distances = {};
    features.forEach((f) => {
      const [x, y] = center(f.geometry);
      distances[f.properties.id] = distanceKm(lon, lat, x, y);
    });
    features.sort((a, b) => distances[a.properties.id] - distances[b.properties.id]);
    const inside = blockAt(features, lon, lat);
    say('near-note', inside ? fmt(M.in_block, { code: inside.properties.code }) : '');
    renderBlocks(distances);
  } catch (off) {
    say('near-note', M.location_off);
  }
}

const MAX_LABEL_ZOOM = 18;  // closer than this a phone shows a single house: the blocks are too big to matter

/* What a block's label on the map says: its number when all the pair's blocks share a neighbourhood (LNW-014: 014). */
function labelMaker(codes) {
  const stems = new Set(codes.map((code) => code.slice(0, code.lastIndexOf('-') + 1)));
  const cut = stems.size === 1 ? [...stems][0].length : 0;
  return (code) => code.slice(cut);
}

const LABEL_GAP = 4;  // px between two labels, so that they read as two

function overlap([x, y, w, h], [x2, y2, w2, h2]) {
  return x < x2 + w2 && x2 < x + w && y < y2 + h2 && y2 < y + h;
}

/* Whether any two labels would cover each other at this zoom: a label keeps its size, the map doubles a step. */
function labelsCollide(labels, zoom) {
  const placed = labels.map(({ at, w, h }) => {
    const centre = map.project(at, zoom);
    return [centre.x - w / 2, centre.y - h / 2, w, h];
  });
  return placed.some((box, i) => placed.slice(i + 1).some((other) => overlap(box, other)));
}

/* The first zoom from the one that shows every block at which no two labels collide. */
function zoomForLabels(shapes) {
  const labels = shapes.map((shape) => {
    const label = shape.getTooltip().getElement();
    return { at: shape.getCenter(), w: label.offsetWidth + LABEL_GAP, h: label.offsetHeight + LABEL_GAP };
  });
  let zoom = map.getZoom();
  while (zoom < MAX_LABEL_ZOOM && labelsCollide(labels, zoom)) { zoom += 1; }
  return zoom;
}

/* A label that would cover one already shown waits for a closer zoom (in code order: the first block's wins). */
function hideCollisions(shapes) {
  const shown = [];
  shapes.forEach((shape) => {
    const label = shape.getTooltip().getElement();
    label.classList.remove('collides');
    const box = label.getBoundingClientRect();
    const hit = shown.some((other) => overlap([box.x, box.y, box.width, box.height],
      [other.x, other.y, other.width, other.height]));
    label.classList.toggle('collides', hit);
    if (!hit) { shown.push(box); }
  });
}

function drawMap() {
  if (map) { map.invalidateSize(); return; }
  if (!window.L || features.length === 0) { return; }  // Leaflet is a classic script: window.L
  map = window.L.map('map', { attributionControl: false });
  const label = labelMaker(features.map((f) => f.properties.code));
  const shapes = [];
  const layer = window.L.geoJSON({ type: 'FeatureCollection', features }, {
    style: (f) => ({ className: `block-shape status-${f.properties.status}`, weight: 2 }),
    onEachFeature: (f, shape) => {
      // Leaflet inserts tooltip strings as HTML: hand it a text node instead.
      shape.bindTooltip(document.createTextNode(label(f.properties.code)),
        { permanent: true, direction: 'center', className: 'block-label' });
      shape.on('click', () => { window.location.href = field(`blocks/${f.properties.id}`); });
      shapes.push(shape);
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  map.setView(layer.getBounds().getCenter(), zoomForLabels(shapes), { animate: false });
  map.on('zoomend moveend', () => window.requestAnimationFrame(() => hideCollisions(shapes)));
  hideCollisions(shapes);
  document.dispatchEvent(new CustomEvent('field:map', { detail: { map, bounds: layer.getBounds() } }));
}

function show(data) {
  byId('pair').textContent = data.team
    ? fmt(M.pair_with, { names: data.team.partners.join(', '), team: data.team.name }) : M.no_pair;
  say('data-note', data.offline ? M.stale_data : '');
  features = data.blocks.features.slice().sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
  renderShift(data.shift);
  renderBlocks(null);
  if (byId('map-box').open) { drawMap(); }  // opened before the blocks came: draw it now
  renderGatherings(data.gatherings || []);
  document.dispatchEvent(new CustomEvent('field:blocks', { detail: { features } }));
}

loadData().then(show, () => { byId('pair').textContent = M.sign_in_again; });
byId('sort-near').addEventListener('click', sortByDistance);
byId('map-box').addEventListener('toggle', drawMap);
