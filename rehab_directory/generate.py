"""Realistic, valid, fictional listings in bulk, for the benchmark and for tests at scale.

    python -m rehab_directory.generate FOLDER N [--seed S] [--today YYYY-MM-DD]

``write_listings(folder, n)`` writes ``n`` listings ``<slug>.yaml`` into ``folder``. The same
seed and date give the same files, byte for byte. Every listing passes the validator and
every required standard on ``today``: all evidence is present and recent.

Everything is invented: provider names are made from word lists, phone numbers come from
Ofcom's drama ranges, web and email domains end in .example.org.uk, CQC-style IDs start
"1-9". The towns are real English, Welsh, Scottish and Northern Irish towns with plausible
coordinates and postcode districts, so maps, regions and postcode search behave as they would
with real data. No images are generated (listings without photos are valid).
"""

from __future__ import annotations

import argparse
import random
import textwrap
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from rehab_directory.core.yamltext import flow, quoted
from rehab_directory.support.clock import uk_today

# (town, county or None, region code, latitude, longitude, postcode districts, phone kind)
# Phone kind picks the drama range: an area code Ofcom reserves numbers in for that city, or
# "0808" (a freephone drama range) for towns whose own area code has none.
TOWNS: tuple[tuple[str, str | None, str, float, float, str, str], ...] = (
    ("Newcastle upon Tyne", "Tyne and Wear", "north-east", 54.978, -1.618, "NE1 NE2 NE4 NE6 NE15",
     "0191"),
    ("Sunderland", "Tyne and Wear", "north-east", 54.907, -1.384, "SR1 SR2 SR4 SR5", "0191"),
    ("Durham", "County Durham", "north-east", 54.776, -1.573, "DH1", "0191"),
    ("Gateshead", "Tyne and Wear", "north-east", 54.953, -1.603, "NE8 NE9 NE10", "0191"),
    ("Middlesbrough", "North Yorkshire", "north-east", 54.574, -1.235, "TS1 TS4 TS5", "0808"),
    ("Darlington", "County Durham", "north-east", 54.524, -1.560, "DL1 DL3", "0808"),
    ("Hartlepool", "County Durham", "north-east", 54.686, -1.213, "TS24 TS25 TS26", "0808"),
    ("Manchester", "Greater Manchester", "north-west", 53.481, -2.243, "M1 M4 M13 M14 M20 M21",
     "0161"),
    ("Stockport", "Greater Manchester", "north-west", 53.411, -2.158, "SK1 SK2 SK4", "0161"),
    ("Liverpool", "Merseyside", "north-west", 53.408, -2.992, "L1 L8 L15 L17 L18", "0151"),
    ("Birkenhead", "Merseyside", "north-west", 53.393, -3.015, "CH41 CH42 CH43", "0151"),
    ("Preston", "Lancashire", "north-west", 53.763, -2.703, "PR1 PR2", "0808"),
    ("Blackpool", "Lancashire", "north-west", 53.818, -3.036, "FY1 FY2 FY4", "0808"),
    ("Lancaster", "Lancashire", "north-west", 54.047, -2.801, "LA1", "0808"),
    ("Carlisle", "Cumbria", "north-west", 54.893, -2.933, "CA1 CA2 CA3", "0808"),
    ("Warrington", "Cheshire", "north-west", 53.390, -2.597, "WA1 WA2 WA4", "0808"),
    ("Leeds", "West Yorkshire", "yorkshire-and-the-humber", 53.801, -1.549,
     "LS1 LS6 LS7 LS8 LS11 LS17", "0113"),
    ("Sheffield", "South Yorkshire", "yorkshire-and-the-humber", 53.381, -1.470,
     "S1 S2 S7 S8 S10 S11", "0114"),
    ("Bradford", "West Yorkshire", "yorkshire-and-the-humber", 53.796, -1.759, "BD1 BD3 BD9",
     "0808"),
    ("York", "North Yorkshire", "yorkshire-and-the-humber", 53.960, -1.087,
     "YO10 YO24 YO26 YO31", "0808"),
    ("Hull", "East Riding of Yorkshire", "yorkshire-and-the-humber", 53.768, -0.327,
     "HU1 HU3 HU5 HU8", "0808"),
    ("Harrogate", "North Yorkshire", "yorkshire-and-the-humber", 53.992, -1.542, "HG1 HG2",
     "0808"),
    ("Scarborough", "North Yorkshire", "yorkshire-and-the-humber", 54.283, -0.400, "YO11 YO12",
     "0808"),
    ("Huddersfield", "West Yorkshire", "yorkshire-and-the-humber", 53.646, -1.785, "HD1 HD2 HD5",
     "0808"),
    ("Doncaster", "South Yorkshire", "yorkshire-and-the-humber", 53.523, -1.129, "DN1 DN2 DN4",
     "0808"),
    ("Nottingham", "Nottinghamshire", "east-midlands", 52.955, -1.158, "NG1 NG3 NG5 NG7",
     "0808"),
    ("Leicester", "Leicestershire", "east-midlands", 52.637, -1.140, "LE1 LE2 LE3 LE4 LE5",
     "0116"),
    ("Derby", "Derbyshire", "east-midlands", 52.923, -1.475, "DE1 DE21 DE22 DE23", "0808"),
    ("Lincoln", "Lincolnshire", "east-midlands", 53.231, -0.541, "LN1 LN2 LN5 LN6", "0808"),
    ("Northampton", "Northamptonshire", "east-midlands", 52.241, -0.903, "NN1 NN2 NN3 NN5",
     "0808"),
    ("Chesterfield", "Derbyshire", "east-midlands", 53.235, -1.421, "S40 S41", "0808"),
    ("Mansfield", "Nottinghamshire", "east-midlands", 53.147, -1.199, "NG18 NG19", "0808"),
    ("Birmingham", "West Midlands", "west-midlands", 52.486, -1.890,
     "B5 B12 B13 B15 B17 B29", "0121"),
    ("Solihull", "West Midlands", "west-midlands", 52.412, -1.778, "B90 B91 B92", "0121"),
    ("Coventry", "West Midlands", "west-midlands", 52.407, -1.520, "CV1 CV2 CV3 CV5", "0808"),
    ("Wolverhampton", "West Midlands", "west-midlands", 52.587, -2.129, "WV1 WV3 WV4", "0808"),
    ("Stoke-on-Trent", "Staffordshire", "west-midlands", 53.003, -2.179, "ST1 ST4 ST6", "0808"),
    ("Worcester", "Worcestershire", "west-midlands", 52.194, -2.222, "WR1 WR2 WR5", "0808"),
    ("Hereford", "Herefordshire", "west-midlands", 52.057, -2.716, "HR1 HR2 HR4", "0808"),
    ("Shrewsbury", "Shropshire", "west-midlands", 52.707, -2.755, "SY1 SY2 SY3", "0808"),
    ("Norwich", "Norfolk", "east-of-england", 52.631, 1.297, "NR1 NR2 NR3 NR4", "0808"),
    ("Great Yarmouth", "Norfolk", "east-of-england", 52.608, 1.731, "NR30 NR31", "0808"),
    ("Cambridge", "Cambridgeshire", "east-of-england", 52.205, 0.122, "CB1 CB2 CB4", "0808"),
    ("Peterborough", "Cambridgeshire", "east-of-england", 52.570, -0.241, "PE1 PE2 PE3",
     "0808"),
    ("Ipswich", "Suffolk", "east-of-england", 52.057, 1.148, "IP1 IP3 IP4", "0808"),
    ("Colchester", "Essex", "east-of-england", 51.896, 0.892, "CO1 CO2 CO4", "0808"),
    ("Chelmsford", "Essex", "east-of-england", 51.736, 0.469, "CM1 CM2", "0808"),
    ("Southend-on-Sea", "Essex", "east-of-england", 51.546, 0.708, "SS1 SS2 SS9", "0808"),
    ("Luton", "Bedfordshire", "east-of-england", 51.879, -0.420, "LU1 LU2 LU4", "0808"),
    ("Bedford", "Bedfordshire", "east-of-england", 52.136, -0.467, "MK40 MK41 MK42", "0808"),
    ("London", None, "london", 51.507, -0.128,
     "N1 N7 N17 NW1 NW5 E1 E8 E14 E17 SE1 SE13 SE15 SW2 SW9 W3 W12", "020"),
    ("Brighton", "East Sussex", "south-east", 50.823, -0.137, "BN1 BN2", "0808"),
    ("Eastbourne", "East Sussex", "south-east", 50.768, 0.291, "BN21 BN22 BN23", "0808"),
    ("Hastings", "East Sussex", "south-east", 50.854, 0.574, "TN34 TN35", "0808"),
    ("Worthing", "West Sussex", "south-east", 50.818, -0.373, "BN11 BN12 BN14", "0808"),
    ("Reading", "Berkshire", "south-east", 51.454, -0.978, "RG1 RG2 RG4 RG6", "0118"),
    ("Oxford", "Oxfordshire", "south-east", 51.752, -1.258, "OX1 OX2 OX3 OX4", "0808"),
    ("Southampton", "Hampshire", "south-east", 50.910, -1.404, "SO14 SO15 SO17 SO19", "0808"),
    ("Portsmouth", "Hampshire", "south-east", 50.820, -1.088, "PO1 PO4 PO5 PO6", "0808"),
    ("Canterbury", "Kent", "south-east", 51.280, 1.079, "CT1 CT2", "0808"),
    ("Margate", "Kent", "south-east", 51.381, 1.386, "CT9", "0808"),
    ("Maidstone", "Kent", "south-east", 51.270, 0.523, "ME14 ME15 ME16", "0808"),
    ("Guildford", "Surrey", "south-east", 51.236, -0.570, "GU1 GU2", "0808"),
    ("Milton Keynes", "Buckinghamshire", "south-east", 52.041, -0.759, "MK9 MK10 MK14", "0808"),
    ("Bristol", None, "south-west", 51.455, -2.588, "BS1 BS3 BS5 BS6 BS7 BS16", "0117"),
    ("Bath", "Somerset", "south-west", 51.381, -2.359, "BA1 BA2", "0808"),
    ("Weston-super-Mare", "Somerset", "south-west", 51.346, -2.977, "BS22 BS23 BS24", "0808"),
    ("Taunton", "Somerset", "south-west", 51.015, -3.103, "TA1 TA2", "0808"),
    ("Plymouth", "Devon", "south-west", 50.376, -4.143, "PL1 PL2 PL4 PL6", "0808"),
    ("Exeter", "Devon", "south-west", 50.718, -3.534, "EX1 EX2 EX4", "0808"),
    ("Torquay", "Devon", "south-west", 50.462, -3.525, "TQ1 TQ2", "0808"),
    ("Truro", "Cornwall", "south-west", 50.263, -5.051, "TR1", "0808"),
    ("Gloucester", "Gloucestershire", "south-west", 51.864, -2.238, "GL1 GL2 GL4", "0808"),
    ("Cheltenham", "Gloucestershire", "south-west", 51.899, -2.078, "GL50 GL51 GL52", "0808"),
    ("Swindon", "Wiltshire", "south-west", 51.556, -1.780, "SN1 SN2 SN3", "0808"),
    ("Bournemouth", "Dorset", "south-west", 50.719, -1.881, "BH1 BH5 BH8 BH9", "0808"),
    ("Cardiff", None, "wales", 51.482, -3.179, "CF10 CF11 CF14 CF23 CF24", "029"),
    ("Swansea", None, "wales", 51.621, -3.944, "SA1 SA2 SA5", "0808"),
    ("Newport", None, "wales", 51.584, -2.998, "NP19 NP20", "0808"),
    ("Wrexham", None, "wales", 53.046, -2.993, "LL11 LL12 LL13", "0808"),
    ("Bangor", "Gwynedd", "wales", 53.227, -4.129, "LL57", "0808"),
    ("Aberystwyth", "Ceredigion", "wales", 52.415, -4.083, "SY23", "0808"),
    ("Carmarthen", "Carmarthenshire", "wales", 51.858, -4.312, "SA31", "0808"),
    ("Llandudno", "Conwy", "wales", 53.324, -3.828, "LL30", "0808"),
    ("Merthyr Tydfil", None, "wales", 51.749, -3.382, "CF47", "0808"),
    ("Edinburgh", None, "scotland", 55.953, -3.188, "EH1 EH3 EH6 EH7 EH11 EH16", "0131"),
    ("Glasgow", None, "scotland", 55.864, -4.252, "G1 G3 G11 G20 G31 G42", "0808"),
    ("Aberdeen", None, "scotland", 57.150, -2.094, "AB10 AB11 AB24 AB25", "0808"),
    ("Dundee", None, "scotland", 56.462, -2.971, "DD1 DD3 DD4", "0808"),
    ("Inverness", "Highland", "scotland", 57.478, -4.225, "IV1 IV2 IV3", "0808"),
    ("Perth", "Perth and Kinross", "scotland", 56.395, -3.431, "PH1 PH2", "0808"),
    ("Stirling", None, "scotland", 56.117, -3.937, "FK7 FK8 FK9", "0808"),
    ("Dumfries", "Dumfries and Galloway", "scotland", 55.071, -3.605, "DG1 DG2", "0808"),
    ("Paisley", "Renfrewshire", "scotland", 55.846, -4.424, "PA1 PA2 PA3", "0808"),
    ("Kirkcaldy", "Fife", "scotland", 56.111, -3.167, "KY1 KY2", "0808"),
    ("Belfast", None, "northern-ireland", 54.597, -5.930, "BT1 BT5 BT7 BT9 BT12 BT15", "0808"),
    ("Derry", None, "northern-ireland", 54.997, -7.309, "BT47 BT48", "0808"),
    ("Newry", "County Down", "northern-ireland", 54.175, -6.340, "BT34 BT35", "0808"),
    ("Armagh", "County Armagh", "northern-ireland", 54.350, -6.653, "BT60 BT61", "0808"),
    ("Ballymena", "County Antrim", "northern-ireland", 54.864, -6.276, "BT42 BT43", "0808"),
    ("Enniskillen", "County Fermanagh", "northern-ireland", 54.344, -7.632, "BT74", "0808"),
)

LONDON_AREAS = ("Camden", "Hackney", "Islington", "Lewisham", "Brixton", "Walthamstow",
                "Tottenham", "Acton", "Peckham", "Stepney", "Kentish Town", "Shepherd's Bush")
PHONE_FORMATS = {
    "0113": "0113 496 0{:03d}", "0114": "0114 496 0{:03d}", "0116": "0116 496 0{:03d}",
    "0117": "0117 496 0{:03d}", "0118": "0118 496 0{:03d}", "0121": "0121 496 0{:03d}",
    "0131": "0131 496 0{:03d}", "0151": "0151 496 0{:03d}", "0161": "0161 496 0{:03d}",
    "020": "020 7946 0{:03d}", "0191": "0191 498 0{:03d}", "029": "029 2018 0{:03d}",
    "0808": "0808 157 0{:03d}",
}
REGULATOR = {"wales": "ciw", "scotland": "care_inspectorate", "northern-ireland": "rqia"}

FIRST = ("Alder", "Ashgrove", "Aspen", "Bracken", "Bramble", "Brookfield", "Cedar", "Clover",
         "Curlew", "Elmstead", "Fernhill", "Foxglove", "Greystone", "Hawthorn", "Heather",
         "Heron", "Highfield", "Juniper", "Kestrel", "Lantern", "Lapwing", "Larch", "Linden",
         "Marram", "Millstream", "Northgate", "Oakridge", "Orchard", "Rowan", "Saltmarsh",
         "Skylark", "Stonebridge", "Sycamore", "Thistle", "Tideway", "Wayfarer", "Willowbank",
         "Windrush", "Yarrow", "Beckside", "Copperfield", "Dunmore", "Eskdale", "Fairholme",
         "Glenview", "Hollybrook", "Ingleby", "Kingsmere", "Lowther", "Moorcroft")
SECOND = ("Lodge", "House", "Grange", "Court", "Hall", "Centre", "Place", "Cottage", "Farm",
          "Recovery", "Retreat", "Gardens", "Mews", "Villa", "Project", "Community")
ORG_KINDS = ("Trust", "Recovery Trust", "Community Interest Company", "Foundation",
             "Health Ltd", "Care Group", "Housing Association", "Charity")
STREETS = ("Park Avenue", "Church Lane", "Station Road", "Victoria Street", "Mill Lane",
           "High Street", "The Green", "Manor Road", "Queen's Road", "Grove Terrace",
           "Albert Road", "Chapel Street", "Orchard Way", "Meadow Close", "Moor Lane",
           "North Road", "Riverside Walk", "King Street", "Elm Grove", "West End")
LANGUAGES = ("pl", "ur", "pa", "ro", "ar", "so", "bn", "pt", "lt", "gu", "tr", "ku", "fa", "es")
MECHANISMS = (
    "Weekly residents' meeting and an exit survey.",
    "Monthly residents' forum; minutes go to the management team.",
    "A peer panel of former residents reviews the programme every quarter.",
    "Anonymous feedback cards and a quarterly meeting with the manager.",
    "Exit interviews with every resident and an annual survey of families.",
    "Two former residents sit on the board and chair a monthly forum.",
)
SETTINGS = ("a Victorian house", "a converted farmhouse", "a modern centre",
            "a terrace of town houses", "a former vicarage", "a quiet house by the sea",
            "a large house with gardens", "a converted mill", "a small community house")
NEARBY = ("the town centre", "the park", "the seafront", "the river", "open countryside",
          "the railway station", "the moors", "the canal", "the hospital", "the cathedral")
SENTENCES = (
    "Each day includes group work, one-to-one counselling and time for exercise and rest.",
    "A doctor and nurses are on site every day during detox.",
    "We welcome people who have tried treatment before and want another go.",
    "Residents cook together, share household jobs and plan their own weekends.",
    "Families can visit at weekends and join a monthly family group.",
    "Our team has nurses, counsellors, support workers and people who are in recovery.",
    "The programme is built around a written recovery plan you agree with your keyworker.",
    "You can bring your own clothes, books and music; phones are used at set times.",
    "We work closely with local drug and alcohol services and with GPs.",
    "Everyone has a named keyworker who meets them at least twice a week.",
    "There is a gym, a garden and a quiet room for reflection.",
    "We help people find housing, work, volunteering or training before they leave.",
    "Mutual aid meetings (free groups such as AA and NA) are held here most evenings.",
    "We can book an interpreter for your first meeting and other key sessions.",
    "If you are not sure whether we are right for you, call us for an informal chat.",
    "Most people hear back within two working days of a referral.",
    "The house has no more than a few residents, so it feels like a home, not a hospital.",
    "We run sessions on sleep, food and how to cope with cravings.",
    "There are art, music and garden groups as well as talks in groups.",
    "Our aftercare group meets on Tuesday evenings and is open to anyone who has stayed with us.",
    "We can help you talk to your employer or benefits adviser about time away.",
    "Relapse prevention is part of every week, with practical plans for high-risk times.",
    "Staff carry naloxone (a medicine that reverses an opioid overdose) at all times.",
    "Rooms are single, with shared bathrooms on each floor.",
    "Some rooms are on the ground floor with level-access showers.",
    "We are a smoke-free site but offer nicotine replacement.",
    "Our counsellors are trained and qualified, and they get support from a senior colleague.",
    "We ask residents to take part in the whole timetable, including morning check-in.",
    "You will learn about overdose, safer use and how to avoid infections.",
    "We take referrals from anywhere in the UK.",
    "Visits from children are arranged in a family room away from the main house.",
    "Peer mentors who have been through the programme help new residents settle in.",
    "Walks in the country round about are part of each week.",
    "We check in by phone in the weeks after you leave.",
    "Group sizes are kept small so everyone gets time to speak.",
    "We run a structured day from nine until five, with free time in the evenings.",
    "Our nurses look after your medicines, in line with your prescription.",
    "We can help people on a methadone or buprenorphine script who want to cut down.",
)
BULLETS = ("Single rooms", "Family days every other Sunday", "Aftercare for a year",
           "24-hour staffing", "Garden and allotment", "Free parking for visitors",
           "Near a bus route", "Wi-Fi in communal areas", "Laundry on site",
           "Halal and vegetarian meals", "Quiet room", "Gym", "Art room",
           "Weekly outings", "Support with housing after you leave", "Dog-friendly grounds")
SUBSTANCES = ("alcohol", "opioids", "opioid_substitutes", "cocaine", "amphetamines", "cannabis",
              "benzodiazepines", "ketamine", "ghb", "novel_psychoactive",
              "prescription_medicines")
METHODS = ("therapeutic_community", "cbt", "dbt", "motivational_interviewing", "smart_recovery",
           "mindfulness", "trauma_focused", "family_therapy", "holistic")
FAITHS = ("christian", "muslim", "jewish", "sikh", "hindu", "buddhist", "other")
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SERVICE_WORDS = {
    "inpatient_detox": "medically managed detox",
    "residential_rehab": "residential rehab",
    "day_programme": "a day programme",
    "aftercare": "aftercare",
}
# What a term in SERVICE_WORDS means, said where a description first uses it (TXT-002).
EXPLAINED = {"inpatient_detox": " (with a doctor and nurses on hand day and night)"}
WHO = {"mixed": "adults", "women_only": "women", "men_only": "men"}


def _ago(today: date, rng: random.Random, lo: int, hi: int) -> str:
    return (today - timedelta(days=rng.randint(lo, hi))).isoformat()


def _description(rng: random.Random, name: str, town: str, setting: str, near: str,
                 services: list[str]) -> str:
    target = rng.randint(300, 1500)
    offered = " and ".join(SERVICE_WORDS[s] + EXPLAINED.get(s, "") for s in services[:2])
    opening = f"{name} offers {offered}. We are in {setting} near {near} in {town}."
    if rng.random() < 0.5:
        opening = opening.replace(SERVICE_WORDS[services[0]],
                                  f"**{SERVICE_WORDS[services[0]]}**", 1)
    paragraphs = [[opening]]
    pool = list(SENTENCES)
    rng.shuffle(pool)
    length = len(opening)
    bullets_done = False
    while pool and length < target:
        if not bullets_done and length > 350 and rng.random() < 0.3:
            bullets = rng.sample(BULLETS, rng.randint(2, 5))
            paragraphs.append(["- " + b for b in bullets])
            paragraphs.append([])
            length += sum(len(b) + 3 for b in bullets)
            bullets_done = True
            continue
        sentence = pool.pop()
        if length + len(sentence) > 1500:
            break
        if len(paragraphs[-1]) >= rng.randint(2, 4):
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        length += len(sentence) + 1
    out = []
    for para in paragraphs:
        if not para:
            continue
        out.append("\n".join(para) if para[0].startswith("- ")
                   else textwrap.fill(" ".join(para), 88, break_on_hyphens=False))
    return "\n\n".join(out)


def _services(rng: random.Random, today: date) -> list[tuple[str, list[str]]]:
    core = [s for s in ("inpatient_detox", "residential_rehab", "day_programme")
            if rng.random() < {"inpatient_detox": 0.5, "residential_rehab": 0.7,
                               "day_programme": 0.25}[s]]
    if not core:
        core = [rng.choice(("inpatient_detox", "residential_rehab"))]
    if rng.random() < 0.5:
        core.append("aftercare")
    out = []
    for kind in core:
        lines = [f"  - type: {kind}"]
        if kind == "residential_rehab":
            stages = [s for s in ("primary", "secondary", "supported_housing")
                      if rng.random() < 0.6] or ["primary"]
            lines.append(f"    stages: {flow(stages)}")
        if rng.random() < 0.4:
            lines.append("    description: " + quoted(rng.choice((
                "Alcohol and opioid detox with 24-hour nursing.",
                "Group and one-to-one work five days a week.",
                "Weekly evening group for a year after you leave.",
                "A structured programme with a named keyworker.",
                "Medically supervised withdrawal, usually one to two weeks.",
                "Move-on support in shared houses nearby."))))
        lo, hi, beds, cost = {
            "inpatient_detox": (1, 3, (2, 20), (900, 3500)),
            "residential_rehab": (4, 26, (6, 60), (600, 2600)),
            "day_programme": (4, 16, None, (150, 800)),
            "aftercare": (12, 52, None, None),
        }[kind]
        a = rng.randint(lo, hi)
        b = rng.randint(a, hi)
        lines.append(f"    length_weeks: {{min: {a}, max: {b}}}" if b > a
                     else f"    length_weeks: {{min: {a}}}")
        if beds:
            lines.append(f"    beds: {rng.randint(*beds)}")
        if kind != "aftercare" or rng.random() < 0.3:
            lines.append(f"    wait: {{days: {rng.choice((0, 1, 3, 5, 7, 10, 14, 21, 28, 42))}, "
                         f"stated: {_ago(today, rng, 0, 25)}}}")
        if cost:
            c_lo = rng.randrange(cost[0], cost[1], 50)
            c_hi = c_lo + rng.choice((0, 100, 250, 400))
            lines.append(f"    weekly_cost: {{min: {c_lo}, max: {c_hi}}}" if c_hi > c_lo
                         else f"    weekly_cost: {{min: {c_lo}}}")
        out.append((kind, lines))
    return out


def generate_listing(i: int, rng: random.Random, today: date) -> str:
    """Listing number ``i`` as YAML text; its slug ends in ``-i`` so slugs never repeat."""
    town, county, region, lat, lon, districts, phone_kind = rng.choice(TOWNS)
    first, second = rng.choice(FIRST), rng.choice(SECOND)
    name = f"{first} {second}"
    if rng.random() < 0.15:
        name = f"The {name}"
    base = "-".join(f"{first} {second} {town}".lower().replace("'", "").split())
    slug = f"{base}-{i}"
    domain = f"{first}-{second}".lower() + ".example.org.uk"
    services = _services(rng, today)
    kinds = [k for k, _ in services]
    gender = rng.choices(("mixed", "women_only", "men_only"), (75, 12, 13))[0]
    setting, near = rng.choice(SETTINGS), rng.choice(NEARBY)
    summary = (f"{SERVICE_WORDS[kinds[0]].capitalize()}"
               + (f" and {SERVICE_WORDS[kinds[1]]}" if len(kinds) > 1 else "")
               + f" for {WHO[gender]} in {setting} near {near}.")
    district = rng.choice(districts.split())
    postcode = (f"{district} {rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}"
                f"{rng.choice(POSTCODE_LETTERS)}")
    spread = 0.08 if town == "London" else 0.03
    substances = [s for s in SUBSTANCES if rng.random() < 0.45] or ["alcohol"]
    if "alcohol" not in substances and rng.random() < 0.8:
        substances.insert(0, "alcohol")
    routes = [r for r in ("self_referral", "keyworker", "local_authority", "gp", "private")
              if rng.random() < 0.55] or ["self_referral"]
    funding = [f for f in ("local_authority", "nhs", "self_funded", "charity", "insurance")
               if rng.random() < 0.4] or ["self_funded"]
    faith = rng.random() < 0.1
    regulator = REGULATOR.get(region, "cqc")
    rating = rng.choices(("outstanding", "good", "requires_improvement", "not_rated"),
                         (10, 70, 12, 8))[0]

    y = ["# A fictional listing made by rehab_directory.generate: every name, number and ID "
         "is invented.",
         f"slug: {slug}",
         f"name: {quoted(name)}",
         f"summary: {quoted(summary)}",
         "description: |"]
    y += [("  " + line) if line else "" for line in
          _description(rng, name, town, setting, near, kinds).split("\n")]
    if rng.random() < 0.7:
        y += ["organisation:",
              f"  name: {quoted(first + ' ' + rng.choice(ORG_KINDS))}"]
        if rng.random() < 0.5:
            y.append(f"  website: https://www.{first.lower()}-group.example.com/")
    if rng.random() < 0.85:
        y.append(f"website: https://www.{domain}/")
    y.append(f"phone: \"{PHONE_FORMATS[phone_kind].format(rng.randint(0, 999))}\"")
    if rng.random() < 0.85:
        y.append(f"email: {rng.choice(('admissions', 'referrals', 'enquiries', 'hello'))}"
                 f"@{domain}")
    y += ["address:", f"  street: {quoted(f'{rng.randint(1, 240)} {rng.choice(STREETS)}')}"]
    if town == "London":
        y.append(f"  locality: {quoted(rng.choice(LONDON_AREAS))}")
    y.append(f"  town: {quoted(town)}")
    if county:
        y.append(f"  county: {quoted(county)}")
    y += [f"  postcode: {postcode}",
          "location:",
          f"  latitude: {lat + rng.uniform(-spread, spread):.4f}",
          f"  longitude: {lon + rng.uniform(-spread, spread):.4f}",
          f"region: {region}",
          f"referral_routes: {flow(routes)}",
          "services:"]
    for _, lines in services:
        y += lines
    y += [f"substances: {flow(substances)}",
          f"mental_health: {rng.choices(('none', 'supported', 'specialist'), (20, 60, 20))[0]}",
          "approach:",
          f"  twelve_step: {rng.choice(('based', 'informed', 'none'))}",
          f"  methods: {flow([m for m in METHODS if rng.random() < 0.3])}",
          f"  faith_based: {'true' if faith else 'false'}"]
    if faith:
        y.append(f"  faith: {rng.choice(FAITHS)}")
    languages = ["en"]
    if region == "wales" and rng.random() < 0.5:
        languages.append("cy")
    if region == "scotland" and rng.random() < 0.1:
        languages.append("gd")
    languages += rng.sample(LANGUAGES, rng.choices((0, 1, 2, 3), (50, 25, 15, 10))[0])
    min_age = rng.choices((18, 16, 21, 25), (80, 5, 10, 5))[0]
    y += [f"languages: {flow(languages)}",
          "eligibility:",
          f"  gender: {gender}",
          f"  min_age: {min_age}"]
    if rng.random() < 0.4:
        y.append(f"  max_age: {rng.randint(60, 85)}")
    y += [f"  {k}: {'true' if rng.random() < p else 'false'}" for k, p in
          (("pregnancy", 0.2), ("parents_with_children", 0.08), ("couples", 0.15),
           ("pets", 0.05))]
    wheelchair = rng.random() < 0.6
    y += ["accessibility:",
          f"  wheelchair_access: {'true' if wheelchair else 'false'}",
          f"  step_free_rooms: {'true' if wheelchair or rng.random() < 0.2 else 'false'}"]
    if rng.random() < 0.4:
        y.append("  notes: " + quoted(rng.choice((
            "Two ground-floor rooms with level-access showers.",
            "A lift to every floor and a hearing loop in the group room.",
            "Ramped entrance; upstairs rooms only.",
            "Large-print timetables and an accessible garden path."))))
    y += [f"funding: {flow(funding)}",
          "regulation:",
          f"  regulator: {regulator}"]
    if regulator == "cqc":
        y += [f"  provider_id: \"1-9{rng.randrange(10**8):08d}\"",
              f"  location_id: \"1-9{rng.randrange(10**8):08d}\""]
    else:
        prefix = {"ciw": "CIW", "care_inspectorate": "CS", "rqia": "RQIA"}[regulator]
        y += [f"  provider_id: \"{prefix}-9{rng.randrange(10**7):07d}\"",
              f"  location_id: \"{prefix}-9{rng.randrange(10**7):07d}\""]
    y.append(f"  rating: {rating}")
    if rating != "not_rated":
        y.append(f"  rating_date: {_ago(today, rng, 30, 1500)}")
    y += ["policies:",
          "  strip_search: false",
          "  dignity_and_respect:",
          f"    reviewed: {_ago(today, rng, 0, 600)}",
          f"    url: https://www.{domain}/policies/dignity"]
    for policy in ("safeguarding", "complaints", "unplanned_discharge"):
        if rng.random() < 0.3:
            y.append(f"  {policy}: {{reviewed: {_ago(today, rng, 0, 600)}, "
                     f"url: https://www.{domain}/policies/{policy.replace('_', '-')}}}")
        else:
            y.append(f"  {policy}: {{reviewed: {_ago(today, rng, 0, 600)}}}")
    accredited = rng.random() < 0.25
    y += ["pay:",
          f"  lowest_hourly_rate: {rng.uniform(14.9, 17.5):.2f}",
          f"  stated: {_ago(today, rng, 0, 300)}",
          f"  living_wage_accredited: {'true' if accredited else 'false'}",
          "training:",
          f"  safeguarding: {_ago(today, rng, 0, 600)}",
          f"  overdose_response: {_ago(today, rng, 0, 600)}",
          f"  trauma_informed: {_ago(today, rng, 0, 600)}",
          "lived_experience:",
          f"  mechanism: {quoted(rng.choice(MECHANISMS))}",
          f"  last_round: {_ago(today, rng, 0, 300)}",
          f"last_verified: {_ago(today, rng, 0, 300)}",
          f"maintainers: [{first.lower()}-{second.lower()}-{i}]"]
    return "\n".join(y) + "\n"


def write_listings(folder: Path, n: int, seed: int = 1, today: date | None = None
                   ) -> list[Path]:
    """Write ``n`` listings into ``folder`` (created if needed); return their paths."""
    today = today or uk_today()
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        text = generate_listing(i, rng, today)
        slug = text.split("\nslug: ", 1)[1].split("\n", 1)[0]
        path = folder / f"{slug}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, metavar="YYYY-MM-DD")
    args = parser.parse_args(argv)
    paths = write_listings(args.folder, args.n, args.seed, args.today)
    print(f"wrote {len(paths)} listings to {args.folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
