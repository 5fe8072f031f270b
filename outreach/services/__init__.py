"""Pure domain logic. Services decide; they never touch the request and never commit.

One package a feature, each owning its modules:
- areas: areas and maps (neighborhoods, blocks, streets, geometry, gazetteer, basemap, folium maps).
- fieldwork: a pair's work in the field (assignments, block work, visits, paper, packets, receipts, coverage).
- mutual_aid: needs, aid groups, the public counts and their small-count suppression.
- safety: shifts, alerts, messages to pairs, hazards, the care board.
- people: people and pairs (accounts, volunteers, teams, sessions, tokens, devices, sign-in codes, QR).
- operation: the operation itself (audit, backups, retention, exports, demo, calendar days).
- privacy: the PII scrubber and keyed digests.
"""
