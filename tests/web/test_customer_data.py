"""The customer data page and its files: per version, for the project's people only."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import example_text, import_example, second_round


def two_versions(world: World) -> int:
    import_example(world)
    return import_example(world, text=second_round(example_text())).pk


def test_the_grid_marks_sources_perception_and_missing_cells(world: World) -> None:
    pk = two_versions(world)
    page = world.client_for(world.viewer).get(reverse("valuemodels:data", args=[pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "as version 2 holds them" in body
    assert 'class="state-observed src-measured num"' in body
    assert "src-customer-estimate num perception" in body
    assert "state-missing" in body
    assert "state-not-researched" in body
    assert "Missing: Friction energy losses per year, alternative (1 customer)" in body
    assert "11,100" in body


def test_the_files_hold_the_version_asked_for(world: World) -> None:
    pk = two_versions(world)
    client = world.client_for(world.viewer)
    old = client.get(reverse("valuemodels:data-file", args=[pk, "csv"]), {"version": 1})
    assert old["Content-Disposition"].endswith('-v1-customer-data.csv"')
    rows = list(csv.DictReader(io.StringIO(old.content.decode())))
    margin = next(
        r
        for r in rows
        if r["customer_id"] == "NB-L01" and r["column"] == "Contribution margin per production hour"
    )
    assert float(margin["value"]) == 9800
    new = client.get(reverse("valuemodels:data-file", args=[pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(new.content))
    sheet = book["Customer data"]
    column = [c.value for c in sheet[1]].index("Contribution margin per production hour")
    assert sheet.cell(row=3, column=column + 1).value == 11100
    assert client.get(reverse("valuemodels:data-file", args=[pk, "ods"])).status_code == 404
    assert client.get(reverse("valuemodels:data", args=[pk]), {"version": 9}).status_code == 404


def test_outside_the_project_the_grid_does_not_exist(world: World) -> None:
    pk = two_versions(world)
    outsider = world.client_for(world.outsider)
    assert outsider.get(reverse("valuemodels:data", args=[pk])).status_code == 404
    assert outsider.get(reverse("valuemodels:data-file", args=[pk, "csv"])).status_code == 404
