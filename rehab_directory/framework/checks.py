"""One small pure function per standard, listed under the standard's ID in ``CHECKS`` (at the end).

Each takes the listing, the context (today's date, the framework's data) and the standard
(for its thresholds, ``standard.params``) and yields ``Problem``s; no problems means the
standard is met. The words people read (why, how to meet it) are in standards/standards.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rehab_directory.core.model import Listing, Policy
from rehab_directory.core.vocab import Rating, Region, Regulator, ServiceType
from rehab_directory.support.clock import long_date
from rehab_directory.support.money import pounds_and_pence

from .standards import Check, Context, Problem, Standard


def _recent(day: date | None, path: tuple, what: str, ctx: Context, std: Standard,
            fix_missing: str) -> Iterator[Problem]:
    """A dated piece of evidence must exist and be no older than the standard allows."""
    months = std.params["within_months"]
    if day is None:
        yield Problem(path, f"{what}: no date given", fix_missing)
    elif std.too_old(day, ctx.today):
        yield Problem(path, f"{what} is dated {long_date(day)}, more than {months} months ago")


def _policy(policy: Policy | None, name: str, ctx: Context, std: Standard) -> Iterator[Problem]:
    path = ("policies", name)
    label = name.replace("_", " ")
    if policy is None:
        yield Problem(path, f"no {label} policy is given",
                      f"add '{name}:' under 'policies' with the date it was last reviewed "
                      f"('reviewed: YYYY-MM-DD')")
        return
    yield from _recent(policy.reviewed, (*path, "reviewed"), f"the {label} policy's review",
                       ctx, std, "add 'reviewed: YYYY-MM-DD'")


def no_strip_searches(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    path = ("policies", "strip_search")
    if listing.policies.strip_search is None:
        yield Problem(path, "the listing does not say whether residents are strip-searched",
                      "add 'strip_search: false' under 'policies'")
    elif listing.policies.strip_search:
        yield Problem(path, "the service strip-searches residents, which the framework "
                      "does not allow")


def dignity_policy(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    policy = listing.policies.dignity_and_respect
    yield from _policy(policy, "dignity_and_respect", ctx, std)
    if policy is not None and policy.url is None:
        yield Problem(("policies", "dignity_and_respect"),
                      "the dignity and respect policy is not published",
                      "publish it on your website and add its address as 'url:'")


def real_living_wage(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    pay = listing.pay
    if pay.living_wage_accredited:
        # Accreditation meets the standard on its own; a stated rate below the wage in force
        # contradicts it (a lapsed licence, or a wrong number): one of the two is wrong.
        low = _below_living_wage(listing, ctx)
        if low is not None:
            yield Problem(("pay", "lowest_hourly_rate"),
                          f"the listing says the service is an accredited Living Wage "
                          f"employer, but {_shortfall(pay.lowest_hourly_rate, low)}, which "
                          "accredited employers pay",
                          "correct 'lowest_hourly_rate' (and 'stated') to what you pay now, or "
                          "remove it (accreditation alone meets this standard); if your "
                          "accreditation has lapsed, set 'living_wage_accredited: false'")
        return
    if pay.lowest_hourly_rate is None:
        yield Problem(("pay", "lowest_hourly_rate"), "the lowest hourly rate of pay is not given",
                      "add 'lowest_hourly_rate:' under 'pay' (pounds and pence, e.g. 13.60), "
                      "or 'living_wage_accredited: true' if the Living Wage Foundation has "
                      "accredited you")
        return
    yield from _recent(pay.stated, ("pay", "stated"), "the rate of pay", ctx, std,
                       "add 'stated: YYYY-MM-DD' under 'pay'")
    low = _below_living_wage(listing, ctx)
    if low is not None:
        yield Problem(("pay", "lowest_hourly_rate"), _shortfall(pay.lowest_hourly_rate, low),
                      f"raise the lowest rate to at least {pounds_and_pence(low[0])} an hour "
                      "and update 'lowest_hourly_rate' and 'stated'")


def _shortfall(paid, low) -> str:
    """'£12.10 an hour is below the Real Living Wage for <area>, £13.45 (<year> rate, to be
    paid from <date>)': ``low`` as ``_below_living_wage`` gives it."""
    required, rate, area = low
    return (f"{pounds_and_pence(paid)} an hour is below the Real Living Wage for {area}, "
            f"{pounds_and_pence(required)} ({rate.year} rate, to be paid from "
            f"{long_date(rate.pay_by)})")


def _below_living_wage(listing: Listing, ctx: Context):
    """(the rate required, the rate's row, the area's name) when the listing's stated lowest
    rate is below the Real Living Wage in force today for its area; else None."""
    pay = listing.pay
    rate = ctx.framework.rate_in_force(ctx.today)
    if rate is None or pay.lowest_hourly_rate is None:
        return None
    london = listing.region is Region.LONDON
    required = rate.london if london else rate.uk
    if pay.lowest_hourly_rate >= required:
        return None
    return required, rate, "London" if london else "the UK outside London"


def safeguarding_policy(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    yield from _policy(listing.policies.safeguarding, "safeguarding", ctx, std)


def complaints_policy(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    yield from _policy(listing.policies.complaints, "complaints", ctx, std)


def unplanned_discharge_policy(listing: Listing, ctx: Context, std: Standard
                               ) -> Iterator[Problem]:
    yield from _policy(listing.policies.unplanned_discharge, "unplanned_discharge", ctx, std)


def _training(listing: Listing, name: str, what: str, ctx: Context, std: Standard
              ) -> Iterator[Problem]:
    yield from _recent(getattr(listing.training, name), ("training", name), what, ctx, std,
                       f"add '{name}: YYYY-MM-DD' under 'training' (the date of the latest "
                       "training round)")


def safeguarding_training(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    yield from _training(listing, "safeguarding", "safeguarding training", ctx, std)


def overdose_training(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    yield from _training(listing, "overdose_response", "overdose and naloxone training", ctx,
                         std)


def trauma_training(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    yield from _training(listing, "trauma_informed", "trauma-informed care training", ctx, std)


def lived_experience_feedback(listing: Listing, ctx: Context, std: Standard
                              ) -> Iterator[Problem]:
    lex = listing.lived_experience
    if not lex.mechanism:
        yield Problem(("lived_experience", "mechanism"),
                      "the listing does not say how people with lived experience give feedback",
                      "add 'mechanism:' under 'lived_experience', e.g. \"Monthly residents' "
                      "forum and an exit survey\"")
    yield from _recent(lex.last_round, ("lived_experience", "last_round"),
                       "the latest round of feedback", ctx, std,
                       "add 'last_round: YYYY-MM-DD' under 'lived_experience'")


# The regulator a service must be registered with, by where it is (CQC elsewhere).
REGULATOR_FOR = {
    Region.WALES: Regulator.CIW,
    Region.SCOTLAND: Regulator.CARE_INSPECTORATE,
    Region.NORTHERN_IRELAND: Regulator.RQIA,
}


def registered(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    reg = listing.regulation
    if reg is None:
        yield Problem(("regulation",), "no regulator registration is given",
                      "add 'regulation:' with regulator, provider_id, location_id and rating")
        return
    expected = REGULATOR_FOR.get(listing.region, Regulator.CQC)
    if reg.regulator is not expected:
        yield Problem(("regulation", "regulator"),
                      f"a service in {listing.region.label} is registered with "
                      f"{expected.label}, not {reg.regulator.label}",
                      f"write 'regulator: {expected.value}' and that regulator's IDs")


def rating_not_inadequate(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    reg = listing.regulation
    if reg is None:
        yield Problem(("regulation",), "no inspection rating is given")
    elif reg.rating is Rating.INADEQUATE:
        when = f" on {long_date(reg.rating_date)}" if reg.rating_date else ""
        yield Problem(("regulation", "rating"),
                      f"the service was rated Inadequate{when}",
                      "the service can rejoin once a new inspection rates it higher; update "
                      "'rating' and 'rating_date' then")


_WAIT_EXPECTED = {ServiceType.INPATIENT_DETOX, ServiceType.RESIDENTIAL_REHAB,
                  ServiceType.DAY_PROGRAMME}


def waits_current(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    days = std.params["within_days"]
    for i, service in enumerate(listing.services):
        path = ("services", i, "wait")
        if service.wait is None:
            if service.type in _WAIT_EXPECTED:
                yield Problem(("services", i), f"no wait time is given for "
                              f"{service.type.label.lower()}",
                              "add 'wait:' with 'days:' and 'stated: YYYY-MM-DD' to this service")
        elif std.too_old(service.wait.stated, ctx.today):
            yield Problem((*path, "stated"),
                          f"the wait for {service.type.label.lower()} was stated on "
                          f"{long_date(service.wait.stated)}, more than {days} days ago",
                          "confirm the current wait and update 'days' and 'stated'")


def verified_recently(listing: Listing, ctx: Context, std: Standard) -> Iterator[Problem]:
    months = std.params["within_months"]
    if listing.last_verified is None:
        yield Problem(("last_verified",),
                      "the listing has not yet been verified by a framework reviewer",
                      "nothing to do in the listing: a framework reviewer checks the evidence "
                      "with you and records the verification (see REVIEWING.md)")
    elif std.too_old(listing.last_verified, ctx.today):
        yield Problem(("last_verified",),
                      f"the listing was last verified on {long_date(listing.last_verified)}, more "
                      f"than {months} months ago",
                      "ask a framework reviewer to re-verify it (see REVIEWING.md)")


# Each standard's check, under the standard's ID in standards/standards.yaml: what
# evaluation.evaluate runs (a test checks that every standard has one, and only those).
CHECKS: dict[str, Check] = {
    "DIG-001": no_strip_searches,
    "DIG-002": dignity_policy,
    "LW-001": real_living_wage,
    "POL-001": safeguarding_policy,
    "POL-002": complaints_policy,
    "POL-003": unplanned_discharge_policy,
    "TRN-001": safeguarding_training,
    "TRN-002": overdose_training,
    "TRN-003": trauma_training,
    "LEX-001": lived_experience_feedback,
    "REG-001": registered,
    "REG-002": rating_not_inadequate,
    "TRA-001": waits_current,
    "TRA-002": verified_recently,
}
