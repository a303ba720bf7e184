"""Open data: the read-only JSON API at /api/v1 (`views`), and the downloads, feeds, sitemap and
API page at the site's root (`site_views`). Each module holds one blueprint, registered by the
application factory."""
