/* Home: the pair, the shift, the pair's blocks (nearest first if asked) and a small map. */
import { M, counted, fmt, labels } from './core.js';
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
    const link = el('a', { className: 'block-link', href: `/field/blocks/${p.id}` }, [
      el('span', { className: 'code' }, p.code),
      el('span', { className: `status status-${p.status}` }, labels.block_status[p.status] || p.status),
      el('span', { className: 'facts' }, facts)
    ]);
    list.append(el('li', {}, [link]));
  });
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

function drawMap() {
  if (map) { map.invalidateSize(); return; }
  if (!window.L || features.length === 0) { return; }  // Leaflet is a classic script: window.L
  map = window.L.map('map', { attributionControl: false });
  const layer = window.L.geoJSON({ type: 'FeatureCollection', features }, {
    style: (f) => ({ className: `block-shape status-${f.properties.status}`, weight: 2 }),
    onEachFeature: (f, shape) => {
      // Leaflet inserts tooltip strings as HTML: hand it a text node instead.
      shape.bindTooltip(document.createTextNode(f.properties.code),
        { permanent: true, direction: 'center', className: 'block-label' });
      shape.on('click', () => { window.location.href = `/field/blocks/${f.properties.id}`; });
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  document.dispatchEvent(new CustomEvent('field:map', { detail: { map, bounds: layer.getBounds() } }));
}

function show(data) {
  byId('pair').textContent = data.team
    ? fmt(M.pair_with, { names: data.team.partners.join(', '), team: data.team.name }) : M.no_pair;
  say('data-note', data.offline ? M.stale_data : '');
  features = data.blocks.features.slice().sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
  renderShift(data.shift);
  renderBlocks(null);
  document.dispatchEvent(new CustomEvent('field:blocks', { detail: { features } }));
}

loadData().then(show, () => { byId('pair').textContent = M.sign_in_again; });
byId('sort-near').addEventListener('click', sortByDistance);
byId('map-box').addEventListener('toggle', drawMap);
