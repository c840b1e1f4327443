"""The listing's field types: text, dates, numbers, slugs, web and email addresses, phone
numbers, postcodes, language codes, image names, GitHub user names and money, each an
``Annotated`` type with its own check.

A check raises ``PydanticCustomError`` with a ``fix`` in its context (``value_error``), so the
translator in ``schema_errors`` can tell a provider what is wrong and how to put it right. The
types carry ``SchemaPattern`` where a value has a form an editor can show. The models that use
them (the listing and its groups) are in ``model``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlsplit

import phonenumbers
import pycountry
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    Strict,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from rehab_directory.support.clock import uk_today

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CQC_ID_RE = re.compile(r"^1-[0-9]{8,11}$")  # ASCII digits: \d matches other scripts' digits too
POSTCODE_RE = re.compile(r"^([A-Za-z]{1,2}[0-9][A-Za-z0-9]?) *([0-9][A-Za-z]{2})$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")
# Camera names too (IMG_1234.JPG): the extension in any case.
IMAGE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
                           r"\.(?:[Jj][Pp][Ee]?[Gg]|[Pp][Nn][Gg]|[Ww][Ee][Bb][Pp])$")
GITHUB_HANDLE_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}$")

def value_error(message: str, fix: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError("listing_value", message, {"fix": fix, **ctx})


@dataclass(frozen=True)
class SchemaPattern:
    """Annotated metadata: show editors a value's form as the JSON Schema ``pattern`` of the
    model's own ``regex``. The validator checks the value itself, with a message and a fix, so
    pydantic is not asked to."""

    regex: re.Pattern[str]

    @property
    def pattern(self) -> str:
        """The regex, anchored at both ends (a JSON Schema pattern matches anywhere)."""
        text = self.regex.pattern
        return text if text.startswith("^") and text.endswith("$") else f"^(?:{text})$"

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        schema = handler(core_schema)
        schema["pattern"] = self.pattern
        return schema


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
            raise value_error(
                "the text contains an invisible control character (U+{code})",
                "retype the text: it was probably pasted from a word processor",
                code=f"{ord(ch):04X}",
            )
    return value


def Text(max_length: int, min_length: int = 1, multiline: bool = False):  # noqa: N802 - a type factory
    def check(value: str) -> str:
        _no_control_chars(value)
        if not multiline and "\n" in value:
            raise value_error("the text must be on one line", "remove the line breaks")
        return value

    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length),
        AfterValidator(check),
    ]


Name = Text(100)
ShortText = Text(200)
LongText = Text(5000, multiline=True)


def _check_date(value: Any, info: ValidationInfo) -> Any:
    # YAML gives ISO dates to us as text (see yamlio); refuse numbers, which pydantic would
    # otherwise read as Unix timestamps (20240501 -> 1970-08-23).
    if isinstance(value, (bool, int | float)) or (
            isinstance(value, str) and value.strip().isdigit()):  # "20240501" in quotes
        raise value_error("{value} is a number, not a date",
                          "write the date as YYYY-MM-DD, e.g. 2026-05-01", value=value)
    return value


def _not_future(value: date, info: ValidationInfo) -> date:
    today = _today(info)
    if value > today:
        raise value_error(
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
        raise value_error("{shown} is not a number", "write the amount as a plain number such as "
                          "13.45, without quotes or a £ sign", shown=repr(value)[:40])
    return value



def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise value_error(
            "'{value}' is not a valid slug",
            "use lower-case letters, digits and single hyphens, e.g. harbour-house-hull",
            value=value,
        )
    return value


Slug = Annotated[str, Field(min_length=3, max_length=60), AfterValidator(_check_slug),
                 SchemaPattern(SLUG_RE)]


_SPACE_RE = re.compile(r"\s")


def _check_url(value: str) -> str:
    _no_control_chars(value)
    if _SPACE_RE.search(value):  # \s is what str.isspace() calls a space
        raise value_error("a web address cannot contain spaces", "remove the spaces")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise value_error("this is not a web address ({reason})",
                          "copy the address from your browser",
                          reason=str(exc)) from None
    if parts.scheme not in ("https", "http") or not value.isascii():
        raise value_error(
            "'{value}' is not a web link",
            "give a full address starting with https:// (for an international domain name, "
            "use its xn-- form)",
            value=value[:60],
        )
    host = parts.hostname or ""
    if "." not in host or host.startswith(".") or host.endswith("."):
        raise value_error("'{value}' has no valid host name", "give a full address such as "
                          "https://www.example.org.uk/", value=value[:60])
    return value


WebUrl = Annotated[str, Field(max_length=300), AfterValidator(_check_url)]


def _check_email(value: str) -> str:
    if not EMAIL_RE.match(value):
        raise value_error("'{value}' is not an email address",
                          "write it as name@example.org.uk", value=value[:60])
    return value


Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email),
                  SchemaPattern(EMAIL_RE)]


# A number, then perhaps an extension: "ext 2", "ext. 2", "extn 2", "extension 2", "x2", "#2",
# "(ext 2)".
# Written without inline flags: editors read it as the JSON Schema's pattern (ECMA-262).
PHONE_CHARS_RE = re.compile(
    r"(\+?[0-9 ()-]{6,24}?)(?: *,? *\(?(?:[Ee][Xx][Tt](?:[Ee][Nn][Ss][Ii][Oo][Nn]|[Nn])?\.?|[Xx]|#)"
    r" *[.:]? *([0-9]{1,6})\)?)?")
EXTENSION_SEP = " ext. "  # how a listing's number shows its extension: "0113 496 0871 ext. 2"


class PhoneNumber(str):
    """A valid UK number as a listing shows it: the national form, '0113 496 0871' (with
    ' ext. 2' for an extension), which is the text of the value, and the international form,
    '+44 113 496 0871 ext. 2', worked out once when the number is checked (``international``):
    the open data writes every number internationally, and parsing it again would cost as much
    as checking it."""

    def __new__(cls, national: str, international: str) -> PhoneNumber:
        number = super().__new__(cls, national)
        number._international = international
        return number

    def __getnewargs__(self) -> tuple[str, str]:  # pickled: the build's workers send listings
        return str(self), self._international

    @property
    def international(self) -> str:
        return self._international


def _check_phone(value: str) -> PhoneNumber:
    # phonenumbers finds a number inside any text ("<b>0113 ..."), and reads letters as
    # digits ("ext two"), so check the characters first, and take the extension apart.
    parts = PHONE_CHARS_RE.fullmatch(value)
    try:
        number = phonenumbers.parse(parts.group(1), "GB") if parts else None
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number) or number.country_code != 44:
        raise value_error(
            "'{value}' is not a valid UK phone number",
            "write it with its area code, in quotes, e.g. \"0113 496 0871\", and an "
            "extension after it as \"0113 496 0871 ext 2\"",
            value=value[:40],
        )
    extension = parts.group(2)
    ext = f"{EXTENSION_SEP}{extension}" if extension else ""
    return PhoneNumber(
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL) + ext,
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL) + ext)


Phone = Annotated[str, AfterValidator(_check_phone), SchemaPattern(PHONE_CHARS_RE)]


def international_phone(number: str) -> str:
    """A valid number -> '+44 113 496 0871' (with ' ext. 2' if it has an extension):
    unambiguous wherever the data goes. A listing's number (a ``PhoneNumber``) knows it; other
    text is checked as a listing's would be."""
    checked = number if isinstance(number, PhoneNumber) else _check_phone(number)
    return checked.international


def split_extension(number: str) -> tuple[str, str | None]:
    """A valid number -> (the number, its extension or None): '0113 496 0871 ext. 2' ->
    ('0113 496 0871', '2'). Works on the national and the international form alike."""
    base, sep, extension = number.partition(EXTENSION_SEP)
    return base, (extension if sep else None)


def tel_uri(number: str) -> str:
    """A valid number -> the link a phone dials: 'tel:+441134960871', and for an extension
    'tel:+441134960871,2' (a comma is a pause, then the phone keys in the extension: the
    RFC 3966 ';ext=' form is dropped by many phones' diallers)."""
    base, extension = split_extension(international_phone(number))
    return "tel:" + base.replace(" ", "") + ("," + extension if extension else "")


def _check_postcode(value: str) -> str:
    # Any spaces, or none, between the halves ("LS8  2JH", "LS82JH"): written with one.
    match = POSTCODE_RE.match(re.sub(r"\s+", "", value))
    if not match:
        raise value_error("'{value}' is not a UK postcode", "write it like HU1 2AB",
                          value=value[:20])
    return f"{match.group(1).upper()} {match.group(2).upper()}"


Postcode = Annotated[str, AfterValidator(_check_postcode), SchemaPattern(POSTCODE_RE)]


@lru_cache(maxsize=512)
def _language(code: str) -> Any:
    """The ISO 639 language with this two- or three-letter code, or None."""
    if not LANGUAGE_CODE_RE.fullmatch(code):
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
        raise value_error(
            "'{value}' is not an ISO 639 language code",
            "use the two-letter code, e.g. en for English, cy for Welsh, pl for Polish",
            value=value[:20],
        )
    return value


LanguageCode = Annotated[str, AfterValidator(_check_language),
                         SchemaPattern(LANGUAGE_CODE_RE)]


def _check_image_name(value: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*\.(?:heic|heif|avif|gif|tiff?|bmp)", value, re.I):
        raise value_error(
            "'{value}' is not a JPEG, PNG or WebP picture",
            "export it as JPEG (an iPhone's HEIC photos too: Settings > Camera > Formats > "
            "Most Compatible, or export from Photos), then name the .jpg file here",
            value=value[:80],
        )
    if not IMAGE_NAME_RE.match(value):
        raise value_error(
            "'{value}' is not a plain image file name",
            "put the image in your listing's own folder and give just its name, "
            "ending .jpg, .png or .webp (no folders, no '..')",
            value=value[:80],
        )
    return value


ImageName = Annotated[str, Field(max_length=100), AfterValidator(_check_image_name),
                      SchemaPattern(IMAGE_NAME_RE)]


def _check_handle(value: str) -> str:
    if not GITHUB_HANDLE_RE.match(value):
        raise value_error("'{value}' is not a GitHub user name",
                          "give the user name without @, e.g. jo-bloggs", value=value[:40])
    return value


GitHubHandle = Annotated[str, AfterValidator(_check_handle),
                         SchemaPattern(GITHUB_HANDLE_RE)]

Money = Annotated[
    Decimal,
    BeforeValidator(_number_only),
    Field(ge=0, le=1000, max_digits=6, decimal_places=2),
    PlainSerializer(float, return_type=float, when_used="json"),
]


def unique(items: list) -> list:
    seen = set()
    for item in items:
        if item in seen:
            raise value_error("the list names '{item}' twice", "remove the repeated entry",
                              item=str(item))
        seen.add(item)
    return items


def UniqueList(item, min_length: int = 0, max_length: int = 50):  # noqa: N802 - a type factory
    return Annotated[
        list[item], Field(min_length=min_length, max_length=max_length), AfterValidator(unique)
    ]
