"""The seed vocabularies, countries and Nordic models that `init-db` puts in an empty library."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources import files
from typing import Any

import pycountry
from sqlalchemy import select

from nsc_library.extensions import db
from nsc_library.models import Approach, Country, NordicModel, TargetGroup, Theme, VocabularyTerm
from nsc_library.models.places import NORDIC_CODES

THEMES = [
    (
        "violent-extremism",
        "Violent extremism",
        "Preventing and countering violent extremism (P/CVE).",
    ),
    (
        "radicalisation",
        "Radicalisation",
        "Early signs of radicalisation and the work to turn them.",
    ),
    ("hate-crime", "Hate crime", "Crimes motivated by prejudice, and support for those targeted."),
    ("hate-speech", "Hate speech", "Hateful expression offline and online, and counter-speech."),
    ("polarisation", "Polarisation", "Growing divides between groups, and dialogue across them."),
    ("gang-crime", "Gang crime", "Criminal networks, group violence and shootings."),
    (
        "honour-related-violence",
        "Honour-related violence",
        "Control and violence in the name of honour.",
    ),
    ("domestic-violence", "Domestic violence", "Violence in close relationships and families."),
    ("youth-crime", "Youth crime", "Crime among children and young people, and ways out of it."),
    (
        "crisis-resilience",
        "Crisis resilience",
        "Communities prepared for and recovering from crises.",
    ),
    ("safe-urban-space", "Safe urban space", "Streets, squares and neighbourhoods that feel safe."),
    ("online-safety", "Online safety", "Safety, literacy and harm reduction on the internet."),
]

APPROACHES = [
    (
        "multi-agency-cooperation",
        "Multi-agency cooperation",
        "Schools, social services, police and others working as one (SSP, SLT).",
    ),
    ("mentoring", "Mentoring", "A trusted adult who follows one young person over time."),
    (
        "exit-programme",
        "Exit programme",
        "Help to leave extremist or criminal milieus (disengagement).",
    ),
    ("family-support", "Family support", "Guidance and help for parents and families."),
    (
        "professional-training",
        "Professional training",
        "Training frontline staff to recognise and act.",
    ),
    ("school-programme", "School programme", "Lessons and whole-school work with pupils."),
    (
        "community-engagement",
        "Community engagement",
        "Working with residents, associations and faith communities.",
    ),
    (
        "youth-activities",
        "Youth activities",
        "Leisure, sport and youth clubs as protective settings.",
    ),
    ("online-outreach", "Online outreach", "Being present where young people are online."),
    ("urban-design", "Urban design", "Planning and design of safe public spaces."),
    ("policing", "Policing", "Preventive, dialogue and community policing."),
    ("victim-support", "Victim support", "Support for people targeted by crime or hate."),
    ("early-warning", "Early warning", "Spotting and reporting concerns early."),
    ("strategy-action-plan", "Strategy and action plan", "City strategies and action plans."),
    (
        "research-monitoring",
        "Research and monitoring",
        "Knowledge, surveys and monitoring of trends.",
    ),
]

TARGET_GROUPS = [
    ("children", "Children", "Children under 13."),
    ("young-people", "Young people", "Teenagers and young adults."),
    ("parents-families", "Parents and families", "Parents, carers and relatives."),
    (
        "frontline-practitioners",
        "Frontline practitioners",
        "Social workers, youth workers and others in the field.",
    ),
    ("teachers-schools", "Teachers and schools", "Teachers, school staff and school leaders."),
    ("extremist-milieus", "Extremist milieus", "People in or close to extremist groups."),
    ("inmates-probation", "Inmates and probation", "People in prison or under probation."),
    ("victims", "Victims", "People targeted by crime, violence or hate."),
    ("minority-communities", "Minority communities", "Ethnic, religious and other minorities."),
    ("general-public", "General public", "All residents."),
    ("decision-makers", "Decision-makers", "Politicians and senior officials."),
    ("police", "Police", "Police officers and police leadership."),
]

VOCABULARIES: list[tuple[type[VocabularyTerm], list[tuple[str, str, str]]]] = [
    (Theme, THEMES),
    (Approach, APPROACHES),
    (TargetGroup, TARGET_GROUPS),
]


# The seed terms' labels in the other interface languages (data/vocabulary-translations.json).
TRANSLATIONS_FILE = "vocabulary-translations.json"


@cache
def seed_translations() -> dict[str, dict[str, dict[str, Any]]]:
    """{dimension: {slug: {language: {"label", "description"}}}} for the seed terms."""
    return json.loads(files("nsc_library.data").joinpath(TRANSLATIONS_FILE).read_text("utf-8"))


def seed_vocabularies() -> int:
    """Add the seed terms that are missing, and the seed labels in the other languages to
    terms that have none yet; editors' changes to existing terms and labels are kept."""
    added = 0
    for model, terms in VOCABULARIES:
        existing = {term.slug: term for term in db.session.scalars(select(model))}
        translations = seed_translations().get(model.__tablename__, {})
        for slug, label, description in terms:
            term = existing.get(slug)
            if term is None:
                term = model(slug=slug, label=label, description=description, translations={})
                db.session.add(term)
                added += 1
            if not term.translations and slug in translations:
                term.translations = translations[slug]
    return added


def seed_countries() -> int:
    """Add every ISO 3166-1 country that is missing, marking the Nordic ones."""
    existing = set(db.session.scalars(select(Country.code)))
    added = 0
    for entry in pycountry.countries:
        if entry.alpha_2 in existing:
            continue
        name = getattr(entry, "common_name", None) or entry.name
        db.session.add(Country(code=entry.alpha_2, name=name, nordic=entry.alpha_2 in NORDIC_CODES))
        added += 1
    return added


MODELS_FILE = "nordic-models.json"


def seed_models() -> int:
    """Add the shipped Nordic models that are missing (by slug); editors' changes are kept."""
    text = resources.files("nsc_library.data").joinpath(MODELS_FILE).read_text("utf-8")
    existing = set(db.session.scalars(select(NordicModel.slug)))
    added = 0
    for entry in json.loads(text)["models"]:
        if entry["slug"] in existing:
            continue
        fields = {k: v for k, v in entry.items() if k != "origin_country"}
        db.session.add(NordicModel(origin_country_code=entry["origin_country"], **fields))
        added += 1
    return added
