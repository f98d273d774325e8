"""Authoring: what an instructor runs once per homework (markers, assign, record, bundle, sync, check, data)."""
