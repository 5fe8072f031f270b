"""A pair's work in the field: assignments, block work, visits, paper logs and packets, receipts, coverage."""
