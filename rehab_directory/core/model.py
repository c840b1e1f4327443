"""The listing format: one provider per YAML file, modelled with pydantic v2.

Layer one of validation. It checks structure, types and formats only; whether a provider
meets the framework's standards is layer two (``rehab_directory.framework.standards``),
which runs only on listings that parsed. So the evidence groups (policies, pay, training,
lived experience, regulation) are optional here: a missing policy is a standards finding
with a fix, not a type error.

The field types and their checks (text, dates, phone numbers, postcodes, regulator IDs,
money) are in ``fields``. Errors raised here are ``PydanticCustomError`` with a ``fix`` in
their context (``fields.value_error``), so the translator in ``schema_errors`` can tell a
provider what is wrong and how to put it right.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .fields import (
    CQC_ID_RE,
    Bool,
    Day,
    Email,
    Float,
    GitHubHandle,
    ImageName,
    Int,
    LanguageCode,
    LongText,
    Money,
    Name,
    PastDate,
    Phone,
    Postcode,
    SchemaPattern,
    ShortText,
    Slug,
    Text,
    UniqueList,
    WebUrl,
    unique,
    value_error,
)
from .geography import UK_BOUNDS
from .vocab import (
    AdmissionsStatus,
    Faith,
    Funding,
    Gender,
    MentalHealthSupport,
    Method,
    Rating,
    ReferralRoute,
    Region,
    Regulator,
    RehabStage,
    ServiceType,
    Substance,
    TwelveStep,
)

# The United Kingdom's bounding box, generously (Scilly to Shetland, Northern Ireland to
# Lowestoft): its one home is geography.UK_BOUNDS.
UK_LATITUDE = (UK_BOUNDS["south"], UK_BOUNDS["north"])
UK_LONGITUDE = (UK_BOUNDS["west"], UK_BOUNDS["east"])


def _one_line_descriptions(schema: dict[str, Any], model: type) -> None:
    """Field docstrings wrap in the source; editors, the CMS and error messages show each
    description as one line, with reStructuredText's ``code`` as Markdown's `code`."""
    for node in (schema, *schema.get("properties", {}).values()):
        if "description" in node:
            node["description"] = " ".join(node["description"].split()).replace("``", "`")


# ---------------------------------------------------------------------------- models


def _in_order(low: int, high: int | None, low_name: str, high_name: str) -> None:
    """Refuse a lowest and a highest value (``high`` may be left out) the wrong way round."""
    if high is not None and high < low:
        raise value_error(f"{high_name} ({{max}}) is lower than {low_name} ({{min}})",
                          "swap them, or correct the one that is wrong", max=high, min=low)


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=False,
        use_attribute_docstrings=True,
        json_schema_extra=_one_line_descriptions,
    )


class Range(Model):
    min: int
    max: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        _in_order(self.min, self.max, "min", "max")
        return self


class Weeks(Range):
    """A programme length in weeks."""

    min: Int = Field(ge=1, le=104)
    """The shortest usual stay, in weeks. Example: 6."""
    max: Int | None = Field(default=None, ge=1, le=104)
    """The longest usual stay, in weeks; leave it out if the length is fixed. Example: 12."""


class WeeklyCost(Range):
    """A weekly cost in whole pounds (GBP), including VAT."""

    min: Int = Field(ge=0, le=20000)
    """The lowest weekly cost, in whole pounds. Example: 950."""
    max: Int | None = Field(default=None, ge=0, le=20000)
    """The highest weekly cost, if prices vary; leave it out if there is one price. Example:
    1150."""


class Wait(Model):
    """How long someone waits to start, and when that was stated."""

    days: Int = Field(ge=0, le=730)
    """The usual wait in days, from an agreed referral to the day someone moves in or starts.
    Example: 14."""
    stated: PastDate
    """The date you gave this wait, so people can see how fresh it is. Example: 2026-11-16."""


class Service(Model):
    type: ServiceType
    """The kind of service, from the list. Example: residential_rehab."""
    stages: UniqueList(RehabStage) = []
    """The stages of rehab this service offers (residential rehab only). Example: [primary,
    secondary]."""
    description: ShortText | None = None
    """One line about this service, if it needs one. Example: Alcohol and opioid detox with
    24-hour nursing."""
    length_weeks: Weeks | None = None
    """How long the programme usually lasts, in weeks. Example: {min: 6, max: 12}."""
    beds: Int | None = Field(default=None, ge=1, le=500)
    """How many beds or places this service has. Example: 18."""
    wait: Wait | None = None
    """How long people usually wait to start, and the date you said so. Example: {days: 14,
    stated: 2026-11-16}."""
    weekly_cost: WeeklyCost | None = None
    """What a week costs someone paying for themselves, in whole pounds including VAT. Example:
    {min: 950, max: 1150}."""

    @model_validator(mode="after")
    def _stages_only_for_rehab(self) -> Self:
        if self.stages and self.type is not ServiceType.RESIDENTIAL_REHAB:
            raise value_error("stages are only for residential rehab, not {type}",
                              "remove 'stages' from this service", type=self.type.value)
        if self.type is ServiceType.RESIDENTIAL_REHAB and not self.stages:
            raise value_error("a residential rehab service must say which stages it offers",
                              "add stages: [primary] (or secondary, supported_housing)")
        return self


class Admissions(Model):
    """Whether the service is taking new admissions, as the provider last said."""

    status: AdmissionsStatus
    """open: taking new admissions; paused: not taking anyone new for now."""
    stated: PastDate
    """The date the provider said this. Example: 2026-11-16."""
    reopens: Day | None = None
    """When admissions are expected to reopen (only while paused), if known. Example:
    2027-01-04."""
    note: ShortText | None = None
    """What people should do meanwhile, e.g. 'Referrals still join the waiting list.'"""

    @model_validator(mode="after")
    def _reopening(self) -> Self:
        if self.reopens is not None and self.status is not AdmissionsStatus.PAUSED:
            raise value_error("admissions are open, so there is nothing to reopen",
                              "remove 'reopens', or set status: paused")
        if self.reopens is not None and self.reopens <= self.stated:
            raise value_error("reopens ({reopens}) is not after stated ({stated})",
                              "give the day admissions are expected to start again",
                              reopens=self.reopens.isoformat(), stated=self.stated.isoformat())
        return self


class Image(Model):
    file: ImageName
    """The image's file name, in the listing's own folder content/providers/<slug>/. Example:
    garden.jpg."""
    alt: Text(250, min_length=5)
    """What the picture shows, for people who cannot see it. Example: The garden, with benches
    under an apple tree."""


class Organisation(Model):
    name: Name
    """The organisation's registered name. Example: Beacon Recovery Trust."""
    website: WebUrl | None = None
    """The organisation's own website, if it is not the service's. Example:
    https://www.beacon-recovery.example.org.uk/"""
    charity_number: Annotated[str, Field(pattern=r"^(SC)?[0-9]{6,8}(-[0-9]{1,2})?$")] | None = None
    """The registered charity number, if it is a charity (Scottish numbers start SC). Example:
    1234567."""
    company_number: Annotated[str, Field(pattern=r"^([A-Z]{2})?[0-9]{6,8}$")] | None = None
    """The Companies House number, if it is a company. Example: 12345678."""


class Address(Model):
    street: Name
    """The building's number or name and the street. Example: 14 Park Avenue."""
    locality: Name | None = None
    """The district or village, if it helps people find you. Example: Roundhay."""
    town: Name
    """The town or city. Example: Leeds."""
    county: Name | None = None
    """The county, if your address uses one. Example: West Yorkshire."""
    postcode: Postcode
    """The full postcode. Example: LS8 2JH."""


class Location(Model):
    latitude: Float = Field(ge=UK_LATITUDE[0], le=UK_LATITUDE[1])
    """How far north the building is, in decimal degrees, as an online map shows it. Example:
    53.8329."""
    longitude: Float = Field(ge=UK_LONGITUDE[0], le=UK_LONGITUDE[1])
    """How far east or west of Greenwich the building is, in decimal degrees (west is negative).
    Example: -1.4987."""

    @model_validator(mode="before")
    @classmethod
    def _not_swapped(cls, data: Any) -> Any:
        """Latitude and longitude the wrong way round: say so, rather than 'out of range'."""
        if isinstance(data, dict):
            lat, lon = data.get("latitude"), data.get("longitude")
            if (all(isinstance(v, float | int) and not isinstance(v, bool) for v in (lat, lon))
                    and not UK_LATITUDE[0] <= lat <= UK_LATITUDE[1]
                    and UK_LATITUDE[0] <= lon <= UK_LATITUDE[1]
                    and UK_LONGITUDE[0] <= lat <= UK_LONGITUDE[1]):
                raise value_error("latitude and longitude are swapped: {lat} is a longitude and "
                                  "{lon} a latitude",
                                  f"swap them: write 'latitude: {lon}' and 'longitude: {lat}'",
                                  lat=lat, lon=lon, at="latitude")
        return data


class Approach(Model):
    twelve_step: TwelveStep
    """Whether the programme follows the Twelve Steps of AA and NA: based on them, informed by
    them, or none. Example: informed."""
    methods: UniqueList(Method) = []
    """The main therapies you use, from the list. Example: [cbt, motivational_interviewing]."""
    faith_based: Bool = False
    """true if the programme is built on a religious faith (then say which in faith); otherwise
    false."""
    faith: Faith | None = None
    """Which faith, when faith_based is true. Example: christian."""

    @model_validator(mode="after")
    def _faith_named(self) -> Self:
        if self.faith_based and self.faith is None:
            raise value_error("the approach is faith-based but does not say which faith",
                              "add faith: christian (or muslim, jewish, sikh, hindu, "
                              "buddhist, other)")
        if self.faith is not None and not self.faith_based:
            raise value_error("a faith is named but faith_based is false",
                              "set faith_based: true, or remove faith")
        return self


class Eligibility(Model):
    gender: Gender
    """Who can stay, from the list. Example: mixed."""
    min_age: Int = Field(ge=16, le=99)
    """The youngest age you accept, in years. Example: 18."""
    max_age: Int | None = Field(default=None, ge=16, le=120)
    """The oldest age you accept, in years; leave it out if there is no upper limit. Example: 70."""
    pregnancy: Bool
    """true if you accept people who are pregnant; otherwise false."""
    parents_with_children: Bool
    """true if children can stay with their parent; otherwise false."""
    couples: Bool
    """true if a couple can come into treatment together; otherwise false."""
    pets: Bool
    """true if residents can bring a pet; otherwise false."""

    @model_validator(mode="after")
    def _ages(self) -> Self:
        _in_order(self.min_age, self.max_age, "min_age", "max_age")
        return self


class Accessibility(Model):
    wheelchair_access: Bool
    """true if a wheelchair user can get in and use the shared rooms; otherwise false."""
    step_free_rooms: Bool
    """true if at least one bedroom can be reached without steps; otherwise false."""
    notes: ShortText | None = None
    """Anything else about access, in one line. Example: Hearing loop in the group room; lift to
    the first floor."""


def _cqc_ids_pattern(schema: dict[str, Any], model: type) -> None:
    """CQC's IDs have a form (``CQC_ID_RE``); the other regulators' are checked only for
    length."""
    _one_line_descriptions(schema, model)
    cqc_id = SchemaPattern(CQC_ID_RE).pattern
    schema["if"] = {"properties": {"regulator": {"const": Regulator.CQC.value}},
                    "required": ["regulator"]}
    schema["then"] = {"properties": {"provider_id": {"pattern": cqc_id},
                                     "location_id": {"pattern": cqc_id}}}


class Regulation(Model):
    model_config = ConfigDict(json_schema_extra=_cqc_ids_pattern)

    regulator: Regulator
    """Who inspects the service, from the list. Example: cqc."""
    provider_id: Annotated[str, Field(max_length=40)]
    """Your provider ID with the regulator, copied from its website. Example: 1-123456789."""
    location_id: Annotated[str, Field(max_length=40)]
    """The ID of this location (the building) with the regulator, copied from its website.
    Example: 1-987654321."""
    rating: Rating
    """Your latest overall rating, from the list. Example: good."""
    rating_date: PastDate | None = None
    """The date of the report that gave the rating (leave it out while not rated). Example:
    2025-09-18."""

    @model_validator(mode="after")
    def _cqc_ids(self) -> Self:
        if self.regulator is Regulator.CQC:
            for field in ("provider_id", "location_id"):
                value = getattr(self, field)
                if not CQC_ID_RE.match(value):
                    raise value_error(
                        "{field} '{value}' is not a CQC ID",
                        "copy it from the CQC website: 1- followed by 8 to 11 digits, "
                        "e.g. 1-123456789",
                        field=field,
                        value=value[:40],
                    )
        if self.rating is not Rating.NOT_RATED and self.rating_date is None:
            raise value_error("the rating has no date",
                              "add rating_date: the date of the inspection report")
        return self


class Policy(Model):
    reviewed: PastDate
    """When the policy was last reviewed. Example: 2026-03-01."""
    url: WebUrl | None = None
    """Where the public can read it, if it is published. Example:
    https://www.beacon-lodge.example.org.uk/policies/complaints"""


class Policies(Model):
    strip_search: Bool | None = None
    """Do you strip-search residents? It must be false to join the framework."""
    dignity_and_respect: Policy | None = None
    """Your dignity and respect policy: when it was last reviewed and, if published, where to
    read it."""
    safeguarding: Policy | None = None
    """Your safeguarding policy: when it was last reviewed and, if published, where to read it."""
    complaints: Policy | None = None
    """Your complaints policy: when it was last reviewed and, if published, where to read it."""
    unplanned_discharge: Policy | None = None
    """Your policy for when someone leaves treatment early or is asked to leave: when it was
    last reviewed and, if published, where to read it."""


class Pay(Model):
    lowest_hourly_rate: Money | None = None
    """The lowest hourly rate paid to any member of staff aged 18 or over, in pounds and pence.
    Example: 13.45."""
    stated: PastDate | None = None
    """The date on which that rate was paid. Example: 2026-10-01."""
    living_wage_accredited: Bool = False
    """true if you are an accredited Living Wage employer with the Living Wage Foundation;
    otherwise false."""


class Training(Model):
    safeguarding: PastDate | None = None
    """When staff last had safeguarding training. Example: 2026-06-12."""
    overdose_response: PastDate | None = None
    """When staff last had overdose response and naloxone training. Example: 2026-06-12."""
    trauma_informed: PastDate | None = None
    """When staff last had trauma-informed care training. Example: 2026-06-12."""


class LivedExperience(Model):
    mechanism: ShortText | None = None
    """How people who use the service give feedback. Example: residents' forum and exit survey."""
    last_round: PastDate | None = None
    """When you last asked them. Example: 2026-09-30."""


class Listing(Model):
    """One detox or rehab provider's listing: ``content/providers/<slug>.yaml``."""

    slug: Slug
    """The listing's short name, used in its web address and file name: lower-case letters,
    digits and hyphens. Example: beacon-lodge-leeds."""
    name: Name
    """The service's name, as people know it. Example: Beacon Lodge."""
    summary: ShortText
    """One sentence for search results: what you offer and for whom. Example: Medically managed
    detox and residential rehab for adults."""
    description: LongText
    """A few short paragraphs about the service: the setting, a typical day, what happens after.
    Plain text or simple Markdown (paragraphs, lists, bold, italics and links)."""
    organisation: Organisation | None = None
    """The charity or company that runs the service, if its name is not the service's own."""
    website: WebUrl | None = None
    """The service's own web page. Example: https://www.beacon-lodge.example.org.uk/"""
    phone: Phone
    """The number people call to ask about a place, with its area code, in quotes. Example:
    "0113 496 0871"."""
    email: Email | None = None
    """The address people write to about admissions. Example:
    admissions@beacon-lodge.example.org.uk"""
    address: Address
    """Where the service is: street, town and postcode."""
    location: Location
    """Where the building is on a map, as latitude and longitude copied from an online map.
    Example: {latitude: 53.8329, longitude: -1.4987}."""
    region: Region
    """The part of the UK the service is in, from the list. Example: yorkshire-and-the-humber."""
    logo: Image | None = None
    """Your logo, if you have one: an image file in the listing's own folder and a few words
    saying what it shows."""
    photos: Annotated[list[Image], Field(max_length=12)] = []
    """Up to 12 photos of the building, rooms and garden, each with a few words for people who
    cannot see it. Leave the list empty if you have none."""
    referral_routes: UniqueList(ReferralRoute, min_length=1)
    """How people can be referred, from the list. Example: [self_referral, keyworker]."""
    services: Annotated[list[Service], Field(min_length=1, max_length=10)]
    """Each kind of service you offer, with its stages, length, beds, wait and cost."""
    admissions: Admissions | None = None
    """Whether you are taking new admissions: give it when you pause them and when you reopen."""
    substances: UniqueList(Substance, min_length=1)
    """The drugs and alcohol you treat, from the list. Example: [alcohol, opioids, cocaine]."""
    mental_health: MentalHealthSupport
    """Support for people who also have mental health needs (dual diagnosis), from the list.
    Example: supported."""
    approach: Approach
    """How your programme works: the Twelve Steps or not, the therapies you use, and any faith
    it is built on."""
    languages: UniqueList(LanguageCode, min_length=1)
    """The languages staff can work in, as two- or three-letter ISO 639 codes. Example: [en, pl]
    for English and Polish."""
    eligibility: Eligibility
    """Who the service is for: gender and ages, and whether it takes people who are pregnant,
    parents with children, couples and pets."""
    accessibility: Accessibility
    """Access for disabled people: wheelchair access, step-free rooms and anything else."""
    funding: UniqueList(Funding, min_length=1)
    """How a place can be paid for, from the list. Example: [local_authority, self_funded]."""
    regulation: Regulation | None = None
    """The regulator that inspects the service, your IDs with it and your latest rating."""
    policies: Policies = Policies()
    """When your key policies were last reviewed, and where the public can read them."""
    pay: Pay = Pay()
    """The lowest hourly pay of your staff, for the Real Living Wage standard."""
    training: Training = Training()
    """When staff last had each kind of training, as dates."""
    lived_experience: LivedExperience = LivedExperience()
    """How people who use the service shape it, and when you last asked them."""
    last_verified: PastDate | None = None
    """When a framework reviewer last confirmed this listing with the provider. Only a
    reviewer sets it (``scripts/verify.py``); a new listing has none until it is verified.
    Example: 2026-11-20."""
    verified_by: GitHubHandle | None = None
    """The GitHub user name of the reviewer who verified it on ``last_verified``. Example:
    jo-bloggs."""
    maintainers: UniqueList(GitHubHandle, min_length=1, max_length=10)
    """GitHub users who may change this listing. Example: [beacon-admin]."""

    @model_validator(mode="after")
    def _servicesunique(self) -> Self:
        unique([s.type for s in self.services])
        return self

    # -- conveniences for templates and filters (derived, never stored)

    def service(self, kind: ServiceType) -> Service | None:
        return next((s for s in self.services if s.type is kind), None)

    @property
    def service_types(self) -> list[ServiceType]:
        return [s.type for s in self.services]

    @property
    def shortest_wait(self) -> Wait | None:
        waits = [s.wait for s in self.services if s.wait is not None]
        return min(waits, key=lambda w: w.days, default=None)

    @property
    def lowest_weekly_cost(self) -> int | None:
        return min((s.weekly_cost.min for s in self.services if s.weekly_cost), default=None)

    @property
    def highest_weekly_cost(self) -> int | None:
        costs = [s.weekly_cost.max or s.weekly_cost.min for s in self.services if s.weekly_cost]
        return max(costs, default=None)


def listing_json_schema() -> dict:
    """The JSON Schema editors use for completion and inline errors."""
    schema = Listing.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
