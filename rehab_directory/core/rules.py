"""Rules of the file, YAML and schema layers, each a small documented unit with a stable ID.

The framework's standards (DIG-001 and so on) live in ``standards/`` as data; these rules are
about whether a file can be read as a listing at all. IDs never change meaning: retire an ID
rather than reuse it. ``docs/rules.md`` is generated from this table (a test keeps it current).
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    title: str
    why: str
    fix: str


_E, _W = Severity.ERROR, Severity.WARNING

_ALL = [
    # -- YAML: can the file be read safely?
    Rule("YAML-001", _E, "The file is not valid YAML",
         "A listing that cannot be parsed cannot be checked or published.",
         "fix the line shown; write each field as 'name: value', indent with spaces"),
    Rule("YAML-002", _E, "A key appears twice",
         "YAML parsers silently keep the last of two equal keys, so information is lost.",
         "keep one of the two entries and delete the other"),
    Rule("YAML-003", _E, "Anchors and aliases are not allowed",
         "Listings never need them, and they are how 'billion laughs' attacks make a small "
         "file expand to gigabytes.",
         "write the value out in full instead of using & and *"),
    Rule("YAML-004", _E, "Tabs are used for indentation",
         "YAML forbids tabs for indentation; editors show them inconsistently.",
         "indent with spaces (two per level)"),
    Rule("YAML-005", _E, "The file is not UTF-8 text",
         "Listings must be plain text in UTF-8 so that every tool reads the same characters.",
         "save the file as 'UTF-8' text in your editor"),
    Rule("YAML-006", _E, "The file is too large",
         "A listing is a few kilobytes; a huge file is a mistake or an attack.",
         "keep the listing under 256 KiB; photos go in their own files, not in the YAML"),
    Rule("YAML-007", _E, "YAML tags are not allowed",
         "Tags such as !!python/object can make a parser run code; listings only need "
         "plain text, numbers, true/false, lists and groups.",
         "remove the tag (the part starting with '!')"),
    Rule("YAML-008", _E, "More than one document in the file",
         "One file holds one listing; a second document would be ignored by some tools.",
         "remove the second '---' and what follows, or move it to its own file"),
    Rule("YAML-009", _E, "The file holds no listing",
         "A listing is a set of fields (name: ..., phone: ...).",
         "start from scripts/new_listing.py or copy a listing from content/providers/"),
    Rule("YAML-010", _E, "Values are nested too deeply",
         "No field of a listing is nested more than a few levels; deep nesting is a mistake "
         "or an attack on the parser.",
         "check the indentation; compare with the format in schema/listing.schema.json"),
    Rule("YAML-011", _W, "The file starts with a byte-order mark",
         "A byte-order mark is invisible and some tools read it as part of the first key.",
         "save the file as 'UTF-8' without BOM"),
    # -- Schema: are the fields the right shape?
    Rule("SCH-001", _E, "A required field is missing",
         "People choosing a service rely on every listing answering the same questions.",
         "add the field; see schema/listing.schema.json or the sample listings"),
    Rule("SCH-002", _E, "Unknown field",
         "A misspelt field would be silently ignored, and its information lost.",
         "check the spelling, or remove the field"),
    Rule("SCH-003", _E, "A value has the wrong type",
         "Filters and comparisons need numbers to be numbers, dates to be dates and "
         "yes/no answers to be true or false.",
         "write the value in the form shown"),
    Rule("SCH-004", _E, "A value is not one of the allowed choices",
         "Controlled words let people filter and compare services.",
         "use one of the choices listed"),
    Rule("SCH-005", _E, "A value is out of range or badly formed",
         "Wrong phone numbers, postcodes, links or dates send people to the wrong place.",
         "correct the value as described"),
    # -- Files: does the listing fit the repository?
    Rule("FILE-001", _E, "The slug does not match the file name",
         "The slug is the page's address; the file name must say which listing it is.",
         "name the file <slug>.yaml, or change the slug to match"),
    Rule("FILE-002", _E, "Two listings share a slug",
         "Each provider needs its own page address.",
         "give each listing its own slug"),
    Rule("FILE-003", _E, "An image file is missing",
         "A photo or logo named in the listing must be published with it.",
         "add the file to content/providers/<slug>/, or remove it from the listing"),
    Rule("FILE-004", _E, "An image is not a real JPEG, PNG or WebP picture",
         "Only real photos in common formats are safe to publish; SVG and disguised files "
         "can carry scripts.",
         "export the picture as JPEG, PNG or WebP"),
    Rule("FILE-005", _E, "An image is too large",
         "Large images make pages slow on phones and can be used to crash image tools.",
         "resize it to at most 4,000 pixels on the long side and under 5 MB"),
    Rule("FILE-006", _E, "An image is outside the listing's own folder",
         "A listing may only publish files from its own folder, content/providers/<slug>/.",
         "move the image into the listing's folder; links and shortcuts are not allowed"),
    Rule("FILE-007", _E, "An image holds personal metadata",
         "Phones and cameras write where a picture was taken (GPS), the owner's name and the "
         "camera's serial number into the file. The site drops them from what it publishes, "
         "but a file committed to the repository keeps them in its public history for ever. "
         "Refused: a GPS position; EXIF artist, copyright owner, author, host computer, "
         "camera owner, body or lens serial number and maker notes; XMP creator, rights "
         "holder, credit, places and GPS; IPTC by-line, places, copyright, contact and "
         "writer; PNG Author and Copyright text.",
         "run python scripts/strip_photo_metadata.py on the picture (it keeps the picture as "
         "it is, the right way up) and commit it again"),
    # -- Places and values: well formed, but read together almost certainly a mistake
    #    (plausible.py; positions from GeoNames, see rehab_directory/data/)
    Rule("GEO-001", _E, "The map position is far from the postcode's area",
         "The map, the distance search and directions all use the position: a wrong one "
         "sends people to the wrong town. Each postcode area (HU, LS) has a centre and a "
         "reach from its post towns; a position well beyond that reach, or one whose "
         "longitude has lost its minus sign (in the North Sea), is refused.",
         "find the building on an online map and copy its latitude and longitude; check the "
         "postcode"),
    Rule("GEO-002", _W, "The map position is far from the town given",
         "A town and a position that disagree mean one of them is wrong; the town is "
         "compared with every place of that name in GeoNames' list of UK places.",
         "check the town (the post town of the address) and the map position"),
    Rule("VAL-001", _W, "A link starts with http://",
         "An http:// link can be read and changed on the way, and browsers warn about it; "
         "people looking for help should reach the real site.",
         "use the https:// address (check it opens in a browser)"),
    Rule("VAL-002", _E, "A picture's description says nothing",
         "People who cannot see a picture hear its description ('alt' text) instead; 'photo', "
         "'image' or the file's name tells them nothing (WCAG 2.2, success criterion 1.1.1).",
         "say what the picture shows, in a short sentence"),
    Rule("VAL-003", _E, "A name has quotation marks around it",
         "Quotation marks pasted with a name (“Beacon Lodge”) show on every page and in "
         "search, and the name no longer sorts or matches as it should.",
         "remove the quotation marks around the name"),
    # -- Data: the framework's own files in standards/
    Rule("DATA-001", _E, "A file in standards/ cannot be read",
         "Every listing is checked against these files; without them nothing can be checked.",
         "restore the file from git"),
    Rule("DATA-002", _E, "An exception names an unknown standard",
         "An exception must say exactly which standard it allows a provider to miss.",
         "use the ID of a standard in standards/standards.yaml"),
    Rule("DATA-003", _E, "A listing cannot be opened",
         "The validator needs to read every listing it is given.",
         "check the path and the file's permissions"),
    Rule("DATA-004", _E, "The glossary in content/glossary.yaml is broken",
         "Pages explain words from the glossary and listings are checked against it; two "
         "entries with one id or one word would explain a word wrongly.",
         "fix the entry shown (the comment at the top of content/glossary.yaml describes "
         "each field)"),
    # -- Text: can people new to treatment read the listing? (plain.py; advisory)
    Rule("TXT-001", _W, "The description is hard to read",
         "Many people read a listing on a phone, in a crisis, or in a second language. Long "
         "sentences and long words make it hard to follow (GOV.UK and the NHS aim for a Flesch "
         "reading ease of 60 or more).",
         "use shorter sentences (15 to 20 words) and everyday words, and say 'you' and 'we'"),
    Rule("TXT-002", _W, "The description uses a word without saying what it means",
         "Words such as 'DBT', 'second stage' or 'naloxone' mean nothing to most people "
         "new to treatment; pages link them to the glossary, but the description should "
         "say it too.",
         "say what it means in everyday words, in the same description"),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _ALL}
assert len(RULES) == len(_ALL), "rule IDs must be unique"
