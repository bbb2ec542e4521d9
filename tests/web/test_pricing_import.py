"""Importing invoice lines through the page: all or nothing, bad rows by row and column, access rules."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.web.conftest import World
from tests.web.test_pricing_support import HAND_CSV, HEADER, import_lines, leftovers, table_row, upload
from worth.apps.pricing.models import InvoiceDataset, InvoiceImport


@pytest.fixture(autouse=True)
def inline_jobs_and_data(settings: pytest.FixtureRequest, tmp_path: Path) -> Path:
    settings.WORTH_JOBS_INLINE = True  # type: ignore[attr-defined]
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def test_a_member_imports_a_csv_and_lands_on_the_data_set(world: World, tmp_path: Path) -> None:
    response = import_lines(world.client_for(world.analyst), world.project)
    dataset = InvoiceDataset.objects.get(project=world.project)
    assert response.status_code == 302
    assert response["Location"] == dataset.get_absolute_url()
    assert (dataset.name, dataset.rows, dataset.source_name, dataset.imported_by) == (
        "Hand lines",
        4,
        "lines.csv",
        world.analyst,
    )
    assert dataset.store == tmp_path / "pricing" / str(dataset.pk)
    assert list((dataset.store / "invoice_lines").glob("*.parquet"))
    attempt = InvoiceImport.objects.get()
    assert attempt.dataset == dataset
    assert not attempt.refused
    assert attempt.job is not None
    assert attempt.job.result == {"dataset": dataset.pk, "rows": 4}
    page = world.client_for(world.viewer).get(dataset.get_absolute_url()).content.decode()
    assert "Mill North" not in page  # the page summarises; the lines stay in the store
    assert "2025-02-03 – 2025-04-01" in page
    overview = page[page.index('id="overview"') :]
    assert "71.24" in overview  # pocket price per unit
    assert "89.1 %" in overview  # 89.05 % of list, to one decimal, half up


def test_nothing_but_the_store_is_left_after_an_import(world: World, tmp_path: Path) -> None:
    import_lines(world.client_for(world.analyst), world.project)
    dataset = InvoiceDataset.objects.get()
    root = tmp_path / "pricing"
    assert sorted(p.name for p in root.iterdir()) == sorted([str(dataset.pk), "uploads"])
    assert list((root / "uploads").iterdir()) == []


def test_bad_rows_are_listed_by_row_and_column_and_nothing_is_loaded(world: World, tmp_path: Path) -> None:
    lines = HAND_CSV.splitlines()
    lines[2] = lines[2].replace(",5,200,", ",ten,200,")  # line 3: quantity
    lines[3] = lines[3].replace("2025-03-10", "2025-02-30")  # line 4: no such day
    lines[4] = lines[4].replace(",C2,", ",,")  # line 5: customer missing
    client = world.client_for(world.analyst)
    response = import_lines(client, world.project, "\n".join(lines))
    attempt = InvoiceImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == attempt.get_absolute_url()
    assert InvoiceDataset.objects.count() == 0
    assert leftovers(tmp_path) == []
    assert attempt.refused
    assert attempt.bad_rows == 3
    assert [(p["row"], p["column"], p["value"]) for p in attempt.problems] == [
        (3, "quantity", "ten"),
        (4, "date", "2025-02-30"),
        (5, "customer_id", ""),
    ]
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Nothing was loaded" in page
    assert "3 bad rows" in page
    quantity = table_row(page, "<code>quantity</code>")
    assert ">3<" in quantity
    assert "ten" in quantity
    assert "not a number" in quantity
    date = table_row(page, "<code>date</code>")
    assert ">4<" in date
    assert "2025-02-30" in date
    customer = table_row(page, "<code>customer_id</code>")
    assert ">5<" in customer
    assert "(empty)" in customer
    assert "required" in customer
    assert "uploads" not in page  # the server's file name never shows; the person's does
    assert "lines.csv" in page


def test_the_first_fifty_problems_are_shown_with_the_count_of_all(world: World, tmp_path: Path) -> None:
    good = "I-9,{n},2025-05-05,C3,Mill East,small,S3,SRB 1,{q},50,0,0,0,0,0,0,0"
    rows = [good.format(n=n, q="x" if n <= 60 else 3) for n in range(1, 71)]
    import_lines(world.client_for(world.analyst), world.project, "\n".join([HEADER, *rows]))
    attempt = InvoiceImport.objects.get()
    assert attempt.bad_rows == 60
    assert len(attempt.problems) == 50
    assert attempt.problems[0]["row"] == 2
    assert attempt.problems[-1]["row"] == 51
    page = world.client_for(world.analyst).get(attempt.get_absolute_url()).content.decode()
    assert "60 bad rows" in page
    assert "The first 50 problems (of 60)" in page
    assert page.count('<td class="value">x</td>') == 50
    assert InvoiceDataset.objects.count() == 0
    assert leftovers(tmp_path) == []


def test_a_file_without_the_needed_columns_is_refused_in_words(world: World, tmp_path: Path) -> None:
    text = "invoice_id,date,quantity\nI-1,2025-01-01,3\n"
    import_lines(world.client_for(world.analyst), world.project, text)
    attempt = InvoiceImport.objects.get()
    assert attempt.refused
    assert "missing column(s) line_no, customer_id" in attempt.message
    assert attempt.message.startswith("lines.csv:")
    assert InvoiceDataset.objects.count() == 0
    assert leftovers(tmp_path) == []


def test_a_header_without_lines_is_refused(world: World, tmp_path: Path) -> None:
    import_lines(world.client_for(world.analyst), world.project, HEADER + "\n")
    attempt = InvoiceImport.objects.get()
    assert attempt.refused
    assert "no invoice lines" in attempt.message
    assert InvoiceDataset.objects.count() == 0
    assert leftovers(tmp_path) == []


def test_a_parquet_file_imports_the_same_lines(world: World, tmp_path: Path) -> None:
    table = pacsv.read_csv(pa.BufferReader(HAND_CSV.encode()))
    path = tmp_path / "lines.parquet"
    pq.write_table(table, path)
    file = SimpleUploadedFile("lines.parquet", path.read_bytes(), content_type="application/octet-stream")
    response = world.client_for(world.analyst).post(
        reverse("pricing:dataset_import", args=[world.project.pk]), {"name": "From Parquet", "file": file}
    )
    assert response.status_code == 302
    assert InvoiceDataset.objects.get().rows == 4


def test_a_contract_file_maps_other_column_names(world: World) -> None:
    text = HAND_CSV.replace("quantity,list_price", "units,unit_list_price", 1)
    contract = "columns:\n  units: quantity\n  unit_list_price: list_price\n"
    response = import_lines(
        world.client_for(world.analyst),
        world.project,
        text,
        contract=SimpleUploadedFile("contract.yaml", contract.encode(), content_type="application/yaml"),
    )
    assert response.status_code == 302
    dataset = InvoiceDataset.objects.get()
    assert '"units": "quantity"' in dataset.contract_text
    page = world.client_for(world.analyst).get(dataset.get_absolute_url()).content.decode()
    assert "<code>units</code> → <code>quantity</code>" in page


def test_a_semicolon_separated_file_imports_with_that_delimiter(world: World) -> None:
    text = HAND_CSV.replace(",", ";")
    response = import_lines(world.client_for(world.analyst), world.project, text, delimiter=";")
    assert response.status_code == 302
    assert InvoiceDataset.objects.get().rows == 4


def test_form_problems_are_shown_before_anything_runs(world: World, tmp_path: Path) -> None:
    client = world.client_for(world.analyst)
    url = reverse("pricing:dataset_import", args=[world.project.pk])
    wrong_type = client.post(url, {"name": "X", "file": upload("lines.xlsx", "a,b")})
    assert wrong_type.status_code == 400
    assert "Import a .csv or .parquet file, not “lines.xlsx”." in wrong_type.content.decode()
    bad_contract = client.post(
        url,
        {
            "name": "X",
            "file": upload("lines.csv", HAND_CSV),
            "contract": SimpleUploadedFile("c.yaml", b"date_format: '%d.%m.%Y'\nitems: [{column: Bad}]\n"),
        },
    )
    assert bad_contract.status_code == 400
    body = bad_contract.content.decode()
    assert "items[0].column" in body
    assert "items[0].label" in body
    import_lines(client, world.project, name="Taken")
    taken = import_lines(client, world.project, name="Taken")
    assert taken.status_code == 400
    assert "Bearings already has a data set named “Taken”." in taken.content.decode()
    assert InvoiceImport.objects.count() == 1
    assert InvoiceDataset.objects.count() == 1


def test_viewers_and_outsiders_cannot_import(world: World, tmp_path: Path) -> None:
    assert import_lines(world.client_for(world.viewer), world.project).status_code == 403
    assert import_lines(world.client_for(world.outsider), world.project).status_code == 404
    url = reverse("pricing:dataset_import", args=[world.project.pk])
    assert world.client_for(world.viewer).get(url).status_code == 403
    assert world.client_for(world.outsider).get(url).status_code == 404
    assert InvoiceDataset.objects.count() == 0
    assert InvoiceImport.objects.count() == 0
    assert leftovers(tmp_path) == []


def test_an_import_follows_its_project_visibility(world: World) -> None:
    import_lines(world.client_for(world.analyst), world.project, HEADER + "\n")
    url = InvoiceImport.objects.get().get_absolute_url()
    assert world.client_for(world.viewer).get(url).status_code == 200
    assert world.client_for(world.outsider).get(url).status_code == 404


def test_a_member_deletes_a_data_set_and_its_lines(world: World, tmp_path: Path) -> None:
    client = world.client_for(world.analyst)
    import_lines(client, world.project)
    dataset = InvoiceDataset.objects.get()
    url = reverse("pricing:dataset_delete", args=[dataset.pk])
    assert world.client_for(world.viewer).post(url).status_code == 403
    assert world.client_for(world.outsider).post(url).status_code == 404
    assert client.get(url).status_code == 405
    assert dataset.store.is_dir()
    response = client.post(url)
    assert response.status_code == 302
    assert not InvoiceDataset.objects.exists()
    assert not dataset.store.exists()
    assert dataset.history.count() == 2  # created, deleted


def test_wrong_methods_are_refused(world: World) -> None:
    client = world.client_for(world.analyst)
    import_lines(client, world.project)
    dataset = InvoiceDataset.objects.get()
    attempt = InvoiceImport.objects.get()
    assert client.post(reverse("pricing:index")).status_code == 405
    assert client.delete(reverse("pricing:dataset_import", args=[world.project.pk])).status_code == 405
    assert client.post(attempt.get_absolute_url()).status_code == 405
    assert client.post(dataset.get_absolute_url()).status_code == 405


def test_the_start_page_offers_imports_only_to_those_who_may_change(world: World) -> None:
    url = reverse("pricing:index")
    member = world.client_for(world.analyst).get(url).content.decode()
    viewer = world.client_for(world.viewer).get(url).content.decode()
    importing = reverse("pricing:dataset_import", args=[world.project.pk])
    assert importing in member
    assert importing not in viewer
    assert world.project.name in viewer
    assert world.project.name not in world.client_for(world.outsider).get(url).content.decode()


def test_the_pages_need_a_login(world: World) -> None:
    response = Client().get(reverse("pricing:index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_import_beyond_the_job_limit_is_refused_and_leaves_nothing(
    world: World, tmp_path: Path, settings: pytest.FixtureRequest
) -> None:
    from worth.apps.core.models import Job

    settings.WORTH_JOBS_PER_USER = 1  # type: ignore[attr-defined]
    Job.objects.create(user=world.analyst, kind="simulation", title="still running")
    response = import_lines(world.client_for(world.analyst), world.project)
    assert response.status_code == 429
    assert "the most one person may have at once" in response.content.decode()
    assert not InvoiceDataset.objects.exists()
    assert not InvoiceImport.objects.exists()
    assert leftovers(tmp_path) == []


def test_an_imported_store_is_readable_by_its_owner_only(world: World, tmp_path: Path) -> None:
    import_lines(world.client_for(world.analyst), world.project)
    store = InvoiceDataset.objects.get().store
    entries = [store, *store.rglob("*")]
    assert len(entries) > 2
    assert all(p.stat().st_mode & 0o077 == 0 for p in entries), {
        str(p): oct(p.stat().st_mode) for p in entries
    }
