"""OpenStreetMap extracts for the tests: small ones written with osmium, and broken ones cut from Helsinki."""
import osmium

HELSINKI = "helsinki.osm.pbf"

# A square suburb (a closed way) with one named street across it, a footpath and a school in it.
SQUARE = {1: (24.940, 60.170, {}), 2: (24.950, 60.170, {}), 3: (24.950, 60.175, {}), 4: (24.940, 60.175, {}),
          5: (24.939, 60.1725, {}), 6: (24.951, 60.1725, {}),
          7: (24.945, 60.171, {"amenity": "school", "name": "Koulu"})}
SUBURB = (10, [1, 2, 3, 4, 1], {"place": "suburb", "name": "Testila"})
STREET = (11, [5, 6], {"highway": "residential", "name": "Testikatu"})
FOOTPATH = (12, [5, 6], {"highway": "footway", "name": "Polku"})


def write_extract(path, ways, nodes=SQUARE) -> str:
    """A small .osm.pbf made with osmium: `nodes` {id: (lon, lat, tags)}, `ways` [(id, node ids, tags)]."""
    with osmium.SimpleWriter(str(path)) as writer:
        for node_id, (lon, lat, tags) in sorted(nodes.items()):
            writer.add_node(osmium.osm.mutable.Node(id=node_id, location=(lon, lat), tags=tags))
        for way_id, refs, tags in sorted(ways, key=lambda way: way[0]):  # osmium wants ids in order
            writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=refs, tags=tags))
    return str(path)


def truncated(tmp_path, shared_data) -> str:
    """The first half of the Helsinki extract, as a download cut off half way."""
    with open(shared_data(HELSINKI), "rb") as file:
        data = file.read()
    path = tmp_path / "cut.osm.pbf"
    path.write_bytes(data[:len(data) // 2])
    return str(path)


def text_file(tmp_path, shared_data) -> str:
    """A text file renamed .osm.pbf."""
    path = tmp_path / "notes.osm.pbf"
    path.write_text("Streets of Helsinki: Mannerheimintie, Aleksanterinkatu\n")
    return str(path)


def no_named_streets(tmp_path, shared_data) -> str:
    """A whole, valid extract whose only street has no name (and whose named way is a footpath)."""
    unnamed = (11, [5, 6], {"highway": "residential"})
    return write_extract(tmp_path / "nameless.osm.pbf", [SUBURB, unnamed, FOOTPATH])


# Each broken file, with the words its refusal says.
BAD_FILES = [(truncated, "not a readable OpenStreetMap extract"),
             (text_file, "not a readable OpenStreetMap extract"),
             (no_named_streets, "no named streets")]
