"""Administration at /admin/: accounts and audit log (administrators), vocabularies (editors)."""
