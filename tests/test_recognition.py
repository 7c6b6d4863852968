"""Exports recognised with no ``columns:``: which preset, which canonical rows (issue 7).

The fixtures' answers are in tests/data/expected_more.py; the rest are small files written
here with the answer worked out in a comment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ropkit.config import SourceConfig
from ropkit.schema import TABLES
from ropkit.sources.load import header_score_for
from ropkit.sources.normalize import Normalized, normalize, resolve_columns
from ropkit.sources.read import read_file
from tests.data.expected_more import FIXTURES
from tests.test_fixtures import assert_canonical

DATA = Path(__file__).parent / "data"


def _normalized(path: Path, table: str, **options: Any) -> Normalized:
    source = SourceConfig(path=path.name, **options)
    raw = read_file(path, score=header_score_for(table, source))
    return normalize(raw, TABLES[table], source, {}, f"sources.{table}")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_export_is_recognised_without_columns(name: str) -> None:
    spec = FIXTURES[name]
    done = _normalized(DATA / name, str(spec["table"]))
    preset = done.mapping.preset
    assert (preset.id if preset else None) == spec["preset"]
    assert_canonical(done, spec)


# ----------------------------------------------------------------- manager headers


@pytest.mark.parametrize(
    ("table", "headers", "manager"),
    [
        # Bitrix24 REST dumps (crm.deal.list, crm.lead.list)
        ("deals", ["ID", "TITLE", "STAGE_ID", "ASSIGNED_BY_ID", "OPPORTUNITY"], "ASSIGNED_BY_ID"),
        ("leads", ["ID", "TITLE", "STATUS_ID", "ASSIGNED_BY_ID", "DATE_CREATE"], "ASSIGNED_BY_ID"),
        # HubSpot activities export (§6)
        ("activities", ["Activity ID", "Activity Date", "Activity Owner"], "Activity Owner"),
        # the common words, also snake_case
        ("deals", ["opportunity_id", "sales_agent", "deal_stage", "close_value"], "sales_agent"),
        ("activities", ["Call Id", "Agent", "Date", "Time", "Answered (Y/N)"], "Agent"),
        ("activities", ["Call Id", "Agent Name", "Date", "Time", "Answered (Y/N)"], "Agent Name"),
        ("activities", ["agent_id", "call_length", "datestamp", "lead_id", "status"], "agent_id"),
        ("activities", ["id", "type", "due_date", "done", "assigned_to_user"], "assigned_to_user"),
        ("activities", ["Дата звонка", "Оператор", "Тип звонка"], "Оператор"),
        ("deals", ["Сделка", "Исполнитель", "Сумма", "Этап"], "Исполнитель"),
    ],
)
def test_manager_header_is_recognised(table: str, headers: list[str], manager: str) -> None:
    mapping = resolve_columns(Path("x.csv"), headers, TABLES[table], SourceConfig(path="x"), "k")
    assert headers[mapping.columns["manager"][0]] == manager


def test_hubspot_client_is_the_company_never_the_deal_name() -> None:
    deals = TABLES["deals"]
    source = SourceConfig(path="x")
    headers = ["Record ID", "Deal Name", "Deal Stage", "Deal owner", "Amount", "Associated Company"]
    mapping = resolve_columns(Path("x.csv"), headers, deals, source, "k")
    assert mapping.preset is not None and mapping.preset.id == "hubspot.deals"
    assert headers[mapping.columns["client"][0]] == "Associated Company"
    with_domain = [*headers, "Associated Company Domain"]
    mapping = resolve_columns(Path("x.csv"), with_domain, deals, source, "k")
    assert with_domain[mapping.columns["client"][0]] == "Associated Company Domain"
    without = ["Record ID", "Deal Name", "Deal Stage", "Deal owner", "Amount"]
    assert "client" not in resolve_columns(Path("x.csv"), without, deals, source, "k").columns


# ---------------------------------------------------------- Bitrix24 stage semantics

# C6:WON and C2:WON are the success stage of pipelines 6 and 2; C6:LOSE and C6:APOLOGY
# failures; C5:3 a custom stage of pipeline 5 (in progress), NEW and PREPARATION too.
STAGES = """ID,STAGE_ID,ASSIGNED_BY_ID,OPPORTUNITY,DATE_CREATE
1,C6:WON,17,100,2021-05-08T03:59:51+03:00
2,C2:WON,17,200,2021-05-08T03:59:51+03:00
3,C6:LOSE,17,300,2021-05-08T03:59:51+03:00
4,C6:APOLOGY,17,400,2021-05-08T03:59:51+03:00
5,C5:3,17,500,2021-05-08T03:59:51+03:00
6,NEW,17,600,2021-05-08T03:59:51+03:00
7,PREPARATION,17,700,2021-05-08T03:59:51+03:00
"""


def test_bitrix24_stage_codes(tmp_path: Path) -> None:
    done = _normalized(_write(tmp_path, "deals.csv", STAGES), "deals")
    assert done.mapping.preset is not None and done.mapping.preset.id == "bitrix24.deals_api"
    assert list(done.frame["outcome"]) == ["won", "won", "lost", "lost", "open", "open", "open"]


def test_stage_semantic_id_decides(tmp_path: Path) -> None:
    # 1: C6:WON but F -> lost (the semantic column says so); 2: C5:4 S -> won;
    # 3: C5:5 F -> lost; 4: C5:3 P -> open; 5: C6:LOSE with no semantic -> its code: lost
    text = (
        "ID,STAGE_ID,STAGE_SEMANTIC_ID,ASSIGNED_BY_ID\n"
        "1,C6:WON,F,17\n2,C5:4,S,17\n3,C5:5,F,17\n4,C5:3,P,17\n5,C6:LOSE,,17\n"
    )
    done = _normalized(_write(tmp_path, "deals.csv", text), "deals")
    assert list(done.frame["outcome"]) == ["lost", "won", "lost", "open", "lost"]


def test_config_won_lost_win_over_the_preset(tmp_path: Path) -> None:
    # won: [C5:3] makes the custom stage won; lost: [NEW] (nonsense, but the user's word)
    # makes NEW lost; the rest still follow the codes
    done = _normalized(_write(tmp_path, "deals.csv", STAGES), "deals", won=["C5:3"], lost=["NEW"])
    assert list(done.frame["outcome"]) == ["won", "won", "lost", "lost", "won", "lost", "open"]
    # and over the semantic column: C5:3 with P is won when the config says so
    text = "ID,STAGE_ID,STAGE_SEMANTIC_ID,ASSIGNED_BY_ID\n1,C5:3,P,17\n2,C5:4,S,17\n"
    done = _normalized(_write(tmp_path, "sem.csv", text), "deals", won=["C5:3"])
    assert list(done.frame["outcome"]) == ["won", "won"]


def test_bitrix24_export_stage_group_decides(tmp_path: Path) -> None:
    # «Группа стадий» (STAGE_SEMANTIC_ID) of the UI export, by its captions: the portal's own
    # stage names «Услуга активна» / «Нет оплаты» say nothing, the group does
    text = (
        "ID;Стадия сделки;Группа стадий;Ответственный;Сумма\n"
        "1;Услуга активна;Успех;Анна;100\n2;Нет оплаты;Провал;Анна;200\n"
        "3;Счет отправлен клиенту;В работе;Анна;300\n"
    )
    done = _normalized(_write(tmp_path, "deals.csv", text), "deals")
    assert done.mapping.preset is not None and done.mapping.preset.id == "bitrix24.deals"
    assert list(done.frame["outcome"]) == ["won", "lost", "open"]


def test_a_direction_column_is_a_kind(tmp_path: Path) -> None:
    # a plain call log whose only type is its direction
    text = "agent,date,direction\nАнна,01.03.2023 09:00,Outbound\nАнна,01.03.2023 09:05,Inbound\n"
    done = _normalized(_write(tmp_path, "calls.csv", text), "activities")
    assert done.mapping.preset is None
    assert list(done.frame["kind"]) == ["call_out", "call_in"]


def test_stage_codes_are_the_presets_not_everyones(tmp_path: Path) -> None:
    # a generic file whose stage happens to read LOSE: no Bitrix24 preset, no code table;
    # "Lost" is every CRM's word, "LOSE" is not -> open
    text = "id,manager,stage\n1,Анна,LOSE\n2,Анна,Lost\n"
    done = _normalized(_write(tmp_path, "deals.csv", text), "deals")
    assert done.mapping.preset is None
    assert list(done.frame["outcome"]) == ["open", "lost"]


# ------------------------------------------------------------- missed calls


def test_hubspot_no_answer_on_an_outbound_call_is_an_attempt(tmp_path: Path) -> None:
    # 1 outbound, No Answer -> call_out; 2 outbound, Busy -> call_out; 3 inbound, No Answer
    # -> call_missed; 4 inbound, Connected -> call_in; 5 a call with no direction, No Answer
    # -> the rep's own call: call_out
    text = (
        "Activity ID,Activity Type,Activity Date,Activity Owner,Call Direction,Call Outcome\n"
        "1,Call,2025-04-08 09:00,a@x.com,Outbound,No Answer\n"
        "2,Call,2025-04-08 09:10,a@x.com,Outbound,Busy\n"
        "3,Call,2025-04-08 09:20,a@x.com,Inbound,No Answer\n"
        "4,Call,2025-04-08 09:30,a@x.com,Inbound,Connected\n"
        "5,Call,2025-04-08 09:40,a@x.com,,No Answer\n"
    )
    done = _normalized(_write(tmp_path, "acts.csv", text), "activities")
    assert done.mapping.preset is not None and done.mapping.preset.id == "hubspot.activities"
    assert list(done.frame["kind"]) == [
        "call_out",
        "call_out",
        "call_missed",
        "call_in",
        "call_out",
    ]


def test_hubspot_without_a_direction_column_has_no_missed_calls(tmp_path: Path) -> None:
    # every logged call is the rep's: No answer and Busy are attempts
    text = (
        "Activity ID,Activity Type,Activity Date,Activity Owner,Call Outcome\n"
        "1,Call,2025-04-08 09:00,a@x.com,No answer\n"
        "2,Call,2025-04-08 09:10,a@x.com,Busy\n"
        "3,Call,2025-04-08 09:20,a@x.com,Connected\n"
    )
    done = _normalized(_write(tmp_path, "acts.csv", text), "activities")
    assert list(done.frame["kind"]) == ["call_out"] * 3


def test_bitrix24_missed_status_counts_only_on_incoming_calls(tmp_path: Path) -> None:
    # «Пропущенный звонок» on an incoming call -> call_missed; on an outgoing one (the
    # status of a call nobody picked up) it stays call_out; «неотвеченный» is missed by type
    text = (
        "Сотрудник;Тип звонка;Дата вызова;Время звонка;Статус\n"
        "Иван Иванов;входящий;05.11.2026 10:00:00;;Пропущенный звонок\n"
        "Иван Иванов;исходящий;05.11.2026 10:05:00;;Пропущенный звонок\n"
        "Иван Иванов;исходящий;05.11.2026 10:10:00;;Занято\n"
        "Иван Иванов;неотвеченный;05.11.2026 10:15:00;;\n"
        "Иван Иванов;входящий с перенаправлением;05.11.2026 10:20:00;;Пропущенный звонок\n"
    )
    done = _normalized(_write(tmp_path, "calls.csv", text), "activities")
    assert done.mapping.preset is not None and done.mapping.preset.id == "bitrix24.calls"
    assert list(done.frame["kind"]) == [
        "call_missed",
        "call_out",
        "call_out",
        "call_missed",
        "call_missed",
    ]


def test_config_kinds_still_win(tmp_path: Path) -> None:
    # the dialer preset makes every row call_out; kinds: {S: sale} in the config wins
    text = "agent_id,call_length,datestamp,lead_id,status\n1001,60,2023-03-01 09:00:00,1,S\n"
    done = _normalized(_write(tmp_path, "d.csv", text), "activities", kinds={"S": "sale"})
    assert list(done.frame["kind"]) == ["sale"]


def test_check_calls_unknown_only_kinds_nothing_named(tmp_path: Path) -> None:
    from ropkit.pipeline import check

    # a Bitrix24 REST dump: the preset names its tasks "task", and an e-mail that came in
    # "email_in"; those are ropkit's own names, not types for the user to map
    config = tmp_path / "norms.yaml"
    rest = DATA / "bitrix24_activities_rest.csv"
    config.write_text(f"sources:\n  activities: {{path: '{rest}'}}\n", encoding="utf-8")
    unknown = check(config).quality.unknown_kinds
    assert not {"task", "email_in"} & set(unknown)
    # a type nothing maps is still said; one the config maps to a kind of its own is known
    _write(
        tmp_path,
        "acts.csv",
        "id,manager,kind,at\n1,Анна,Вебинар,10.11.2026 10:00\n2,Анна,Демо,10.11.2026 11:00\n",
    )
    config.write_text(
        "sources:\n  activities: {path: acts.csv, kinds: {Демо: demo}}\n", encoding="utf-8"
    )
    assert check(config).quality.unknown_kinds == {"вебинар": 1}
