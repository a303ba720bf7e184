"""Fill the demo library's format 2 fields (evidence level, implementation) by kind of practice.

Run once from the repository root: `python tools/fill_demo_depth.py`. Real models get what is
publicly known of them (legal basis, core components, published evaluations); amounts are
typical orders of magnitude for a city of the practice's size, not audited figures, and invented
examples stay invented (their organisation says so). Titles and summaries are never changed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nsc_library.rates import load_table

DEMO = Path("nsc_library/data/demo-practices.json")
CURRENCY = {"DK": "DKK", "FO": "DKK", "GL": "DKK", "SE": "SEK", "AX": "EUR", "FI": "EUR",
            "NO": "NOK", "IS": "ISK", "GB": "GBP", "US": "USD", "CA": "USD"}  # fmt: skip
LEGAL = {
    "DK": "Retsplejeloven § 115: municipality, police and psychiatry may share information "
    "for crime prevention in SSP, PSP and KSP cooperation.",
    "FO": "The Faroese administration of justice act's counterpart of the Danish § 115 on "
    "information sharing in SSP cooperation.",
    "GL": "Greenland's social and police rules on sharing concerns about children.",
    "NO": "Politiregisterloven § 27 and forvaltningsloven § 13 b: police and municipality may "
    "share information to prevent crime (the basis of SLT cooperation).",
    "SE": "Offentlighets- och sekretesslagen 10 kap. 18 b §: school, social services and "
    "police may share information about a person under 21 to prevent crime (SSPF).",
    "FI": "Police Act and the Act on the Processing of Personal Data by the Police; the "
    "Anchor model's multi-professional sharing follows the Ministry of the Interior's guidance.",
    "AX": "Åland's social welfare legislation and the Police Act for Åland on cooperation.",
    "IS": "Icelandic Child Protection Act No. 80/2002 on notifying and sharing concerns.",
}
# Kinds of practice: a pattern on title and organisation, and what starting one takes.
KINDS = [
    (
        "cooperation",
        r"\bSSP|SLT|SaLTo|SSPF|PSP|Anchor|Ankkuri|Ankkuritiim|situation table|"
        r"police council|SIG\b|MARAK|Aarhus model|Together Against Violence|Top600|Channel|"
        r"Stadsmariniers|Orosanmälan|lägesbild|Bekymringssamtal",
        {
            "phases": [
                ("Agree the cooperation and a shared picture of the problem", 6),
                ("Appoint a coordinator and train the partners", 4),
                ("Run regular case meetings and follow up each young person", 12),
                ("Review the results with the partners and adjust", 2),
            ],
            "staffing": [
                ("Coordinator", 1.0),
                ("Police prevention officer", 0.5),
                ("Social worker", 0.5),
                ("School representative", 0.2),
            ],
            "costs": (60_000, 180_000),
            "materials": ["Cooperation agreement and meeting guide", "Training for new partners"],
            "core": [
                "A standing cooperation of school, social services and police (and leisure or "
                "health where relevant)",
                "A coordinator who holds the cooperation together",
                "Information sharing within the legal basis, with consent where possible",
                "Early, individual follow-up of each young person of concern",
            ],
            "adaptable": [
                "Which partners sit at the table beyond the core three",
                "How often case meetings are held",
                "Age range covered",
            ],
            "preconditions": [
                "A written agreement signed by the heads of the partner services",
                "Managers who give staff time for the meetings",
            ],
        },
    ),
    (
        "exit",
        r"\bexit|EXIT|Passus|Radinet|HAYAT|mentor|Way out|Aggredi|Navigator|"
        r"reintegration|Reintegration|Change programme|Mentors",
        {
            "phases": [
                ("Set up the team, referral routes and a safety routine", 6),
                ("Train mentors or coaches in the method", 3),
                ("First contact, motivation talks and a plan with each participant", 3),
                ("Practical support: housing, work, school, family, safety", 12),
            ],
            "staffing": [
                ("Coordinator", 1.0),
                ("Mentors or coaches", 2.0),
                ("Psychologist or therapist (consulting)", 0.3),
            ],
            "costs": (80_000, 300_000),
            "materials": ["Method handbook for mentors", "Risk and safety assessment routine"],
            "core": [
                "Voluntary participation built on a trusting relationship",
                "A long-term individual plan covering practical needs and identity",
                "Support for the family and network",
                "A safety routine for threats",
            ],
            "adaptable": [
                "Whether mentors are former members, professionals or volunteers",
                "Length of the follow-up",
                "Which agency refers participants",
            ],
            "preconditions": [
                "Secure long-term funding: participants need years, not months",
                "Agreements with housing, job centre and police",
            ],
        },
    ),
    (
        "volunteers",
        r"Natteravn|night walk|Night|Nattera|Walkers|Foreldrarölt|patrol|"
        r"Safe Night|Summer nights|parents|Parent|Föräldra|Foreldre",
        {
            "phases": [
                ("Recruit a local group and a coordinator", 3),
                ("Train volunteers: first aid, conflict handling, when to call police", 1),
                ("Walk or open on fixed evenings with police contact", 12),
            ],
            "staffing": [("Volunteer coordinator", 0.3), ("Police contact", 0.05)],
            "costs": (5_000, 20_000),
            "materials": ["Volunteer training and routines", "Vests, phones and first-aid kits"],
            "core": [
                "Sober, visible adults present where young people are at night",
                "Contact without control: adults talk, help and call for help",
                "Cooperation with the police and the municipality",
            ],
            "adaptable": ["Nights and places", "Who organises: association, parents, municipality"],
            "preconditions": ["Enough volunteers for regular shifts", "Insurance for volunteers"],
        },
    ),
    (
        "crisis",
        r"after the|After the|crisis|Crisis|psychosocial|attack|resilience|"
        r"Kongsberg|22 July|stabbing",
        {
            "phases": [
                ("Plan roles and contact lists before a crisis", 3),
                ("First days: open a support centre, reach those affected", 0.25),
                ("Proactive follow-up of those affected for a year or more", 12),
                ("Learn: evaluation and updated plan", 3),
            ],
            "staffing": [("Crisis coordinator", 0.5), ("Psychosocial crisis team", 2.0)],
            "costs": (30_000, 120_000),
            "materials": ["Psychosocial crisis plan", "Guidance for proactive follow-up"],
            "core": [
                "Proactive contact: the municipality reaches out instead of waiting",
                "A named contact person for each affected family",
                "Follow-up over time, not only the first days",
            ],
            "adaptable": ["Who leads locally", "How volunteers and faith communities take part"],
            "preconditions": ["A crisis plan adopted before it is needed"],
        },
    ),
    (
        "school",
        r"school|School|skole|skol|pupil|Pupil|elev|lessons|KiVa|MVP|workshop|"
        r"digital|Digital|dating",
        {
            "phases": [
                ("Choose the schools and train the teachers or peer leaders", 4),
                ("Run the lessons or workshops in the school year", 9),
                ("Follow up with pupils and parents, measure change", 2),
            ],
            "staffing": [("Programme coordinator", 0.5), ("Trainers", 0.5)],
            "costs": (20_000, 60_000),
            "materials": ["Lesson plans and teacher guide", "Material for parents' evenings"],
            "core": [
                "Lessons for whole classes, repeated over the school year",
                "Teachers or trained peers who lead them",
                "Clear routines for what adults do when an incident is reported",
            ],
            "adaptable": ["Age group", "Language and examples", "Number of sessions"],
            "preconditions": ["School leaders who give time in the timetable"],
        },
    ),
    (
        "hate",
        r"hate|Hate|hat|reporting|victim|Victim|contact officer",
        {
            "phases": [
                ("Agree a reporting route and who answers", 3),
                ("Train staff to recognise hate crime and support victims", 2),
                ("Run and publicise the service", 12),
            ],
            "staffing": [("Coordinator", 0.5), ("Contact officers or advisers", 1.0)],
            "costs": (15_000, 80_000),
            "materials": ["Training on recognising and recording hate crime", "Victim leaflet"],
            "core": [
                "A low-threshold route to report",
                "Support for the victim the same week",
                "Recording of the hate motive so that it shows in statistics",
            ],
            "adaptable": ["Languages offered", "Partner organisations in the network"],
            "preconditions": ["Police willing to record and follow up reports"],
        },
    ),
]
DEFAULT = (
    "general",
    "",
    {
        "phases": [
            ("Plan with partners and secure funding", 4),
            ("Start and run the activity", 12),
            ("Evaluate and decide on continuation", 2),
        ],
        "staffing": [("Project lead", 0.5), ("Staff", 1.0)],
        "costs": (20_000, 100_000),
        "materials": ["Project description and routines"],
        "core": ["A named lead and partners with clear roles", "Regular follow-up of the results"],
        "adaptable": ["Target area and group", "Partner organisations"],
        "preconditions": ["Political backing and funding for at least two years"],
    },
)
# Published findings of real models (evaluation kind alone does not decide the level).
KNOWN = {
    "KiVa": "effective",
    "Multisystemic therapy": "effective",
    "PMTO": "effective",
    "Boston Operation Ceasefire": "effective",
    "STAD Responsible": "effective",
    "The Icelandic model": "promising",
    "Sluta skjut": "promising",
    "Top600": "promising",
    "CeaseFire Chicago": "promising",
    "Barnahús": "promising",
    "Anchor teams": "theory_based",
    "The Aarhus model": "theory_based",
    "Exit Fryshuset": "theory_based",
    "Project Exit": "theory_based",
    "EXIT-Deutschland": "theory_based",
    "SaLTo": "theory_based",
    "Channel": "theory_based",
}


def kind_of(record: dict) -> tuple[str, str, dict]:
    text = f"{record['title']} {record['organisation']}"
    for kind in KINDS:
        if re.search(kind[1], text):
            return kind
    return DEFAULT


def evidence(record: dict) -> str:
    for start, level in KNOWN.items():
        if record["title"].startswith(start):
            return level
    return {"impact": "promising", "outcome": "promising", "process": "described"}.get(
        record["evaluation"] or "", "described"
    )


def amount(eur: float, currency: str, year: int, table) -> int:
    local = eur / table.rate(currency, year)
    step = 10_000 if currency in ("ISK",) else 1_000
    return int(round(local / step) * step)


def implementation(record: dict, table) -> dict:
    _name, _pattern, kind = kind_of(record)
    country = record["country"]
    currency = CURRENCY.get(country, "EUR")
    year = min(max(record["start_year"] or 2020, 2010), 2025)
    # Small places scale down: island communities and invented small towns get less.
    scale = 0.5 if country in ("FO", "GL", "AX", "IS") else 1.0
    start_up, running = (x * scale for x in kind["costs"])
    return {
        "phases": [{"name": n, "duration_months": m, "description": ""} for n, m in kind["phases"]],
        "staffing": [{"role": r, "fte": round(f * scale, 2) or 0.05} for r, f in kind["staffing"]],
        "costs": [
            {"kind": "start_up", "amount": amount(start_up, currency, year, table),
             "currency": currency, "year": year, "note": "order of magnitude"},
            {"kind": "running", "amount": amount(running, currency, year, table),
             "currency": currency, "year": year, "note": "a year, order of magnitude"},
        ],
        "materials": [{"title": t, "url": ""} for t in kind["materials"]],
        "legal_basis": LEGAL.get(country, "") if _name == "cooperation" else "",
        "preconditions": list(kind["preconditions"]),
        "core_components": list(kind["core"]),
        "adaptable_components": list(kind["adaptable"]),
    }  # fmt: skip


def main() -> None:
    table = load_table()
    records = json.loads(DEMO.read_text("utf-8"))
    for record in records:
        record["evidence_level"] = evidence(record)
        record["implementation"] = implementation(record, table)
        record.setdefault("adaptations", [])
    DEMO.write_text(json.dumps(records, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
