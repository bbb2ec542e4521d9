"""Reading model files: every problem reported at once, at its line and column, with its path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from worth.engine.model import ModelError, ModelFileError, dump_model, load_model, read_model_text
from worth.engine.model.errors import format_path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bearings-pulp-paper.yaml"
TEXT = EXAMPLE.read_text(encoding="utf-8")


def broken(old: str, new: str, *, count: int = 1) -> str:
    assert TEXT.count(old) >= 1, old
    return TEXT.replace(old, new, count)


def where(text: str, needle: str, *, occurrence: int = 0) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``text``, found independently of the code under test."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def issues_of(text: str, fmt: str = "yaml"):
    with pytest.raises(ModelError) as caught:
        read_model_text(text, fmt=fmt, source="model.yaml")
    return caught.value.issues


def test_the_example_loads():
    model = load_model(EXAMPLE)
    assert model.name == "Nordkap reliability program for pulp and paper mills"
    assert len(model.customers) == 19


def test_it_places_an_unknown_field_at_its_key_and_suggests_the_right_one():
    text = broken("    category: technical\n", "    categroy: technical\n")
    (issue,) = [i for i in issues_of(text) if i.path[-1] == "categroy"]
    assert (issue.line, issue.column) == where(text, "categroy")
    assert "unknown field 'categroy'" in issue.message
    assert "did you mean 'category'" in issue.message
    assert format_path(issue.path) == "elements[1].categroy"


def test_it_reports_every_problem_not_just_the_first():
    text = broken("    category: technical\n", "    category: technicall\n")
    text = text.replace("    kind: incremental-profit\n", "    kind: profit\n", 1)
    text = text.replace("  price:\n    amount: 96000\n", "  price:\n    amount: -5\n", 1)
    issues = issues_of(text)
    paths = {format_path(i.path) for i in issues}
    assert {"elements[1].category", "elements[0].kind", "offering.price.amount"} <= paths
    category = next(i for i in issues if format_path(i.path) == "elements[1].category")
    assert (category.line, category.column) == where(text, "category: technicall")
    assert "'technicall'" in category.message
    assert "did you mean 'technical'" in category.message


def test_it_places_a_missing_field_at_its_parent():
    text = broken("  - name: Unplanned downtime\n", "  - title: Unplanned downtime\n")
    messages = {format_path(i.path): i for i in issues_of(text)}
    missing = messages["elements[0].name"]
    assert "missing required field 'name'" in missing.message
    assert missing.line == where(text, "title: Unplanned downtime")[0]


def test_it_points_inside_an_equation_at_an_unknown_name():
    old = "Electricity price]"
    text = broken(old, "Electricity prize]")
    issue = next(i for i in issues_of(text) if format_path(i.path) == "elements[3].equation")
    assert (issue.line, issue.column) == where(text, "[Electricity prize]")
    assert "Electricity price" in issue.message  # the nearest known name is suggested


def test_it_points_inside_a_one_line_equation_at_a_syntax_error():
    old = (
        "Energy savings = ([Friction energy losses per year, alternative] - [Friction energy losses per year,"
        "\n      offering]) x [Electricity price]"
    )
    assert old in TEXT
    new = "Energy savings = ([Friction energy losses per year, alternative] - ) x [Electricity price]"
    text = broken(old, new)
    issue = next(i for i in issues_of(text) if format_path(i.path) == "elements[3].equation")
    assert issue.offset == new.index(")", new.index(" - "))
    assert (issue.line, issue.column) == where(text, ") x [Electricity price]")


def test_it_points_into_a_quoted_equation():
    text = broken(
        "    equation: >-\n      Extra installation cost = [Sensor installation hours] x [Fully loaded labour"
        " cost per hour] /\n      [Agreement term]\n",
        '    equation: "Extra installation cost = [Sensor installation hours] x [Fully loaded labour cost'
        ' per hour] / [Agreement trem]"\n',
    )
    issue = next(i for i in issues_of(text) if format_path(i.path) == "elements[4].equation")
    assert (issue.line, issue.column) == where(text, "[Agreement trem]")


def test_it_reports_an_equation_whose_units_are_not_money_per_year():
    text = broken("      [Agreement term]\n", "      [Agreement term] x [Agreement term]\n")
    issue = next(i for i in issues_of(text) if format_path(i.path) == "elements[4].equation")
    assert "USD" in issue.message or "unit" in issue.message


def test_it_keeps_norway_as_text():
    text = broken("      Region: Nordic\n", "      Region: NO\n")
    issue = next(i for i in issues_of(text) if i.path[-1] == "Region")
    assert "'NO' is not one of" in issue.message  # not a boolean


def test_it_reports_a_duplicate_key_with_both_lines():
    text = broken("  name: Pulp and paper mills\n", "  name: Pulp and paper mills\n  name: Paper mills\n")
    with pytest.raises(ModelFileError) as caught:
        read_model_text(text)
    (issue,) = caught.value.issues
    assert (issue.line, issue.column) == where(text, "name: Paper mills")
    assert f"first at line {where(text, 'name: Pulp and paper mills')[0]}" in issue.message


def test_it_reports_yaml_syntax_errors_with_their_place():
    text = broken("currency: USD\n", "currency: [USD\n")
    with pytest.raises(ModelFileError) as caught:
        read_model_text(text, source="m.yaml")
    (issue,) = caught.value.issues
    assert issue.line is not None
    assert issue.line >= where(text, "currency: [USD")[0]
    assert "not valid YAML" in issue.message
    assert str(caught.value).startswith("m.yaml: ")


def test_it_refuses_text_that_is_not_a_mapping():
    for text in ("", "- a\n- b\n", "just words\n"):
        with pytest.raises(ModelFileError):
            read_model_text(text)


def test_it_names_a_missing_file_a_folder_and_bad_bytes(tmp_path):
    with pytest.raises(ModelFileError, match="no such file"):
        load_model(tmp_path / "absent.yaml")
    with pytest.raises(ModelFileError, match="folder"):
        load_model(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(ModelFileError, match="UTF-8"):
        load_model(bad)


def test_json_reads_to_the_same_model_and_errors_carry_lines(tmp_path):
    model = load_model(EXAMPLE)
    path = tmp_path / "model.json"
    path.write_text(dump_model(model, "json"), encoding="utf-8")
    assert load_model(path) == model
    text = path.read_text(encoding="utf-8").replace('"category": "technical"', '"category": "mechanical"', 1)
    issues = issues_of(text, fmt="json")
    issue = next(i for i in issues if i.path[-1] == "category")
    assert (issue.line, issue.column) == where(text, '"category": "mechanical"')
    with pytest.raises(ModelFileError) as caught:
        read_model_text('{"name": "x",\n "currency": }', fmt="json")
    assert (caught.value.issues[0].line, caught.value.issues[0].column) == (2, 14)


def test_a_valid_json_file_is_not_composed_as_yaml_until_a_place_is_asked(monkeypatch):
    # Composing JSON as YAML only serves to point at mistakes, and took minutes for 10,000 customers.
    from worth.engine.model import source_map

    text = dump_model(load_model(EXAMPLE), "json")
    composed: list[str] = []
    real = source_map.read_yaml
    monkeypatch.setattr(source_map, "read_yaml", lambda t: composed.append(t) or real(t))
    loaded = read_model_text(text, fmt="json")
    assert composed == []
    key = text.index('"equation"', text.index('"elements"'))  # the first element's equation
    line, column = text.count("\n", 0, key) + 1, key - text.rfind("\n", 0, key)
    assert loaded.source_map.locate(("elements", 0, "equation")) == (line, column)
    assert composed == [text]


def test_the_yaml_written_is_the_pure_python_emitters_text():
    # The file is written with libyaml's emitter when there is one: the very text PyYAML's own
    # (pure Python) emitter writes, so files in git do not change with the machine that wrote them.
    import yaml

    data = load_model(EXAMPLE).to_data()
    pure = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    assert dump_model(load_model(EXAMPLE)) == pure


def test_a_file_past_the_size_limit_is_refused_before_it_is_read(tmp_path):
    from worth.engine.model.io import MAX_FILE_BYTES

    big = tmp_path / "customers.json"
    with big.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # a sparse file: its size without the disk space
    with pytest.raises(ModelFileError) as caught:
        load_model(big)
    assert str(MAX_FILE_BYTES + 1) not in str(caught.value)  # sizes are written with separators
    assert f"the file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,}" in str(caught.value)
    assert MAX_FILE_BYTES >= 200 * 1024 * 1024  # room for a model of 10,000 customers as JSON


def test_json_duplicate_keys_are_errors():
    with pytest.raises(ModelFileError, match="duplicate key 'name'"):
        read_model_text('{"name": "a", "name": "b"}', fmt="json")


def test_yaml_round_trips(tmp_path):
    model = load_model(EXAMPLE)
    path = tmp_path / "again.yaml"
    path.write_text(dump_model(model), encoding="utf-8")
    assert load_model(path) == model
    assert json.loads(dump_model(model, "json"))["schema_version"] == 1


def test_aliases_cannot_blow_up_the_loader():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in range(1, 9):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        bomb += f"{name}: &{name} [{', '.join(['*' + previous] * 10)}]\n"
    with pytest.raises(ModelFileError, match="expands to more than"):
        read_model_text(bomb)


def test_the_report_lists_file_line_column_and_path():
    text = broken("    category: technical\n", "    category: technicall\n")
    with pytest.raises(ModelError) as caught:
        read_model_text(text, source="m.yaml")
    line, column = where(text, "category: technicall")
    assert f"m.yaml:{line}:{column}: elements[1].category: " in caught.value.report()


def test_it_points_into_a_literal_block_equation():
    old = (
        "    equation: >-\n      Extra installation cost = [Sensor installation hours] x [Fully loaded labour"
        " cost per hour] /\n      [Agreement term]\n"
    )
    new = (
        "    equation: |-\n      Extra installation cost = [Sensor installation hours]\n"
        "        x [Fully loaded labour cost per hour] / [Agreement trem]\n"
    )
    text = broken(old, new)
    issue = next(i for i in issues_of(text) if format_path(i.path) == "elements[4].equation")
    assert (issue.line, issue.column) == where(text, "[Agreement trem]")
