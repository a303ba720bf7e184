"""Contributors' pages at /contribute/: dashboard, writing and editing practices, history."""
