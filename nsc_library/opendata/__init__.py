"""Open data on the site: search downloads, Atom feeds, sitemap.xml, robots.txt, the API page."""
