"""Controlled vocabularies of the listing format, each value with its plain-English label.

A listing writes the code (``women_only``); pages, exports and error messages show the label
("Women only"). One table per vocabulary keeps the two in step.
"""

from __future__ import annotations

from enum import StrEnum


class Vocab(StrEnum):
    """A string enum whose members carry a label for people."""

    label: str

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def codes(cls) -> list[str]:
        return [m.value for m in cls]


class Audience(Vocab):
    """Who a service is for, as the browse pages group them (/browse/for/<code>/)."""

    WOMEN_ONLY = "women-only", "Women only"
    MEN_ONLY = "men-only", "Men only"
    PARENTS = "parents-with-children", "Parents with their children"
    COUPLES = "couples", "Couples"
    YOUNG_PEOPLE = "young-people", "Young people"
    PREGNANCY = "pregnancy", "People who are pregnant"


class Region(Vocab):
    NORTH_EAST = "north-east", "North East"
    NORTH_WEST = "north-west", "North West"
    YORKSHIRE = "yorkshire-and-the-humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "East Midlands"
    WEST_MIDLANDS = "west-midlands", "West Midlands"
    EAST = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class ServiceType(Vocab):
    INPATIENT_DETOX = "inpatient_detox", "Inpatient detox (medically managed)"
    RESIDENTIAL_REHAB = "residential_rehab", "Residential rehab"
    DAY_PROGRAMME = "day_programme", "Day programme"
    AFTERCARE = "aftercare", "Aftercare"


class RehabStage(Vocab):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    SUPPORTED_HOUSING = "supported_housing", "Supported housing"


class Substance(Vocab):
    ALCOHOL = "alcohol", "Alcohol"
    OPIOIDS = "opioids", "Opioids (such as heroin)"
    OPIOID_SUBSTITUTES = "opioid_substitutes", "Methadone and buprenorphine"
    COCAINE = "cocaine", "Cocaine and crack"
    AMPHETAMINES = "amphetamines", "Amphetamines"
    CANNABIS = "cannabis", "Cannabis"
    BENZODIAZEPINES = "benzodiazepines", "Benzodiazepines"
    KETAMINE = "ketamine", "Ketamine"
    GHB = "ghb", "GHB and GBL"
    NPS = "novel_psychoactive", "New psychoactive substances"
    PRESCRIPTION = "prescription_medicines", "Prescription and over-the-counter medicines"


class ReferralRoute(Vocab):
    SELF = "self_referral", "Self-referral"
    KEYWORKER = "keyworker", "Through a drug and alcohol keyworker"
    LOCAL_AUTHORITY = "local_authority", "Through the local authority"
    GP = "gp", "Through a GP"
    PRIVATE = "private", "Private (pay yourself)"


class Gender(Vocab):
    MIXED = "mixed", "Mixed (all genders)"
    WOMEN_ONLY = "women_only", "Women only"
    MEN_ONLY = "men_only", "Men only"


class MentalHealthSupport(Vocab):
    NONE = "none", "No mental health support"
    SUPPORTED = "supported", "Mental health support"
    SPECIALIST = "specialist", "Specialist dual diagnosis service"


class TwelveStep(Vocab):
    BASED = "based", "12-step based"
    INFORMED = "informed", "12-step informed"
    NONE = "none", "Not 12-step"


class Method(Vocab):
    THERAPEUTIC_COMMUNITY = "therapeutic_community", "Therapeutic community"
    CBT = "cbt", "Cognitive behavioural therapy (CBT)"
    DBT = "dbt", "Dialectical behaviour therapy (DBT)"
    MOTIVATIONAL = "motivational_interviewing", "Motivational interviewing"
    SMART = "smart_recovery", "SMART Recovery"
    MINDFULNESS = "mindfulness", "Mindfulness"
    TRAUMA = "trauma_focused", "Trauma-focused therapy"
    FAMILY = "family_therapy", "Family therapy"
    HOLISTIC = "holistic", "Holistic therapies"


class Faith(Vocab):
    CHRISTIAN = "christian", "Christian"
    MUSLIM = "muslim", "Muslim"
    JEWISH = "jewish", "Jewish"
    SIKH = "sikh", "Sikh"
    HINDU = "hindu", "Hindu"
    BUDDHIST = "buddhist", "Buddhist"
    OTHER = "other", "Another faith"


class Funding(Vocab):
    LOCAL_AUTHORITY = "local_authority", "Local authority or framework funded"
    NHS = "nhs", "NHS funded"
    SELF_FUNDED = "self_funded", "Self-funded"
    CHARITY = "charity", "Charitable funding or bursary"
    INSURANCE = "insurance", "Health insurance"


class Regulator(Vocab):
    CQC = "cqc", "Care Quality Commission (CQC)"
    CIW = "ciw", "Care Inspectorate Wales"
    CARE_INSPECTORATE = "care_inspectorate", "Care Inspectorate (Scotland)"
    RQIA = "rqia", "Regulation and Quality Improvement Authority"


class Rating(Vocab):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_RATED = "not_rated", "Not rated yet"


class AdmissionsStatus(Vocab):
    OPEN = "open", "Taking new admissions"
    PAUSED = "paused", "Admissions paused"


# Each vocabulary's name wherever data and pages name one: the glossary's and the guides'
# ``service.detox``, the finder's table.json. One name a vocabulary, whoever uses it.
VOCABULARIES: dict[str, type[Vocab]] = {
    "audience": Audience,
    "faith": Faith,
    "funding": Funding,
    "gender": Gender,
    "mental_health": MentalHealthSupport,
    "method": Method,
    "rating": Rating,
    "referral": ReferralRoute,
    "region": Region,
    "regulator": Regulator,
    "service": ServiceType,
    "stage": RehabStage,
    "substance": Substance,
    "twelve_step": TwelveStep,
}
