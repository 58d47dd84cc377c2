"""Jobs of the strategies app (thin wrappers in tasks_<part>.py, imported here for discovery)."""
