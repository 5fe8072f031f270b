// The search box: a place or a block by name, through the geocode API.
import {el} from "./dom.js";

function resultItem(ctx, hit) {
  const item = el("li"), go = el("button", hit.name + (hit.kind ? " (" + hit.kind + ")" : ""));
  go.type = "button";
  go.addEventListener("click", () => {
    const layer = hit.block_id && ctx.state.layers[hit.block_id];
    if (layer) {
      ctx.map.fitBounds(layer.getBounds(), {maxZoom: 17});
      layer.fire("click", {latlng: layer.getBounds().getCenter()}, true);
    } else {
      ctx.map.setView([hit.lat, hit.lon], 16);
    }
  });
  item.appendChild(go);
  return item;
}

/** Add the search control to the map. */
export function addSearch(ctx) {
  const {T, options} = ctx;
  const control = L.control({position: "topright"});
  control.onAdd = () => {
    const box = el("div", null, "map-search"), input = el("input"), results = el("ul", null, "results");
    input.type = "search";
    input.placeholder = T.search;
    input.setAttribute("aria-label", T.search);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    input.addEventListener("keydown", (e) => {
      if (e.key !== "Enter") { return; }
      e.preventDefault();
      results.textContent = "";
      fetch(options.api + "/geocode?q=" + encodeURIComponent(input.value.trim()), {credentials: "same-origin"})
        .then((r) => { if (!r.ok) { throw new Error(); } return r.json(); })
        .then((hits) => {
          if (!hits.length) { results.appendChild(el("li", T.no_match)); }
          hits.slice(0, 8).forEach((hit) => results.appendChild(resultItem(ctx, hit)));
        })
        .catch(() => results.appendChild(el("li", T.search_unavailable)));
    });
    box.append(input, results);
    return box;
  };
  control.addTo(ctx.map);
}
