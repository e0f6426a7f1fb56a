"""The case summary PDF's Deadlines section: dates with their reasons, assumed marks, the
service record entered in the store, statuses and the letter's checks (issue 14 item 4)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from imr_desk.core.deadlines.entries import DeadlineStatus
from imr_desk.core.deadlines.service import EnteredService
from imr_desk.core.deadlines.settings import KINDS, DeadlineSettings
from imr_desk.core.reports.summary import build_case_summary
from imr_desk.core.store import ANY_VERSION, Store
from tests.support.report_support import pdf_body_text
from tests.support.store_fixtures import add_letter, invented_letter


@pytest.fixture
def store(tmp_store_path: Path) -> Iterator[Store]:
    with Store(tmp_store_path) as opened:
        yield opened


def summary_text(store: Store, letter_id: int, *, stored: bool = True) -> str:
    out = io.BytesIO()
    deadlines = store.case_deadlines(letter_id, kinds=KINDS) if stored else None
    build_case_summary(store.load(letter_id), out, deadlines=deadlines)
    return " ".join(pdf_body_text(out.getvalue()).split())


def test_the_section_shows_each_deadline_with_its_chain_and_assumptions(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    text = summary_text(store, letter_id)
    assert "Deadlines" in text
    assert "Served Feb 2, 2017 (assumed) by mail (assumed) to a California address (assumed)" in text
    assert "Mar 9, 2017" in text and "+30 days: Lab. Code § 4610.6(h)" in text
    assert "+5 days: 8 CCR 10605(a)(1)" in text and "Mar 9, 2017 is a Thursday" in text
    assert "+5 working days: 8 CCR 9792.10.7(a)(2)" in text  # an overturned decision
    assert "rest on values nobody entered" in text and "the firm decides" in text


def test_entered_service_status_and_odd_text_are_shown_safely(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    store.set_service(letter_id, EnteredService(served_on=datetime.date(2017, 2, 2), served_by="personal",
                                                received_on=datetime.date(2017, 2, 3)), expected_version=ANY_VERSION)
    note = "petition filed <b>&</b> served"
    store.set_deadline_status(letter_id, "appeal", DeadlineStatus("done", datetime.date(2017, 3, 1), note),
                              expected_version=ANY_VERSION)
    text = summary_text(store, letter_id)
    assert "Served Feb 2, 2017 by personal service; received Feb 3, 2017." in text
    assert "Done on Mar 1, 2017: petition filed <b>&</b> served" in text
    assert "no days added for personal service" in text and "rest on values nobody entered" not in text


def test_without_the_store_the_section_is_computed_from_the_letter_and_says_so(store: Store) -> None:
    letter_id = add_letter(store, invented_letter(decision_date="2017-02-02"))
    store.set_deadline_settings(DeadlineSettings(firm_side="applicant"), expected_version=0)
    text = summary_text(store, letter_id, stored=False)
    assert "Computed from the letter alone" in text and "Mar 9, 2017" in text
