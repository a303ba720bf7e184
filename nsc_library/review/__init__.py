"""The editors' review queue and their actions on a practice: /review/."""
