"""The listing format: one provider per YAML file, modelled with pydantic v2.

Layer one of validation. It checks structure, types and formats only; whether a provider
meets the framework's standards is layer two (``rehab_directory.standards``), which runs only
on listings that parsed. So the evidence groups (policies, pay, training, lived experience,
regulation) are optional here: a missing policy is a standards finding with a fix, not a
type error.

Errors raised here are ``PydanticCustomError`` with a ``fix`` in their context, so the
translator in ``schema_errors`` can tell a provider what is wrong and how to put it right.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Self
from urllib.parse import urlsplit

import phonenumbers
import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .clock import uk_today
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

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CQC_ID_RE = re.compile(r"^1-\d{8,11}$")
POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
IMAGE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(?:jpe?g|png|webp)$")
GITHUB_HANDLE_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")

# The United Kingdom's bounding box, generously: Scilly to Shetland, Northern Ireland to Lowestoft.
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)


def _error(message: str, fix: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError("listing_value", message, {"fix": fix, **ctx})


def _today(info: ValidationInfo) -> date:
    context = info.context or {}
    return context.get("today") or uk_today()


# ---------------------------------------------------------------------------- field types


def _no_control_chars(value: str) -> str:
    # Fast path: str.isprintable() is false for any control, format or separator character.
    if value.isprintable() or all(line.isprintable() for line in value.split("\n")):
        return value
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs", "Zl", "Zp") and ch not in "\n\t":
            raise _error(
                "the text contains an invisible control character (U+{code})",
                "retype the text: it was probably pasted from a word processor",
                code=f"{ord(ch):04X}",
            )
    return value


def _text(max_length: int, min_length: int = 1, multiline: bool = False):
    def check(value: str) -> str:
        _no_control_chars(value)
        if not multiline and "\n" in value:
            raise _error("the text must be on one line", "remove the line breaks")
        return value

    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(check),
    ]


Name = _text(100)
ShortText = _text(200)
LongText = _text(5000, multiline=True)


def _check_date(value: Any, info: ValidationInfo) -> Any:
    # YAML gives ISO dates to us as text (see yamlio); refuse numbers, which pydantic would
    # otherwise read as Unix timestamps (20240501 -> 1970-08-23).
    if isinstance(value, (bool, int | float)) or (
            isinstance(value, str) and value.strip().isdigit()):  # "20240501" in quotes
        raise _error("{value} is a number, not a date",
                     "write the date as YYYY-MM-DD, e.g. 2026-05-01", value=value)
    return value


def _not_future(value: date, info: ValidationInfo) -> date:
    today = _today(info)
    if value > today:
        raise _error(
            "{value} is in the future (today is {today})",
            "give the date on which this actually happened",
            value=value.isoformat(),
            today=today.isoformat(),
        )
    return value


PastDate = Annotated[date, BeforeValidator(_check_date), AfterValidator(_not_future)]
# A date that may be ahead of today (an expected reopening).
Day = Annotated[date, BeforeValidator(_check_date)]
# Numbers and yes/no answers are strict: the loader already gives real numbers and booleans,
# so text here ("12", "1e3", "yes") is a mistake to report, not to coerce.
Bool = Annotated[bool, Strict()]
Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]


def _number_only(value: Any) -> Any:
    if isinstance(value, str | bool):
        raise _error("{shown} is not a number", "write the amount as a plain number such as "
                     "13.45, without quotes or a £ sign", shown=repr(value)[:40])
    return value



def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise _error(
            "'{value}' is not a valid slug",
            "use lower-case letters, digits and single hyphens, e.g. harbour-house-hull",
            value=value,
        )
    return value


Slug = Annotated[str, Field(min_length=3, max_length=60), AfterValidator(_check_slug)]


_SPACE_RE = re.compile(r"\s")


def _check_url(value: str) -> str:
    _no_control_chars(value)
    if _SPACE_RE.search(value):  # \s is what str.isspace() calls a space
        raise _error("a web address cannot contain spaces", "remove the spaces")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise _error("this is not a web address ({reason})", "copy the address from your browser",
                     reason=str(exc)) from None
    if parts.scheme not in ("https", "http") or not value.isascii():
        raise _error(
            "'{value}' is not a web link",
            "give a full address starting with https:// (for an international domain name, "
            "use its xn-- form)",
            value=value[:60],
        )
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith("."):
        raise _error("'{value}' has no valid host name", "give a full address such as "
                     "https://www.example.org.uk/", value=value[:60])
    return value


WebUrl = Annotated[str, Field(max_length=300), AfterValidator(_check_url)]


def _check_email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise _error("'{value}' is not an email address",
                     "write it as name@example.org.uk", value=value[:60])
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]


PHONE_CHARS_RE = re.compile(r"\+?[0-9 ()-]{6,24}")


def _check_phone(value: str) -> str:
    # phonenumbers finds a number inside any text ("<b>0113 ..."), so check the characters first.
    try:
        number = phonenumbers.parse(value, "GB") if PHONE_CHARS_RE.fullmatch(value) else None
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number) or number.country_code != 44:
        raise _error(
            "'{value}' is not a valid UK phone number",
            "write it with its area code, in quotes, e.g. \"0113 496 0871\"",
            value=value[:40],
        )
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if len(_INTERNATIONAL) < _INTERNATIONAL_MAX:
        _INTERNATIONAL[national] = phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return national


Phone = Annotated[str, AfterValidator(_check_phone)]

# National form -> international form, of the numbers checked so far in this process: the
# open data writes each listing's number internationally, and parsing it again would cost
# 40 us a listing (as much as checking it).
_INTERNATIONAL: dict[str, str] = {}
_INTERNATIONAL_MAX = 100_000


def international_phone(number: str) -> str:
    """A valid number in national form -> '+44 113 496 0871': unambiguous wherever the data
    goes."""
    found = _INTERNATIONAL.get(number)
    if found is None:
        parsed = phonenumbers.parse(number, "GB")
        found = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return found


def _check_postcode(value: str) -> str:
    match = POSTCODE_RE.match(value.strip().upper())
    if not match:
        raise _error("'{value}' is not a UK postcode", "write it like HU1 2AB", value=value[:20])
    return f"{match.group(1)} {match.group(2)}"


Postcode = Annotated[str, AfterValidator(_check_postcode)]


@lru_cache(maxsize=512)
def _language(code: str) -> Any:
    """The ISO 639 language with this two- or three-letter code, or None."""
    if not re.fullmatch(r"[a-z]{2,3}", code):
        return None
    return (pycountry.languages.get(alpha_2=code) if len(code) == 2
            else pycountry.languages.get(alpha_3=code))


def _is_language(code: str) -> bool:
    return _language(code) is not None


def language_name(code: str) -> str:
    """ISO 639 code -> English name ('pl' -> 'Polish'); the code itself if unknown."""
    found = _language(code)
    return found.name if found else code


def _check_language(value: str) -> str:
    if not _is_language(value):
        raise _error(
            "'{value}' is not an ISO 639 language code",
            "use the two-letter code, e.g. en for English, cy for Welsh, pl for Polish",
            value=value[:20],
        )
    return value


LanguageCode = Annotated[str, AfterValidator(_check_language)]


def _check_image_name(value: str) -> str:
    if not IMAGE_NAME_RE.match(value):
        raise _error(
            "'{value}' is not a plain image file name",
            "put the image in your listing's own folder and give just its name, "
            "ending .jpg, .png or .webp (no folders, no '..')",
            value=value[:80],
        )
    return value


ImageName = Annotated[str, Field(max_length=100), AfterValidator(_check_image_name)]


def _check_handle(value: str) -> str:
    if not GITHUB_HANDLE_RE.match(value):
        raise _error("'{value}' is not a GitHub user name",
                     "give the user name without @, e.g. jo-bloggs", value=value[:40])
    return value


GitHubHandle = Annotated[str, AfterValidator(_check_handle)]

Money = Annotated[
    Decimal,
    BeforeValidator(_number_only),
    Field(ge=0, le=1000, max_digits=6, decimal_places=2),
    PlainSerializer(float, return_type=float, when_used="json"),
]


def _unique(items: list) -> list:
    seen = set()
    for item in items:
        if item in seen:
            raise _error("the list names '{item}' twice", "remove the repeated entry",
                         item=str(item))
        seen.add(item)
    return items


def UniqueList(item, min_length: int = 0, max_length: int = 50):  # noqa: N802 - a type factory
    return Annotated[
        list[item], Field(min_length=min_length, max_length=max_length), AfterValidator(_unique)
    ]


# ---------------------------------------------------------------------------- models


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=False,
        use_attribute_docstrings=True,
    )


class Range(Model):
    min: int
    max: int | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.max is not None and self.max < self.min:
            raise _error("max ({max}) is lower than min ({min})",
                         "swap them, or correct the one that is wrong", max=self.max, min=self.min)
        return self


class Weeks(Range):
    """A programme length in weeks."""

    min: Int = Field(ge=1, le=104)
    max: Int | None = Field(default=None, ge=1, le=104)


class WeeklyCost(Range):
    """A weekly cost in whole pounds (GBP), including VAT."""

    min: Int = Field(ge=0, le=20000)
    max: Int | None = Field(default=None, ge=0, le=20000)


class Wait(Model):
    """How long someone waits to start, and when that was stated."""

    days: Int = Field(ge=0, le=730)
    """Typical wait in days from an agreed referral to admission."""
    stated: PastDate
    """The date the provider gave this wait."""


class Service(Model):
    type: ServiceType
    stages: UniqueList(RehabStage) = []
    """Rehab stages offered (residential rehab only)."""
    description: ShortText | None = None
    length_weeks: Weeks | None = None
    beds: Int | None = Field(default=None, ge=1, le=500)
    wait: Wait | None = None
    weekly_cost: WeeklyCost | None = None

    @model_validator(mode="after")
    def _stages_only_for_rehab(self) -> Self:
        if self.stages and self.type is not ServiceType.RESIDENTIAL_REHAB:
            raise _error("stages are only for residential rehab, not {type}",
                         "remove 'stages' from this service", type=self.type.value)
        if self.type is ServiceType.RESIDENTIAL_REHAB and not self.stages:
            raise _error("a residential rehab service must say which stages it offers",
                         "add stages: [primary] (or secondary, supported_housing)")
        return self


class Admissions(Model):
    """Whether the service is taking new admissions, as the provider last said."""

    status: AdmissionsStatus
    """open: taking new admissions; paused: not taking anyone new for now."""
    stated: PastDate
    """The date the provider said this."""
    reopens: Day | None = None
    """When admissions are expected to reopen (only while paused), if known."""
    note: ShortText | None = None
    """What people should do meanwhile, e.g. 'Referrals still join the waiting list.'"""

    @model_validator(mode="after")
    def _reopening(self) -> Self:
        if self.reopens is not None and self.status is not AdmissionsStatus.PAUSED:
            raise _error("admissions are open, so there is nothing to reopen",
                         "remove 'reopens', or set status: paused")
        if self.reopens is not None and self.reopens <= self.stated:
            raise _error("reopens ({reopens}) is not after stated ({stated})",
                         "give the day admissions are expected to start again",
                         reopens=self.reopens.isoformat(), stated=self.stated.isoformat())
        return self


class Image(Model):
    file: ImageName
    """File name inside the listing's own folder, content/providers/<slug>/."""
    alt: _text(250, min_length=5)
    """What the picture shows, for people who cannot see it."""


class Organisation(Model):
    name: Name
    website: WebUrl | None = None
    charity_number: Annotated[str, Field(pattern=r"^(SC)?[0-9]{6,8}(-[0-9]{1,2})?$")] | None = None
    company_number: Annotated[str, Field(pattern=r"^([A-Z]{2})?[0-9]{6,8}$")] | None = None


class Address(Model):
    street: Name
    locality: Name | None = None
    town: Name
    county: Name | None = None
    postcode: Postcode


class Location(Model):
    latitude: Float = Field(ge=UK_LATITUDE[0], le=UK_LATITUDE[1])
    longitude: Float = Field(ge=UK_LONGITUDE[0], le=UK_LONGITUDE[1])


class Approach(Model):
    twelve_step: TwelveStep
    methods: UniqueList(Method) = []
    faith_based: Bool = False
    faith: Faith | None = None

    @model_validator(mode="after")
    def _faith_named(self) -> Self:
        if self.faith_based and self.faith is None:
            raise _error("the approach is faith-based but does not say which faith",
                         "add faith: christian (or muslim, jewish, sikh, hindu, buddhist, other)")
        if self.faith is not None and not self.faith_based:
            raise _error("a faith is named but faith_based is false",
                         "set faith_based: true, or remove faith")
        return self


class Eligibility(Model):
    gender: Gender
    min_age: Int = Field(ge=16, le=99)
    max_age: Int | None = Field(default=None, ge=16, le=120)
    pregnancy: Bool
    """Accepts people who are pregnant."""
    parents_with_children: Bool
    """Children can stay with their parent."""
    couples: Bool
    pets: Bool

    @model_validator(mode="after")
    def _ages(self) -> Self:
        if self.max_age is not None and self.max_age < self.min_age:
            raise _error("max_age ({max}) is lower than min_age ({min})",
                         "swap them, or correct the one that is wrong",
                         max=self.max_age, min=self.min_age)
        return self


class Accessibility(Model):
    wheelchair_access: Bool
    step_free_rooms: Bool
    notes: ShortText | None = None


class Regulation(Model):
    regulator: Regulator
    provider_id: Annotated[str, Field(max_length=40)]
    location_id: Annotated[str, Field(max_length=40)]
    rating: Rating
    rating_date: PastDate | None = None
    """Date of the report that gave the rating (none for Not rated)."""

    @model_validator(mode="after")
    def _cqc_ids(self) -> Self:
        if self.regulator is Regulator.CQC:
            for field in ("provider_id", "location_id"):
                value = getattr(self, field)
                if not CQC_ID_RE.match(value):
                    raise _error(
                        "{field} '{value}' is not a CQC ID",
                        "copy it from the CQC website: 1- followed by 8 to 11 digits, "
                        "e.g. 1-123456789",
                        field=field,
                        value=value[:40],
                    )
        if self.rating is not Rating.NOT_RATED and self.rating_date is None:
            raise _error("the rating has no date",
                         "add rating_date: the date of the inspection report")
        return self


class Policy(Model):
    reviewed: PastDate
    """When the policy was last reviewed."""
    url: WebUrl | None = None
    """Where the public can read it, if published."""


class Policies(Model):
    strip_search: Bool | None = None
    """Do you strip-search residents? (Must be false to join the framework.)"""
    dignity_and_respect: Policy | None = None
    safeguarding: Policy | None = None
    complaints: Policy | None = None
    unplanned_discharge: Policy | None = None


class Pay(Model):
    lowest_hourly_rate: Money | None = None
    """The lowest hourly rate paid to any member of staff aged 18 or over, in pounds."""
    stated: PastDate | None = None
    living_wage_accredited: Bool = False
    """Accredited by the Living Wage Foundation."""


class Training(Model):
    safeguarding: PastDate | None = None
    overdose_response: PastDate | None = None
    """Overdose response and naloxone."""
    trauma_informed: PastDate | None = None


class LivedExperience(Model):
    mechanism: ShortText | None = None
    """How people who use the service give feedback (e.g. residents' forum, exit survey)."""
    last_round: PastDate | None = None


class Listing(Model):
    """One detox or rehab provider's listing: ``content/providers/<slug>.yaml``."""

    slug: Slug
    name: Name
    summary: ShortText
    description: LongText
    """Plain text or limited Markdown: paragraphs, lists, bold, italics and links."""
    organisation: Organisation | None = None
    website: WebUrl | None = None
    phone: Phone
    email: Email | None = None
    address: Address
    location: Location
    region: Region
    logo: Image | None = None
    photos: Annotated[list[Image], Field(max_length=12)] = []
    referral_routes: UniqueList(ReferralRoute, min_length=1)
    services: Annotated[list[Service], Field(min_length=1, max_length=10)]
    admissions: Admissions | None = None
    """Whether you are taking new admissions: give it when you pause them and when you reopen."""
    substances: UniqueList(Substance, min_length=1)
    mental_health: MentalHealthSupport
    """Support for co-occurring mental health needs (dual diagnosis)."""
    approach: Approach
    languages: UniqueList(LanguageCode, min_length=1)
    eligibility: Eligibility
    accessibility: Accessibility
    funding: UniqueList(Funding, min_length=1)
    regulation: Regulation | None = None
    policies: Policies = Policies()
    pay: Pay = Pay()
    training: Training = Training()
    lived_experience: LivedExperience = LivedExperience()
    last_verified: PastDate | None = None
    """When a framework reviewer last confirmed this listing with the provider. Only a
    reviewer sets it (``scripts/verify.py``); a new listing has none until it is verified."""
    verified_by: GitHubHandle | None = None
    """The GitHub user name of the reviewer who verified it on ``last_verified``."""
    maintainers: UniqueList(GitHubHandle, min_length=1, max_length=10)
    """GitHub users who may change this listing."""

    @model_validator(mode="after")
    def _services_unique(self) -> Self:
        _unique([s.type for s in self.services])
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
