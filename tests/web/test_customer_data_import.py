"""Importing changed cells: the grid's own CSV and XLSX, edited, previewed, then saved as a version."""

from __future__ import annotations

import csv
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.web.conftest import World
from tests.web.example_model import EXAMPLE, import_example
from worth.apps.valuemodels.models import ValueModelRecord
from worth.apps.valuemodels.services import import_model_text

MARGIN = "Contribution margin per production hour"


def edited_csv(client, record: ValueModelRecord, changes: dict[tuple[str, str], dict[str, str]]) -> bytes:  # type: ignore[no-untyped-def]
    """The grid's CSV as downloaded, with some cells changed as a person would in a spreadsheet."""
    exported = client.get(reverse("valuemodels:data-file", args=[record.pk, "csv"])).content.decode()
    rows = list(csv.DictReader(io.StringIO(exported)))
    for r in rows:
        r.update(changes.get((r["customer_id"], r["column"]), {}))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_an_edited_csv_is_previewed_then_saved_as_a_new_version(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:data-import", args=[record.pk])
    table = edited_csv(client, record, {("NB-L01", MARGIN): {"value": "11100", "source": "measured"}})
    upload = SimpleUploadedFile("grid.csv", table, content_type="text/csv")
    preview = client.post(url, {"file": upload, "note": "Controller's ledger"})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Norrvik Bruk · Contribution margin per production hour" in body
    assert "+$5,943" in body  # 32 h avoided x 1,300 more per hour / 7 large mills
    assert record.versions.count() == 1  # a preview writes nothing
    form = preview.context["preview"]
    saved = client.post(
        url,
        {"cells": form.initial["cells"], "based_on": form.initial["based_on"], "filename": "grid.csv",
         "note": "Controller's ledger", "save": "1"},
    )  # fmt: skip
    assert saved.status_code == 302
    record.refresh_from_db()
    latest = record.versions.order_by("-number").first()
    assert latest is not None
    assert (latest.number, latest.note, latest.created_by) == (2, "Controller's ledger", world.analyst)
    model = latest.load().model
    cell = next(c for c in model.customers if c.id == "NB-L01").observations[MARGIN]
    assert (cell.value, cell.source) == (11100, "measured")
    # Everything the table did not change is as it was.
    before = record.versions.get(number=1).load().model
    assert [c for c in model.customers if c.id != "NB-L01"] == [
        c for c in before.customers if c.id != "NB-L01"
    ]


def test_a_table_with_a_bad_row_writes_nothing_and_lists_every_problem(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    table = edited_csv(
        client,
        record,
        {
            ("NB-L01", MARGIN): {"value": "a lot"},
            ("NB-L02", MARGIN): {"source": "hearsay"},
        },
    )
    answer = client.post(
        reverse("valuemodels:data-import", args=[record.pk]), {"file": SimpleUploadedFile("g.csv", table)}
    )
    assert answer.status_code == 400
    problems = answer.context["problems"]
    assert [(p.column, p.data) for p in problems] == [("value", "a lot"), ("source", "hearsay")]
    assert all(p.row > 1 for p in problems)
    assert "nothing was written" in answer.content.decode()
    assert record.versions.count() == 1


def test_the_xlsx_of_the_grid_imports_too(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("valuemodels:data-file", args=[record.pk, "xlsx"])).content)
    )
    sheet = book["Cells"]
    heads = [c.value for c in sheet[1]]
    for cells in sheet.iter_rows(min_row=2):
        values = dict(zip(heads, [c.value for c in cells], strict=True))
        if values["customer_id"] == "NB-L02" and values["column"] == "Mill age":
            cells[heads.index("value")].value = 25
    buffer = io.BytesIO()
    book.save(buffer)
    preview = client.post(
        reverse("valuemodels:data-import", args=[record.pk]),
        {"file": SimpleUploadedFile("g.xlsx", buffer.getvalue())},
    )
    assert preview.status_code == 200
    changes = preview.context["comparison"].changes
    assert [(c.name, c.old, c.new) for c in changes] == [("Kestrel Bay Paper · Mill age", 24, 25)]


def test_a_preview_against_a_version_since_replaced_is_not_saved(world: World) -> None:
    record = import_example(world)
    client = world.client_for(world.analyst)
    url = reverse("valuemodels:data-import", args=[record.pk])
    table = edited_csv(client, record, {("NB-L01", "Mill age"): {"value": "40"}})
    form = client.post(url, {"file": SimpleUploadedFile("g.csv", table)}).context["preview"]
    later = EXAMPLE.read_text(encoding="utf-8").replace("Mill age: 24", "Mill age: 26", 1)
    import_model_text(project=world.project, text=later, filename="m.yaml", user=world.sponsor)
    answer = client.post(
        url, {"cells": form.initial["cells"], "based_on": form.initial["based_on"], "save": "1"}
    )
    assert answer.status_code == 409
    assert "was saved after you previewed" in answer.content.decode()
    assert record.versions.count() == 2  # the other person's version, and not this table's


def test_readers_may_not_import(world: World) -> None:
    record = import_example(world)
    url = reverse("valuemodels:data-import", args=[record.pk])
    assert world.client_for(world.viewer).get(url).status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404
