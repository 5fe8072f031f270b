"""Safety: shifts and check-ins, help and all-OK alerts, messages from staging, hazards, the live care board."""
