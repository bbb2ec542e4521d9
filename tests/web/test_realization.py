"""Value calculators, estimates, documenters and share links, as the team, a salesperson and a customer
manager use them; every figure checked against the example's numbers worked out by hand."""

from __future__ import annotations

import io
import statistics
from datetime import date, timedelta
from decimal import Decimal

import pypdfium2
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.web.conftest import World, make_user
from tests.web.example_model import import_example
from worth.apps.accounts.models import ApiToken
from worth.apps.accounts.roles import Role
from worth.apps.programs.models import MemberRole, Membership
from worth.apps.realization.models import (
    DocumenterComment,
    EstimateChangeError,
    LinkUse,
    Measurement,
    ShareLink,
    ValueEstimate,
    Verdict,
)
from worth.apps.realization.services import EstimateRequest, calculator_of, save_estimate, start_documenter
from worth.apps.realization.sharing import issue_link
from worth.apps.research.models import Customer
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.versions import current_version
from worth.engine.model.io import load_model

LARGE = "Large integrated mills"
DOWNTIME_ALT = "Unplanned downtime hours per year, alternative"
DOWNTIME_OURS = "Unplanned downtime hours per year, offering"
MARGIN = "Contribution margin per production hour"


@pytest.fixture
def seller(world: World) -> User:
    """A salesperson on the project's team (the Salesperson role changes no project)."""
    user = make_user("seller", Role.SALESPERSON)
    Membership.objects.create(project=world.project, user=user, role=MemberRole.MEMBER)
    return user


@pytest.fixture
def record(world: World) -> ValueModelRecord:
    return import_example(world)


def _form(record: ValueModelRecord, values: dict[str, object], **extra: str) -> dict[str, str]:
    """The calculator form as a browser sends it: the defaults, with ``values`` typed over them."""
    version = current_version(record)
    assert version is not None
    calc = calculator_of(version, LARGE)
    data = {"model": str(record.pk), "subsegment": LARGE, **extra}
    for i, item in enumerate(calc.inputs):
        given = values.get(item.name, item.default)
        data[f"in-{i}"] = "" if given is None else str(given)
        data[f"src-{i}"] = "customer-estimate" if item.name in values else "default"
    return data


def _median(name: str) -> float:
    model = load_model("examples/bearings-pulp-paper.yaml")
    return statistics.median(
        c.observations[name].value
        for c in model.customers
        if c.subsegment == LARGE and name in c.observations
    )


def test_the_calculator_asks_for_each_input_with_the_research_median_as_a_flagged_default(
    world: World, record: ValueModelRecord, seller: User
) -> None:
    page = world.client_for(seller).get(
        reverse("realization:calculator", args=[world.project.pk]), {"model": record.pk, "subsegment": LARGE}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert DOWNTIME_ALT in text
    assert f'value="{_median(DOWNTIME_ALT):g}"' in text
    assert "median of 7 research customers of Large integrated mills" in text
    assert 'class="is-default"' in text
    # The customer's choice for the defaults, in one sentence.
    assert "should choose Nordkap sealed bearings with condition monitoring" in text


def test_the_live_result_is_the_models_equation_worked_out_by_hand(
    world: World, record: ValueModelRecord, seller: User
) -> None:
    data = _form(record, {DOWNTIME_ALT: 40, DOWNTIME_OURS: 10, MARGIN: 9000}, prospect="Lindqvist Bruk")
    response = world.client_for(seller).post(
        reverse("realization:calculator", args=[world.project.pk]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="calc-result"')
    assert f"${(40 - 10) * 9000:,}" in body  # $270,000 of unplanned downtime
    assert "Lindqvist Bruk should choose" in body


def test_a_salesperson_saves_an_estimate_for_a_new_prospect_who_becomes_their_account(
    world: World, record: ValueModelRecord, seller: User
) -> None:
    data = _form(record, {DOWNTIME_ALT: 40, DOWNTIME_OURS: 10, MARGIN: 9000}, prospect="Lindqvist Bruk")
    response = world.client_for(seller).post(
        reverse("realization:estimate-save", args=[world.project.pk]), data
    )
    estimate = ValueEstimate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == estimate.get_absolute_url()
    assert estimate.customer.name == "Lindqvist Bruk"
    assert estimate.customer.salesperson == seller
    assert estimate.created_by == seller
    assert estimate.version == current_version(record)
    assert estimate.elements["Unplanned downtime"] == pytest.approx(270_000)
    by_hand = 270_000 + sum(v for k, v in estimate.elements.items() if k != "Unplanned downtime")
    assert float(estimate.total) == pytest.approx(by_hand, abs=0.01)
    sources = {i["name"]: i["source"] for i in estimate.inputs}
    assert sources[MARGIN] == "customer-estimate"
    assert sources["Electricity price"] == "default"
    # Price: list price per paper machine times the research median of paper machines.
    machines = statistics.median(
        float(c.characteristics["Paper machines"])
        for c in load_model("examples/bearings-pulp-paper.yaml").customers
        if c.subsegment == LARGE and c.observations
    )
    assert float(estimate.offering_price) == pytest.approx(96_000 * machines)
    with pytest.raises(EstimateChangeError):
        estimate.save()


def test_a_bad_number_names_the_input_and_saves_nothing(
    world: World, record: ValueModelRecord, seller: User
) -> None:
    data = _form(record, {MARGIN: "9,0x0"}, prospect="Lindqvist Bruk")
    response = world.client_for(seller).post(
        reverse("realization:estimate-save", args=[world.project.pk]), data
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert f"[{MARGIN}]: &#x27;9,0x0&#x27; is not a number" in text
    assert ValueEstimate.objects.count() == 0
    assert not Customer.objects.filter(name="Lindqvist Bruk").exists()


def test_a_prospect_name_is_escaped_on_every_page_and_in_the_proposal(
    world: World, record: ValueModelRecord, seller: User
) -> None:
    name = "<script>alert(1)</script> Bruk"
    data = _form(record, {}, prospect=name)
    client = world.client_for(seller)
    client.post(reverse("realization:estimate-save", args=[world.project.pk]), data)
    estimate = ValueEstimate.objects.get()
    for url in (estimate.get_absolute_url(), reverse("realization:calculators")):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Bruk" in page
    html = client.get(reverse("realization:proposal", args=[estimate.pk]), {"html": "1"}).content.decode()
    assert "<script>" not in html
    pdf = client.get(reverse("realization:proposal", args=[estimate.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(pdf.content))
    assert name in text
    assert f"${float(estimate.total):,.0f}" in text


def test_a_salesperson_cannot_save_for_or_see_another_salespersons_customer(
    world: World, record: ValueModelRecord, seller: User
) -> None:
    rival = make_user("rival", Role.SALESPERSON)
    Membership.objects.create(project=world.project, user=rival, role=MemberRole.MEMBER)
    theirs = Customer.objects.create(name="Rival's mill", salesperson=rival)
    data = _form(record, {}, customer=str(theirs.pk))
    assert (
        world.client_for(seller)
        .post(reverse("realization:estimate-save", args=[world.project.pk]), data)
        .status_code
        == 403
    )
    version = current_version(record)
    assert version is not None
    estimate = save_estimate(
        project=world.project,
        version=version,
        calculator=calculator_of(version, LARGE),
        request=_request(version, theirs),
        user=rival,
    )
    assert world.client_for(seller).get(estimate.get_absolute_url()).status_code == 404
    assert world.client_for(rival).get(estimate.get_absolute_url()).status_code == 200
    assert world.client_for(world.leader).get(estimate.get_absolute_url()).status_code == 200
    assert world.client_for(world.outsider).get(estimate.get_absolute_url()).status_code == 404


def _request(version: object, customer: Customer | None, **values: float) -> EstimateRequest:
    from worth.apps.valuemodels.models import ModelVersion

    assert isinstance(version, ModelVersion)
    calc = calculator_of(version, LARGE)
    given = {**calc.defaults(), **values}
    return EstimateRequest(
        values={k: repr(float(v)) for k, v in given.items()}, sources={}, customer=customer, prospect="P"
    )


@pytest.fixture
def documenter(world: World, record: ValueModelRecord, seller: User):  # type: ignore[no-untyped-def]
    version = current_version(record)
    assert version is not None
    mill = Customer.objects.create(name="Norrvik Bruk", salesperson=seller)
    values = {DOWNTIME_ALT: 40, DOWNTIME_OURS: 10, MARGIN: 9000}
    estimate = save_estimate(
        project=world.project,
        version=version,
        calculator=calculator_of(version, LARGE),
        request=_request(version, mill, **values),
        user=seller,
    )
    return start_documenter(estimate, seller)


def test_a_documenter_plans_each_element_with_its_measure_baseline_and_target(documenter) -> None:  # type: ignore[no-untyped-def]
    plan = {line.element: line for line in documenter.plan.all()}
    assert set(plan) == {
        "Unplanned downtime",
        "Bearing consumption",
        "Maintenance labour",
        "Energy",
        "Sensor installation time",
    }
    downtime = plan["Unplanned downtime"]
    assert (downtime.measure, downtime.baseline, downtime.target, downtime.unit) == (
        DOWNTIME_OURS,
        40,
        10,
        "h/yr",
    )
    assert plan["Sensor installation time"].measure == "Sensor installation hours"
    assert "$270,000 a year for Norrvik Bruk" in downtime.sentence


def test_results_document_value_through_the_elements_own_equation(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    client = world.client_for(seller)
    url = reverse("realization:results", args=[documenter.pk])
    response = client.post(
        url, {"measure": DOWNTIME_OURS, "taken": "2026-06-30", "value": "16", "source": "measured"}
    )
    assert response.status_code == 302
    page = client.get(documenter.get_absolute_url()).content.decode()
    # (40 - 16) x 9,000 = 216,000 documented of (40 - 10) x 9,000 = 270,000 promised: 80.0%
    assert "$216,000" in page
    assert "80.0%" in page
    assert "below the promise" in page
    assert "not measured" in page  # the other elements have no result yet


def test_a_results_file_with_a_bad_row_records_nothing_and_names_every_problem(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    client = world.client_for(seller)
    url = reverse("realization:results", args=[documenter.pk])
    bad = (
        "measure,date,value\n"
        f'"{DOWNTIME_OURS}",2026-06-30,14\n'
        "Coffee per year,2026-06-30,3\n"
        f'"{DOWNTIME_OURS}",30/06/2026,14\n'
        f'"{DOWNTIME_OURS}",2026-09-30,many\n'
    )
    response = client.post(url, {"file": io.BytesIO(bad.encode()), "name": "r.csv"}, follow=True)
    text = response.content.decode()
    assert "Nothing was recorded" in text
    assert "row 3, measure: &#x27;Coffee per year&#x27; is not an input of the model" in text
    assert "row 4, date: &#x27;30/06/2026&#x27; is not a date" in text
    assert "row 5, value: &#x27;many&#x27; is not a number" in text
    assert Measurement.objects.count() == 0
    good = "\n".join(
        [
            "measure,date,value,method",
            f'"{DOWNTIME_OURS}",2026-06-30,14,DCS log',
            f'"{DOWNTIME_OURS}",2026-09-30,12,DCS',
        ]
    )
    upload = io.BytesIO(good.encode())
    upload.name = "results.csv"
    client.post(url, {"file": upload})
    assert list(Measurement.objects.values_list("value", flat=True).order_by("taken")) == [14, 12]


def test_a_viewer_and_another_project_cannot_record_results(
    world: World,
    documenter,  # type: ignore[no-untyped-def]
) -> None:
    url = reverse("realization:results", args=[documenter.pk])
    form = {"measure": DOWNTIME_OURS, "taken": "2026-06-30", "value": "16"}
    assert world.client_for(world.viewer).post(url, form).status_code == 403
    assert world.client_for(world.outsider).post(url, form).status_code == 404
    assert Measurement.objects.count() == 0


def _link(documenter, seller: User, days: int = 30) -> tuple[ShareLink, str]:  # type: ignore[no-untyped-def]
    return issue_link(documenter, manager="Maintenance manager", days=days, user=seller)


def test_the_customer_manager_approves_one_figure_and_contests_another_through_the_link(
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    ours = Measurement.objects.create(
        documenter=documenter, driver=DOWNTIME_OURS, taken=date(2026, 6, 30), value=12
    )
    energy = Measurement.objects.create(
        documenter=documenter,
        driver="Friction energy losses per year, offering",
        taken=date(2026, 6, 30),
        value=1e6,
    )
    link, token = _link(documenter, seller)
    manager = Client()
    url = reverse("realization:shared", args=[token])
    page = manager.get(url)
    assert page.status_code == 200
    assert "Norrvik Bruk" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"  # the token never leaves in a Referer
    assert manager.post(url, {"action": "confirmed", "figure": ours.pk}).status_code == 302
    refused = manager.post(url, {"action": "contested", "figure": energy.pk, "note": ""})
    assert refused.status_code == 400
    assert "Say what is wrong" in refused.content.decode()
    manager.post(url, {"action": "contested", "figure": energy.pk, "note": "Our meters say otherwise"})
    manager.post(url, {"action": "comment", "body": "Thanks, see you in March."})
    ours.refresh_from_db()
    energy.refresh_from_db()
    assert (ours.verdict, ours.verdict_by) == (Verdict.CONFIRMED, "Maintenance manager")
    assert ours.verdict_at is not None
    assert (energy.verdict, energy.verdict_note) == (Verdict.CONTESTED, "Our meters say otherwise")
    assert DocumenterComment.objects.get().link == link
    assert list(LinkUse.objects.order_by("pk").values_list("action", flat=True)) == [
        "view",
        "confirmed",
        "contested",
        "comment",
    ]
    # Confirmed: (40 - 12) x 9,000 = 252,000 of green money.
    figures = manager.get(url).content.decode()
    assert "$252,000 customer-confirmed" in figures


def test_a_link_grants_nothing_else(world: World, documenter, seller: User) -> None:  # type: ignore[no-untyped-def]
    other = start_documenter(
        save_estimate(
            project=world.project,
            version=documenter.estimate.version,
            calculator=calculator_of(documenter.estimate.version, LARGE),
            request=_request(documenter.estimate.version, Customer.objects.create(name="Alund Kraft")),
            user=world.leader,
        ),
        world.leader,
    )
    theirs = Measurement.objects.create(
        documenter=other, driver=DOWNTIME_OURS, taken=date(2026, 6, 30), value=12
    )
    _, token = _link(documenter, seller)
    manager = Client()
    url = reverse("realization:shared", args=[token])
    answer = manager.post(url, {"action": "confirmed", "figure": theirs.pk})
    assert answer.status_code == 400
    theirs.refresh_from_db()
    assert theirs.verdict == Verdict.PENDING
    for elsewhere in (
        documenter.get_absolute_url(),
        other.get_absolute_url(),
        documenter.estimate.get_absolute_url(),
        reverse("realization:documenters"),
        reverse("realization:results", args=[documenter.pk]),
    ):
        assert manager.get(elsewhere).status_code == 302  # to the login page
    assert manager.get("/api/me").status_code == 401


def test_an_expired_revoked_or_unknown_link_shows_a_clear_page_and_grants_nothing(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    figure = Measurement.objects.create(
        documenter=documenter, driver=DOWNTIME_OURS, taken=date(2026, 6, 30), value=12
    )
    expired, old = _link(documenter, seller)
    ShareLink.objects.filter(pk=expired.pk).update(expires=timezone.now() - timedelta(minutes=1))
    revoked, gone = _link(documenter, seller)
    world.client_for(seller).post(reverse("realization:share-revoke", args=[documenter.pk, revoked.pk]))
    manager = Client()
    for token, words, status in (
        (old, "This link has expired", 410),
        (gone, "withdrawn", 410),
        ("no-such-token", "does not open anything", 404),
    ):
        url = reverse("realization:shared", args=[token])
        page = manager.get(url)
        assert page.status_code == status
        assert words in page.content.decode()
        assert "Norrvik" not in page.content.decode()
        assert manager.post(url, {"action": "confirmed", "figure": figure.pk}).status_code == status
    figure.refresh_from_db()
    assert figure.verdict == Verdict.PENDING
    assert set(LinkUse.objects.values_list("action", "detail")) == {
        ("refused", "expired"),
        ("refused", "revoked"),
    }


def test_a_share_link_keeps_only_the_hash_of_its_token(documenter, seller: User) -> None:  # type: ignore[no-untyped-def]
    link, token = _link(documenter, seller)
    assert token not in link.token_hash
    assert len(token) >= 40
    assert ShareLink.objects.filter(token_hash__contains=token[:10]).count() == 0


def test_the_portfolio_lists_documenters_worst_first(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    better = start_documenter(
        save_estimate(
            project=world.project,
            version=documenter.estimate.version,
            calculator=calculator_of(documenter.estimate.version, LARGE),
            request=_request(documenter.estimate.version, Customer.objects.create(name="Alund Kraft")),
            user=world.leader,
        ),
        world.leader,
    )
    Measurement.objects.create(documenter=documenter, driver=DOWNTIME_OURS, taken=date(2026, 6, 30), value=25)
    Measurement.objects.create(documenter=better, driver=DOWNTIME_OURS, taken=date(2026, 6, 30), value=5)
    page = world.client_for(world.leader).get(reverse("realization:documenters")).content.decode()
    assert page.index("Norrvik Bruk") < page.index("Alund Kraft")
    # Norrvik: (40 - 25) / (40 - 10) = 50.0%
    assert "50.0%" in page
    # The salesperson sees their own account only.
    theirs = world.client_for(seller).get(reverse("realization:documenters")).content.decode()
    assert "Norrvik Bruk" in theirs
    assert "Alund Kraft" not in theirs


def test_a_renewal_within_ninety_days_reminds_with_the_value_delivered(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    documenter.renewal = timezone.localdate() + timedelta(days=30)
    documenter.save()
    Measurement.objects.create(
        documenter=documenter,
        driver=DOWNTIME_OURS,
        taken=date(2026, 6, 30),
        value=12,
        verdict=Verdict.CONFIRMED,
    )
    page = world.client_for(seller).get(reverse("realization:documenters")).content.decode()
    assert "Renewals coming up" in page
    assert "$252,000 per year documented, $252,000 confirmed" in page


def test_the_plan_saves_with_a_bad_number_refused_by_field(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    line = documenter.plan.get(element="Unplanned downtime")
    client = world.client_for(seller)
    form = {"title": "Value at Norrvik", "schedule": "Quarterly", f"line-{line.pk}-minimum": "lots"}
    page = client.post(documenter.get_absolute_url(), form, follow=True).content.decode()
    assert "Unplanned downtime, minimum: &#x27;lots&#x27; is not a number" in page
    documenter.refresh_from_db()
    assert documenter.title != "Value at Norrvik"
    form[f"line-{line.pk}-minimum"] = "200,000"
    client.post(documenter.get_absolute_url(), form)
    line.refresh_from_db()
    documenter.refresh_from_db()
    assert (documenter.title, line.minimum) == ("Value at Norrvik", Decimal("200000.00"))
    Measurement.objects.create(documenter=documenter, driver=DOWNTIME_OURS, taken=date(2026, 6, 30), value=25)
    # (40 - 25) x 9,000 = 135,000 < the 200,000 minimum sought
    assert "below the minimum" in client.get(documenter.get_absolute_url()).content.decode()


def test_an_estimate_for_a_model_without_a_finite_value_is_refused(
    world: World, record: ValueModelRecord, seller: User
) -> None:
    data = _form(record, {"Working hours per technician per year": 0}, prospect="Zero Mill")
    response = world.client_for(seller).post(
        reverse("realization:estimate-save", args=[world.project.pk]), data
    )
    assert "no finite value" in response.content.decode()
    assert ValueEstimate.objects.count() == 0


def _confirmed(documenter, value: float = 12) -> None:  # type: ignore[no-untyped-def]
    Measurement.objects.create(
        documenter=documenter,
        driver=DOWNTIME_OURS,
        taken=date(2026, 6, 30),
        value=value,
        verdict=Verdict.CONFIRMED,
    )
    Measurement.objects.create(
        documenter=documenter,
        driver="Bearings replaced per year, offering",
        taken=date(2026, 6, 30),
        value=16,
    )


def test_a_case_history_tells_confirmed_figures_only_and_its_anonymized_variant_identifies_nobody(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    _confirmed(documenter)
    client = world.client_for(seller)
    url = reverse("realization:case-history", args=[documenter.pk])
    refused = client.post(url, {"title": "T", "narrative": "N", "anonymous_name": "Norrvik Bruk's mill"})
    assert refused.status_code == 400
    assert "must not name the customer" in refused.content.decode()
    form = {
        "title": "Norrvik Bruk stops stopping",
        "narrative": "NORRVIK BRUK ran its bearings to failure.",
        "anonymous_name": "A large integrated mill",
    }
    assert client.post(url, form).status_code == 302
    page = client.get(url).content.decode()
    # Named: (40 - 12) x 9,000 = $252,000 exactly; downtime 70% lower (40 -> 12 hours).
    assert "$252,000" in page
    assert "70% lower" in page
    pdfs = {}
    for variant in ("named", "anonymized"):
        response = client.get(reverse("realization:case-history-file", args=[documenter.pk, variant]))
        assert response["Content-Type"] == "application/pdf"
        text = "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(response.content))
        pdfs[variant] = " ".join(text.split())  # lines wrapped in table cells read as one text
    assert "Norrvik" in pdfs["named"]
    assert "$252,000" in pdfs["named"]
    anonymized = pdfs["anonymized"]
    assert "norrvik" not in anonymized.lower()
    assert "252" not in anonymized
    assert "more than $200,000" in anonymized
    assert "A large integrated mill ran its bearings to failure." in anonymized
    # Only the confirmed element is told: bearing consumption awaits the customer.
    assert "Unplanned downtime" in anonymized
    assert "Bearing consumption" not in anonymized


def test_the_customer_approves_publication_through_the_link_and_a_later_edit_withdraws_it(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    _confirmed(documenter)
    client = world.client_for(seller)
    url = reverse("realization:case-history", args=[documenter.pk])
    form = {"title": "Stops that stopped", "narrative": "A story.", "anonymous_name": "A large mill"}
    client.post(url, form)
    _, token = _link(documenter, seller)
    manager = Client()
    shared = reverse("realization:shared", args=[token])
    assert "Approve publishing the anonymized variant" in manager.get(shared).content.decode()
    manager.post(shared, {"action": "publish-anonymized"})
    history = documenter.case_history
    history.refresh_from_db()
    assert (history.approved_by, history.approved_variant) == ("Maintenance manager", "anonymized")
    assert "Publication approved by Maintenance manager" in client.get(url).content.decode()
    client.post(url, {**form, "narrative": "A different story."})
    history.refresh_from_db()
    assert history.approved_at is None
    assert history.approved_variant == ""


def test_the_program_page_shows_each_projects_documented_and_confirmed_value(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    _confirmed(documenter)
    page = world.client_for(world.sponsor).get(world.program.get_absolute_url()).content.decode()
    # Confirmed downtime (40 - 12) x 9,000 = 252,000; bearings (44 - 16) x 2,650 awaits the customer.
    documented = 252_000 + (_median("Bearings replaced per year, alternative") - 16) * _median(
        "Average price per replacement bearing"
    )
    assert f"${documented:,.0f} a year" in page
    assert "$252,000 confirmed · 1 documenter" in page


def test_the_portfolio_tells_how_far_results_run_from_the_estimates_per_input(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    second = start_documenter(
        save_estimate(
            project=world.project,
            version=documenter.estimate.version,
            calculator=calculator_of(documenter.estimate.version, LARGE),
            request=_request(
                documenter.estimate.version,
                Customer.objects.create(name="Alund Kraft"),
                **{DOWNTIME_OURS: 10},
            ),
            user=world.leader,
        ),
        world.leader,
    )
    Measurement.objects.create(documenter=documenter, driver=DOWNTIME_OURS, taken=date(2026, 3, 31), value=20)
    Measurement.objects.create(
        documenter=documenter,
        driver=DOWNTIME_OURS,
        taken=date(2026, 6, 30),
        value=12,
        verdict=Verdict.CONFIRMED,
    )
    Measurement.objects.create(documenter=second, driver=DOWNTIME_OURS, taken=date(2026, 6, 30), value=15)
    page = world.client_for(world.leader).get(reverse("realization:documenters")).content.decode()
    # The latest results against 10 promised: 12/10 and 15/10, mean 1.35 (+35.0%), sample sd 0.2121.
    row = page.split(f"<td>{DOWNTIME_OURS}</td>", 1)[1].split("</tr>", 1)[0]
    assert "+35.0%" in row
    assert f"{statistics.stdev([1.2, 1.5]) * 100:.1f}%" in row
    assert "1 of 2" in row


def test_results_arrive_through_the_api_all_or_none(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    _, raw = ApiToken.objects.issue(user=seller, name="stop log export")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = f"/api/documenters/{documenter.pk}/results"
    bad = {
        "results": [
            {"measure": DOWNTIME_OURS, "date": "2026-06-30", "value": 14},
            {"measure": DOWNTIME_OURS, "date": "2026-13-01", "value": 12},
        ]
    }
    refused = api.post(url, bad, content_type="application/json")
    assert refused.status_code == 422
    assert "results[2], date: '2026-13-01' is not a date" in refused.json()["detail"]
    assert Measurement.objects.count() == 0
    good = {
        "results": [{"measure": DOWNTIME_OURS, "date": "2026-06-30", "value": 14, "method": "DCS export"}]
    }
    created = api.post(url, good, content_type="application/json")
    assert created.status_code == 201
    assert created.json()[0]["verdict"] == "pending"
    read = api.get(f"/api/documenters/{documenter.pk}").json()
    downtime = next(e for e in read["elements"] if e["element"] == "Unplanned downtime")
    # (40 - 14) x 9,000 = 234,000 of 270,000
    assert downtime["documented"] == pytest.approx(234_000)
    assert downtime["achieved"] == pytest.approx(234_000 / 270_000)
    assert next(e for e in read["elements"] if e["element"] == "Energy")["documented"] is None
    _, other = ApiToken.objects.issue(user=world.viewer, name="reader")
    viewer = Client(HTTP_AUTHORIZATION=f"Bearer {other}")
    assert viewer.post(url, good, content_type="application/json").status_code == 403
    _, outside = ApiToken.objects.issue(user=world.outsider, name="x")
    assert (
        Client(HTTP_AUTHORIZATION=f"Bearer {outside}").get(f"/api/documenters/{documenter.pk}").status_code
        == 404
    )


def test_figures_the_team_wrote_into_a_case_history_are_pointed_out(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    url = reverse("realization:case-history", args=[documenter.pk])
    client = world.client_for(seller)
    client.post(
        url,
        {"title": "Less downtime", "narrative": "Stops fell from 41 to 12 h.", "anonymous_name": "A mill"},
    )
    page = client.get(url).content.decode()
    assert "holds figures (41, 12)" in page


def test_confirmed_results_join_the_models_research_as_measured_observations(
    world: World,
    documenter,
    seller: User,  # type: ignore[no-untyped-def]
) -> None:
    record = documenter.estimate.version.model
    url = reverse("realization:to-research", args=[documenter.pk])
    assert world.client_for(seller).post(url).status_code == 403  # the model is the team's
    refused = world.client_for(world.analyst).post(url, follow=True)
    assert "No result is confirmed by the customer yet" in refused.content.decode()
    before = current_version(record)
    assert before is not None
    mill_before = next(c for c in before.load().model.customers if c.name == "Norrvik Bruk")
    _confirmed(documenter)  # downtime confirmed at 12; bearings awaiting the customer
    response = world.client_for(world.analyst).post(url)
    assert response.status_code == 302
    assert "/compare/" in response["Location"]
    version = current_version(ValueModelRecord.objects.get(pk=record.pk))
    assert version is not None
    assert version.number == before.number + 1
    model = version.load().model
    mill = next(c for c in model.customers if c.name == "Norrvik Bruk")
    observed = mill.observations[DOWNTIME_OURS]
    assert (observed.value, observed.source, str(observed.date)) == (12, "measured", "2026-06-30")
    assert observed.reliability.startswith("Confirmed by the customer")
    # The research already held this mill: everything but the confirmed input stays as it was, the
    # unconfirmed bearings result and the estimate's customer estimates included.
    untouched = {k: v for k, v in mill.observations.items() if k != DOWNTIME_OURS}
    assert untouched == {k: v for k, v in mill_before.observations.items() if k != DOWNTIME_OURS}
    assert mill.observations[DOWNTIME_ALT].value != 40
    assert len(model.customers) == len(before.load().model.customers)
    assert mill.subsegment == LARGE
    again = world.client_for(world.analyst).post(url, follow=True)
    assert "already holds these confirmed results" in again.content.decode()
