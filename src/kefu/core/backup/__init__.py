"""Backups of a whole installation: the database, every stored file and a manifest, in one tar.

`services.backup_create` writes an archive; `services.backup_restore` checks one and puts it
back. The commands `kefu backup` and `kefu restore` are thin wrappers around them.
"""
