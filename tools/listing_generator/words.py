"""The words generated listings are made of: names, streets, settings, the sentences of a
description, and how each kind of service and each group of people is put in a sentence.
Invented, and plain enough to pass the text checks (TXT-*)."""

from __future__ import annotations

from rehab_directory.core.vocab import Gender, ServiceType

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

# A service's kind in a sentence ("offers medically managed detox and residential rehab").
SERVICE_WORDS = {
    ServiceType.INPATIENT_DETOX: "medically managed detox",
    ServiceType.RESIDENTIAL_REHAB: "residential rehab",
    ServiceType.DAY_PROGRAMME: "a day programme",
    ServiceType.AFTERCARE: "aftercare",
}
# What a term in SERVICE_WORDS means, said where a description first uses it (TXT-002).
EXPLAINED = {ServiceType.INPATIENT_DETOX: " (with a doctor and nurses on hand day and night)"}
# Whom a service is for, by its gender: "for women in a converted mill".
WHO = {Gender.MIXED: "adults", Gender.WOMEN_ONLY: "women", Gender.MEN_ONLY: "men"}
SERVICE_DESCRIPTIONS = (
    "Alcohol and opioid detox with 24-hour nursing.",
    "Group and one-to-one work five days a week.",
    "Weekly evening group for a year after you leave.",
    "A structured programme with a named keyworker.",
    "Medically supervised withdrawal, usually one to two weeks.",
    "Move-on support in shared houses nearby.",
)
ACCESSIBILITY_NOTES = (
    "Two ground-floor rooms with level-access showers.",
    "A lift to every floor and a hearing loop in the group room.",
    "Ramped entrance; upstairs rooms only.",
    "Large-print timetables and an accessible garden path.",
)
EMAIL_NAMES = ("admissions", "referrals", "enquiries", "hello")
