"""Exports read with no ``columns:`` at all: REST/API dumps, dialer and call-centre logs, a
HubSpot activities export with call outcomes. Worked out by hand from the files.

Same shape as tests/data/expected.py (read its docstring), plus ``preset``: the id of the
preset the reader must detect (``None`` for the generic one). A key in a row with the value
``None`` also pins that the column stays empty or unmapped (``client`` of a Bitrix24 REST
dump: COMPANY_ID is "0" for a deal without a company, so it is not taken as the client).

Sources of the header names: ../shared/CRM_EXPORTS.md §6 (Bitrix24 REST dumps, dialer and
call-centre logs, HubSpot activities) and the vendors' field references: Bitrix24
crm.deal.fields / crm.activity.fields / crm.enum.activitytype / crm.enum.activitydirection
(dev.1c-bitrix.ru/rest_help), HubSpot's calls API and default activity properties
(developers.hubspot.com/docs/api/crm/calls, knowledge.hubspot.com …/hubspots-default-
activity-properties), Pipedrive's DealCollectionResponseObject and ActivityResponseObject
(pipedrive/client-php, pipedrive/client-nodejs), Salesforce's Opportunity field reference
(developer.salesforce.com). The values are made up.
"""

from datetime import datetime

FIXTURES: dict[str, dict[str, object]] = {
    # ------------------------------------------------------------- Bitrix24 REST
    "bitrix24_deals_rest.csv": {
        "table": "deals",
        "crm": "bitrix24",
        "preset": "bitrix24.deals_api",
        "read": 11,
        "used": 10,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "rows": [
            {
                "id": "2101",
                "manager": "17",
                "stage": "C6:WON",
                "outcome": "won",
                "amount": 150000.0,
                "client": None,
                "created_at": datetime(2021, 5, 8, 3, 59, 51),
                "closed_at": datetime(2021, 5, 20, 3, 0),
            },
            {
                "id": "2102",
                "manager": "23",
                "stage": "C2:WON",
                "outcome": "won",
                "amount": 12500.5,
                "client": None,
                "created_at": datetime(2021, 5, 10, 11, 20),
                "closed_at": datetime(2021, 5, 14, 3, 0),
            },
            {
                "id": "2103",
                "manager": "17",
                "stage": "C6:LOSE",
                "outcome": "lost",
                "amount": 8000.0,
                "created_at": datetime(2021, 5, 11, 9, 5, 10),
                "closed_at": datetime(2021, 5, 25, 3, 0),
            },
            {
                "id": "2104",
                "manager": "23",
                "stage": "C6:APOLOGY",
                "outcome": "lost",
                "amount": 0.0,
                "created_at": datetime(2021, 5, 12, 14, 0),
                "closed_at": datetime(2021, 5, 19, 3, 0),
            },
            {
                "id": "2105",
                "manager": "17",
                "stage": "C5:3",
                "outcome": "open",
                "amount": 43000.0,
                "created_at": datetime(2021, 5, 13, 16, 45),
                "closed_at": datetime(2021, 6, 30, 3, 0),
            },
            {
                "id": "2106",
                "manager": "23",
                "stage": "NEW",
                "outcome": "open",
                "amount": 0.0,
                "created_at": datetime(2021, 5, 14, 8, 30),
                "closed_at": datetime(2021, 5, 21, 3, 0),
            },
            {
                "id": "2107",
                "manager": "17",
                "stage": "PREPARATION",
                "outcome": "open",
                "amount": 99000.0,
                "created_at": datetime(2021, 5, 14, 10, 0),
                "closed_at": datetime(2021, 6, 14, 3, 0),
            },
            {
                "id": "2108",
                "manager": "23",
                "stage": "WON",
                "outcome": "won",
                "amount": 56000.0,
                "created_at": datetime(2021, 5, 15, 12, 10),
                "closed_at": datetime(2021, 5, 28, 3, 0),
            },
            {
                "id": "2109",
                "manager": "17",
                "stage": "LOSE",
                "outcome": "lost",
                "amount": 3500.0,
                "created_at": datetime(2021, 5, 16, 9, 0),
                "closed_at": datetime(2021, 5, 17, 3, 0),
            },
            {
                "id": "2110",
                "manager": "23",
                "stage": "Сделка успешна",
                "outcome": "won",
                "amount": 7000.0,
                "created_at": datetime(2021, 5, 17, 15, 30),
                "closed_at": datetime(2021, 5, 18, 3, 0),
            },
        ],
        "notes": (
            "crm.deal.list written to CSV by the user: field codes as headers, ISO dates with "
            "a zone (the wall-clock time is kept: '2021-05-08T03:59:51+03:00' -> 03:59:51). "
            "STAGE_ID codes: C6:WON, C2:WON, WON -> won; C6:LOSE, C6:APOLOGY, LOSE -> lost; "
            "C5:3 (a custom stage of pipeline 5), NEW, PREPARATION -> open. Row 2110 holds a "
            "stage name instead of a code (a dump may mix them): 'Сделка успешна' -> won. "
            "ASSIGNED_BY_ID stays the id text ('17'); names come from the config. COMPANY_ID "
            "is not the client ('0' on deals without a company). Row 2111: empty "
            "ASSIGNED_BY_ID -> rejected empty. BEGINDATE, CLOSED, SOURCE_ID are not mapped."
        ),
    },
    "bitrix24_deals_rest_semantic.csv": {
        "table": "deals",
        "crm": "bitrix24",
        "preset": "bitrix24.deals_api",
        "read": 8,
        "used": 8,
        "rejected": 0,
        "rejected_reasons": {},
        "rows": [
            {
                "id": "3101",
                "manager": "17",
                "stage": "C5:4",
                "outcome": "won",
                "amount": 310000.0,
                "created_at": datetime(2022, 2, 1, 10, 0),
                "closed_at": datetime(2022, 3, 1, 3, 0),
            },
            {
                "id": "3102",
                "manager": "23",
                "stage": "C5:5",
                "outcome": "lost",
                "amount": 120000.0,
                "created_at": datetime(2022, 2, 2, 10, 0),
                "closed_at": datetime(2022, 3, 2, 3, 0),
            },
            {
                "id": "3103",
                "manager": "17",
                "stage": "C5:3",
                "outcome": "open",
                "amount": 45000.0,
                "created_at": datetime(2022, 2, 3, 10, 0),
                "closed_at": datetime(2022, 4, 15, 3, 0),
            },
            {
                "id": "3104",
                "manager": "23",
                "stage": "C6:WON",
                "outcome": "won",
                "amount": 12000.0,
                "created_at": datetime(2022, 2, 4, 10, 0),
                "closed_at": datetime(2022, 3, 4, 3, 0),
            },
            {
                "id": "3105",
                "manager": "17",
                "stage": "C6:LOSE",
                "outcome": "lost",
                "amount": 3000.0,
                "created_at": datetime(2022, 2, 5, 10, 0),
                "closed_at": datetime(2022, 3, 5, 3, 0),
            },
            {
                "id": "3106",
                "manager": "23",
                "stage": "C6:APOLOGY",
                "outcome": "lost",
                "amount": 9000.0,
                "created_at": datetime(2022, 2, 6, 10, 0),
                "closed_at": datetime(2022, 3, 6, 3, 0),
            },
            {
                "id": "3107",
                "manager": "17",
                "stage": "NEW",
                "outcome": "open",
                "amount": 0.0,
                "created_at": datetime(2022, 2, 7, 10, 0),
                "closed_at": datetime(2022, 3, 20, 3, 0),
            },
            {
                "id": "3108",
                "manager": "23",
                "stage": "C6:WON",
                "outcome": "won",
                "amount": 15000.0,
                "created_at": datetime(2022, 2, 8, 10, 0),
                "closed_at": datetime(2022, 3, 8, 3, 0),
            },
        ],
        "notes": (
            "STAGE_SEMANTIC_ID decides: S -> won, F -> lost, P -> open. Rows 3101 and 3102 "
            "are custom stages of pipeline 5 (C5:4, C5:5) that no code or name could place; "
            "the semantic column says success and failure. Row 3108 has an empty "
            "STAGE_SEMANTIC_ID, so its code C6:WON decides: won."
        ),
    },
    "bitrix24_activities_rest.csv": {
        "table": "activities",
        "crm": "bitrix24",
        "preset": "bitrix24.activities_api",
        "read": 7,
        "used": 6,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "rows": [
            {
                "id": "5101",
                "manager": "17",
                "kind": "call_out",
                "at": datetime(2021, 5, 8, 10, 15),
                "done": True,
                "deal_id": None,
            },
            {
                "id": "5102",
                "manager": "23",
                "kind": "call_in",
                "at": datetime(2021, 5, 8, 11, 2, 5),
                "done": True,
            },
            {
                "id": "5103",
                "manager": "17",
                "kind": "meeting",
                "at": datetime(2021, 5, 10, 14, 0),
                "done": False,
            },
            {
                "id": "5104",
                "manager": "23",
                "kind": "email_out",
                "at": datetime(2021, 5, 10, 16, 20),
                "done": True,
            },
            {
                "id": "5105",
                "manager": "23",
                "kind": "email_in",
                "at": datetime(2021, 5, 11, 9, 0),
                "done": True,
            },
            {
                "id": "5106",
                "manager": "17",
                "kind": "task",
                "at": datetime(2021, 5, 12, 12, 0),
                "done": False,
            },
        ],
        "notes": (
            "crm.activity.list written to CSV. TYPE_ID (crm.enum.activitytype): 1 meeting, "
            "2 call, 3 task, 4 e-mail; DIRECTION (crm.enum.activitydirection): 1 incoming, "
            "2 outgoing, 0 for a meeting or task. 5101: call, 2 -> call_out; 5102: call, 1 -> "
            "call_in; 5104: e-mail, 2 -> email_out; 5105: e-mail, 1 -> a received e-mail, not "
            "one sent (email_in, a kind no metric counts). at = START_TIME, done = COMPLETED "
            "(Y/N). OWNER_ID is not a deal id (OWNER_TYPE_ID 3 is a contact), so no deal_id. "
            "Row 5107: empty START_TIME -> rejected empty."
        ),
    },
    # ------------------------------------------------------------------- HubSpot
    "hubspot_activities_outcomes.csv": {
        "table": "activities",
        "crm": "hubspot",
        "preset": "hubspot.activities",
        "read": 11,
        "used": 10,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "rows": [
            {
                "id": "71000001",
                "manager": "laura.chen@example.com",
                "kind": "call_out",
                "at": datetime(2025, 4, 8, 9, 5),
                "result": "Connected",
            },
            {
                "id": "71000002",
                "manager": "laura.chen@example.com",
                "kind": "call_out",
                "at": datetime(2025, 4, 8, 9, 20),
                "result": "No Answer",
            },
            {
                "id": "71000003",
                "manager": "mark.rossi@example.com",
                "kind": "call_out",
                "at": datetime(2025, 4, 8, 9, 31),
                "result": "Busy",
            },
            {
                "id": "71000004",
                "manager": "mark.rossi@example.com",
                "kind": "call_out",
                "at": datetime(2025, 4, 8, 10, 2),
                "result": "Left Voicemail",
            },
            {
                "id": "71000005",
                "manager": "laura.chen@example.com",
                "kind": "call_out",
                "at": datetime(2025, 4, 8, 10, 15),
                "result": "Wrong Number",
            },
            {
                "id": "71000006",
                "manager": "mark.rossi@example.com",
                "kind": "call_in",
                "at": datetime(2025, 4, 8, 11, 40),
                "result": "Connected",
            },
            {
                "id": "71000007",
                "manager": "laura.chen@example.com",
                "kind": "call_missed",
                "at": datetime(2025, 4, 8, 12, 3),
                "result": "No Answer",
            },
            {
                "id": "71000008",
                "manager": "laura.chen@example.com",
                "kind": "meeting",
                "at": datetime(2025, 4, 9, 14, 0),
                "result": None,
            },
            {
                "id": "71000009",
                "manager": "mark.rossi@example.com",
                "kind": "email_out",
                "at": datetime(2025, 4, 9, 16, 45),
            },
            {
                "id": "71000010",
                "manager": "mark.rossi@example.com",
                "kind": "task",
                "at": datetime(2025, 4, 10, 9, 0),
            },
        ],
        "notes": (
            "§6 activities export: Activity Owner is an e-mail (kept as written). A logged "
            "call is the rep's own: the four Outbound calls with No Answer / Busy / Left "
            "Voicemail / Wrong Number are outgoing attempts -> call_out, not missed. Only "
            "71000007, an Inbound call with No Answer, is a missed call. 'Call Direction' "
            "(HubSpot's default call property) gives a call's kind; the other activities "
            "have none and take 'Activity Type' (Meeting -> meeting, Email -> email_out, "
            "Task -> task). Slash dates are month-first (4/9 = 9 April). Row 71000011: no "
            "Activity Owner -> rejected empty."
        ),
    },
    "hubspot_calls_api.csv": {
        "table": "activities",
        "crm": "hubspot",
        "preset": "hubspot.calls_api",
        "read": 5,
        "used": 5,
        "rejected": 0,
        "rejected_reasons": {},
        "rows": [
            {"id": "512", "manager": "48172639", "kind": "call_out"},
            {"id": "513", "manager": "48172639", "kind": "call_out"},
            {"id": "514", "manager": "51920011", "kind": "call_out"},
            {"id": "515", "manager": "51920011", "kind": "call_in"},
            {
                "id": "516",
                "manager": "48172639",
                "kind": "call_missed",
                "at": datetime(2024, 1, 15, 12, 55),
                "result": "73a0d17f-1163-4015-bdd5-ec830791da20",
            },
        ],
        "notes": (
            "Call engagements as the API returns them. hs_call_disposition is an outcome id: "
            "f240bbac… Connected, 73a0d17f… No answer, 9d9162e7… Busy. 513 (OUTBOUND, no "
            "answer) and 514 (OUTBOUND, busy) are attempts -> call_out; 516 (INBOUND, no "
            "answer) -> call_missed. hs_timestamp '2024-01-15T12:55:00.000Z' -> 12:55. "
            "hubspot_owner_id stays the id text. hs_call_duration (milliseconds) is not read."
        ),
    },
    # -------------------------------------------------------- dialer, call centre
    "dialer_calls.csv": {
        "table": "activities",
        "crm": "dialer",
        "preset": "dialer.calls",
        "read": 8,
        "used": 5,
        "rejected": 3,
        "rejected_reasons": {"duplicate": 1, "empty": 1, "bad_date": 1},
        "rows": [
            {
                "manager": "1001",
                "kind": "call_out",
                "at": datetime(2023, 3, 1, 9, 15, 2),
                "duration_s": 184.0,
                "result": "S",
            },
            {
                "manager": "1001",
                "kind": "call_out",
                "at": datetime(2023, 3, 1, 9, 15, 2),
                "duration_s": 0.0,
                "result": "NI",
            },
            {
                "manager": "1002",
                "kind": "call_out",
                "at": datetime(2023, 3, 1, 9, 16, 40),
                "duration_s": 37.0,
                "result": "VM",
            },
            {
                "manager": "1002",
                "kind": "call_out",
                "at": datetime(2023, 3, 1, 9, 18, 11),
                "duration_s": 95.0,
                "result": "CB",
            },
            {
                "manager": "1002",
                "kind": "call_out",
                "at": datetime(2023, 3, 1, 9, 20, 5),
                "duration_s": 12.0,
                "result": "NI",
            },
        ],
        "notes": (
            "An outbound dialer's log: every row is a dial -> call_out whatever its status "
            "(S sale, NI not interested, VM voicemail, CB callback; a voicemail is an "
            "attempt, not a missed call). agent_id stays the number as text. Rows 1 and 2: "
            "agent 1001 twice in the same second with different leads and statuses -> two "
            "calls. Row 3 repeats row 2 in every cell -> rejected duplicate. Row 7: no "
            "agent_id -> rejected empty. Row 8: 2023-02-30 -> rejected bad_date. lead_id is "
            "a lead, not a deal or call id: not mapped."
        ),
    },
    "callcentre_calls.csv": {
        "table": "activities",
        "crm": "callcentre",
        "preset": "callcentre.calls",
        "read": 7,
        "used": 6,
        "rejected": 1,
        "rejected_reasons": {"empty": 1},
        "rows": [
            {
                "id": "ID0001",
                "manager": "Diane",
                "kind": "call_in",
                "at": datetime(2021, 1, 1, 9, 12, 58),
                "duration_s": 143.0,
            },
            {
                "id": "ID0002",
                "manager": "Becky",
                "kind": "call_in",
                "at": datetime(2021, 1, 1, 9, 12, 58),
                "duration_s": 242.0,
            },
            {
                "id": "ID0003",
                "manager": "Stewart",
                "kind": "call_in",
                "at": datetime(2021, 1, 1, 9, 47, 31),
                "duration_s": 131.0,
            },
            {
                "id": "ID0004",
                "manager": "Greg",
                "kind": "call_missed",
                "at": datetime(2021, 1, 1, 9, 47, 31),
                "duration_s": None,
            },
            {
                "id": "ID0005",
                "manager": "Becky",
                "kind": "call_in",
                "at": datetime(2021, 1, 1, 10, 0, 29),
                "duration_s": 37.0,
            },
            {
                "id": "ID0006",
                "manager": "Stewart",
                "kind": "call_missed",
                "at": datetime(2021, 1, 1, 10, 0, 29),
                "duration_s": None,
            },
        ],
        "notes": (
            "A call-centre sheet of inbound calls: 'Answered (Y/N)' Y -> call_in, N -> an "
            "inbound call nobody answered -> call_missed. at = 'Date' + 'Time' "
            "(9:12:58). duration_s = 'AvgTalkDuration' h:mm:ss (0:02:23 = 143, 0:04:02 = "
            "242, 0:02:11 = 131, 0:00:37 = 37); empty for unanswered calls -> None. Row "
            "ID0007: no 'Agent Name' -> rejected empty. Topic, Resolved, speed of answer and "
            "rating are not canonical."
        ),
    },
    # ------------------------------------------------------------------ Pipedrive
    "pipedrive_activities_api.csv": {
        "table": "activities",
        "crm": "pipedrive",
        "preset": "pipedrive.activities_api",
        "read": 4,
        "used": 4,
        "rejected": 0,
        "rejected_reasons": {},
        "rows": [
            {
                "id": "8101",
                "manager": "Laura Chen",
                "kind": "call_out",
                "at": datetime(2024, 12, 2, 9, 30),
                "done": True,
                "deal_id": "101",
            },
            {
                "id": "8102",
                "manager": "Mark Rossi",
                "kind": "meeting",
                "at": datetime(2024, 12, 3, 14, 0),
                "done": True,
                "deal_id": "102",
            },
            {
                "id": "8103",
                "manager": "Laura Chen",
                "kind": "email_out",
                "at": datetime(2024, 12, 4),
                "done": False,
                "deal_id": "103",
            },
            {
                "id": "8104",
                "manager": "Mark Rossi",
                "kind": "call_out",
                "at": datetime(2024, 12, 5, 16, 15),
                "done": True,
                "deal_id": None,
            },
        ],
        "notes": (
            "Activities with the API's field names and 'assigned_to_user' (the export's "
            "'Activity - Assigned to user' without its prefix) for the person; the name, not "
            "assigned_to_user_id. at = due_date + due_time (HH:MM); 8103 has no time -> "
            "midnight. done 'true'/'false'. call -> call_out (no direction in Pipedrive)."
        ),
    },
    "pipedrive_deals_api.csv": {
        "table": "deals",
        "crm": "pipedrive",
        "preset": "pipedrive.deals_api",
        "read": 4,
        "used": 4,
        "rejected": 0,
        "rejected_reasons": {},
        "rows": [
            {
                "id": "101",
                "manager": "Laura Chen",
                "outcome": "won",
                "amount": 15000.0,
                "client": "Acme Inc.",
                "created_at": datetime(2024, 10, 1, 9, 12, 44),
                "closed_at": datetime(2024, 11, 4, 16, 20),
            },
            {
                "id": "102",
                "manager": "Mark Rossi",
                "outcome": "lost",
                "amount": 4800.5,
                "client": "Globex, LLC",
                "created_at": datetime(2024, 10, 3, 11, 0),
                "closed_at": datetime(2024, 10, 28, 10, 5, 12),
            },
            {
                "id": "103",
                "manager": "Laura Chen",
                "outcome": "open",
                "amount": 0.0,
                "client": "Initech",
                "created_at": datetime(2024, 10, 15, 14, 30),
                "closed_at": None,
            },
            {
                "id": "104",
                "manager": "Mark Rossi",
                "outcome": "won",
                "amount": 22000.0,
                "client": "Umbrella Corp",
                "created_at": datetime(2024, 9, 20, 8, 0),
                "closed_at": datetime(2024, 10, 2, 12, 0),
            },
        ],
        "notes": (
            "status (won / lost / open) decides, not stage_id. owner_name is the person "
            "(user_id is the id). closed_at = close_time; deal 104 has none, so its "
            "won_time. org_name is the client."
        ),
    },
    # ----------------------------------------------------------------- Salesforce
    "salesforce_opportunities_api.csv": {
        "table": "deals",
        "crm": "salesforce",
        "preset": "salesforce.deals_api",
        "read": 4,
        "used": 4,
        "rejected": 0,
        "rejected_reasons": {},
        "rows": [
            {
                "id": "0065g00000XyZ1AAA",
                "manager": "0055g00000AbC1QAA",
                "stage": "Closed Won",
                "outcome": "won",
                "amount": 12500.0,
                "client": "0015g00000Qw1AAA",
                "created_at": datetime(2024, 1, 5, 9, 12),
                "closed_at": datetime(2024, 2, 28),
            },
            {
                "id": "0065g00000XyZ2AAA",
                "manager": "0055g00000AbC2QAA",
                "stage": "Closed Lost",
                "outcome": "lost",
                "amount": 4800.5,
                "client": "0015g00000Qw2AAA",
                "created_at": datetime(2024, 1, 14, 15, 0),
                "closed_at": datetime(2024, 3, 3),
            },
            {
                "id": "0065g00000XyZ3AAA",
                "manager": "0055g00000AbC1QAA",
                "stage": "Contrato firmado",
                "outcome": "won",
                "amount": 30000.0,
                "client": "0015g00000Qw3AAA",
                "created_at": datetime(2024, 2, 2, 8, 30),
                "closed_at": datetime(2024, 3, 15),
            },
            {
                "id": "0065g00000XyZ4AAA",
                "manager": "0055g00000AbC3QAA",
                "stage": "Negotiation/Review",
                "outcome": "open",
                "amount": 7250.0,
                "client": "0015g00000Qw4AAA",
                "created_at": datetime(2024, 2, 20, 11, 45),
                "closed_at": datetime(2024, 4, 30),
            },
        ],
        "notes": (
            "Opportunity API field names. IsWon true -> won whatever the stage is called "
            "('Contrato firmado', a renamed won stage); IsWon false leaves it to the stage: "
            "'Closed Lost' -> lost, 'Negotiation/Review' -> open. CreatedDate "
            "'2024-01-05T09:12:00.000+0000' -> 09:12. OwnerId and AccountId stay ids."
        ),
    },
    # -------------------------------------------------------------------- generic
    "generic_pipeline.csv": {
        "table": "deals",
        "crm": "generic",
        "preset": None,
        "read": 5,
        "used": 5,
        "rejected": 0,
        "rejected_reasons": {},
        "rows": [
            {
                "id": "1C1I7A6R",
                "manager": "Moses Frase",
                "stage": "Won",
                "outcome": "won",
                "amount": 1054.0,
                "product": "GTX Plus Basic",
                "client": "Cancity",
                "closed_at": datetime(2017, 3, 1),
            },
            {
                "id": "Z063OYW0",
                "manager": "Darcel Schlecht",
                "stage": "Won",
                "outcome": "won",
                "amount": 4514.0,
                "product": "GTXPro",
                "client": "Isdom",
                "closed_at": datetime(2017, 3, 11),
            },
            {
                "id": "EC4QE1BX",
                "manager": "Darcel Schlecht",
                "stage": "Won",
                "outcome": "won",
                "amount": 50.0,
                "product": "MG Special",
                "client": "Cancity",
                "closed_at": datetime(2017, 3, 7),
            },
            {
                "id": "MV1LWRNH",
                "manager": "Moses Frase",
                "stage": "Lost",
                "outcome": "lost",
                "amount": 0.0,
                "product": "GTX Basic",
                "client": "Codehow",
                "closed_at": datetime(2017, 3, 9),
            },
            {
                "id": "PE84CX4O",
                "manager": "Zane Levy",
                "stage": "Engaging",
                "outcome": "open",
                "amount": None,
                "product": "GTX Basic",
                "client": "Hatfan",
                "created_at": None,
                "closed_at": None,
            },
        ],
        "notes": (
            "A sales-pipeline table with snake_case English headers and no CRM: the common "
            "words map it (opportunity_id -> id, sales_agent -> manager, account -> client, "
            "deal_stage -> stage, close_date -> closed_at, close_value -> amount). It is not "
            "HubSpot although 'deal stage' and 'close date' are HubSpot words too. "
            "engage_date is not the creation date: not mapped. Slash dates month-first "
            "(3/11/2017 = 11 March)."
        ),
    },
}
