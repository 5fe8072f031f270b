"""The operation itself: the audit trail, backups, retention, exports, the demo operation, days in its time zone."""
