"""The public site: home, search, browsing by theme and country, practice pages, shortlist."""
