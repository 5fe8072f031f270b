// Filter panels (<details class="filters-box">) fold on a phone so the list comes first; on a wide
// screen there is room, so they open. A person's own toggle afterwards is left alone.
const WIDE = window.matchMedia("(min-width: 48em)");
if (WIDE.matches) {
  for (const box of document.querySelectorAll("details.filters-box")) { box.open = true; }
}
