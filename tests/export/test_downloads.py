"""Export downloads and the export-anki command, checked with the real Anki."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from click.testing import CliRunner
from support import peru_bank

from quizapp.cli import main
from quizapp.content.services import save_bank
from quizapp.export.services import content_timestamp


def _import(apkg: Path, col_path: Path) -> Collection:
    col = Collection(str(col_path))
    col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=True)))
    return col


def test_set_download_imports_into_anki_with_every_question(tmp_path, peru_set, user_client) -> None:
    response = user_client().get("/sets/peru/export.apkg")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="peru.apkg"'
    assert response.mimetype == "application/apkg"
    apkg = tmp_path / "peru.apkg"
    apkg.write_bytes(response.data)
    col = _import(apkg, tmp_path / "c.anki2")
    try:
        assert col.note_count() == len(peru_bank().questions)
        assert any(name.startswith("Organized Crime in Peru::") for name in col.decks.all_names())
    finally:
        col.close()


def test_tsv_download(peru_set, user_client) -> None:
    response = user_client().get("/sets/peru/export.tsv")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == len(peru_bank().questions) and all(line.count("\t") == 1 for line in lines)


def test_downloads_need_login_and_visibility(app, client, save_set, make_user, user_client) -> None:
    assert client.get("/sets/peru/export.apkg").status_code == 302
    owner = make_user("prof", role="instructor")
    draft = dataclasses.replace(peru_bank(), info=dataclasses.replace(peru_bank().info, slug="draft"))
    save_set(draft, owner_id=owner.id, status="draft")
    assert user_client().get("/sets/draft/export.apkg").status_code == 404


def test_timestamp_rises_when_content_changes(db) -> None:
    bank = peru_bank()
    qset = save_bank(bank).question_set
    db.session.commit()
    before = content_timestamp([qset.id])
    changed = dataclasses.replace(bank, questions=(
        dataclasses.replace(bank.questions[0], prompt=bank.questions[0].prompt + " (edited)"),
        *bank.questions[1:]))
    save_bank(changed)
    db.session.commit()
    assert content_timestamp([qset.id]) > before


def test_my_deck_needs_studied_cards(peru_set, user_client) -> None:
    client = user_client()
    assert client.get("/my-deck.apkg").status_code == 302
    html = client.get("/study/peru").get_data(as_text=True)
    qid = re.search(r'name="question_id" type="hidden" value="(\d+)"', html).group(1)
    cid = re.search(r'name="client_id" type="hidden" value="(\w+)"', html).group(1)
    client.post("/study/peru/review", data={"question_id": qid, "client_id": cid, "rating": "3"})
    response = client.get("/my-deck.apkg")
    assert response.status_code == 200 and zipfile.is_zipfile(io.BytesIO(response.data))


def test_export_anki_command_works_on_a_fresh_database(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("QUIZAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    monkeypatch.setenv("QUIZAPP_SECRET_KEY", "cli-test")
    out = tmp_path / "peru.apkg"
    result = CliRunner().invoke(main, ["export-anki", "peru", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)
    missing = CliRunner().invoke(main, ["export-anki", "nope", "-o", str(tmp_path / "x.apkg")])
    assert missing.exit_code != 0 and "No set with slug 'nope'" in missing.output
    assert not (tmp_path / "x.apkg").exists()


def _study_one(client) -> str:
    """Answer the card on the study page (Good); its question id."""
    html = client.get("/study/peru").get_data(as_text=True)
    qid = re.search(r'name="question_id" type="hidden" value="(\d+)"', html).group(1)
    cid = re.search(r'name="client_id" type="hidden" value="(\w+)"', html).group(1)
    client.post("/study/peru/review", data={"question_id": qid, "client_id": cid, "rating": "3"})
    return qid


def test_my_deck_reimport_tags_a_card_suspended_since_the_last_download(
        tmp_path, peru_set, user_client, monkeypatch) -> None:
    """Download, import, suspend a card in the app, download again, import again: Anki now
    shows that note tagged "suspended", and still one note per question."""
    from datetime import UTC, datetime, timedelta

    from quizapp.export import services

    start = datetime.now(UTC)
    clock = iter(start + timedelta(minutes=i) for i in range(10))
    monkeypatch.setattr(services, "utcnow", lambda: next(clock))
    client = user_client()
    first_id, second_id = _study_one(client), _study_one(client)
    first = tmp_path / "first.apkg"
    first.write_bytes(client.get("/my-deck.apkg").data)
    col = _import(first, tmp_path / "c.anki2")
    try:
        assert not col.find_notes("tag:suspended")
        assert client.post("/study/peru/suspend",
                           data={"question_id": second_id}).status_code in (302, 303)
        second = tmp_path / "second.apkg"
        second.write_bytes(client.get("/my-deck.apkg").data)
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(second), options=ImportAnkiPackageOptions(with_scheduling=True)))
        suspended = col.find_notes("tag:suspended")
        assert len(suspended) == 1
        assert col.note_count() == len(peru_bank().questions)
        assert first_id != second_id
    finally:
        col.close()


def test_a_set_update_leaves_the_anki_users_own_edits_of_other_notes(tmp_path, db) -> None:
    """Edit one question in the app after the student edited another note in Anki: the next
    download updates the first and keeps the student's edit of the second."""
    from datetime import UTC, datetime, timedelta

    from quizapp.export.services import set_apkg

    bank = peru_bank()
    first, second = bank.questions[:2]
    qset = save_bank(bank, now=datetime.now(UTC) - timedelta(days=1)).question_set
    db.session.commit()
    apkg = tmp_path / "first.apkg"
    apkg.write_bytes(set_apkg(qset))
    col = _import(apkg, tmp_path / "c.anki2")
    try:
        by_key = {col.get_note(n)["Key"]: col.get_note(n) for n in col.find_notes("")}
        mine = by_key[second.key]
        mine["Explanation"] = "My own mnemonic"
        col.update_note(mine)
        edited = dataclasses.replace(first, explanation="Edited in the app.")
        save_bank(dataclasses.replace(bank, questions=(edited, *bank.questions[1:])),
                  now=datetime.now(UTC) + timedelta(hours=1))
        db.session.commit()
        apkg.write_bytes(set_apkg(qset))
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=str(apkg), options=ImportAnkiPackageOptions(with_scheduling=True)))
        by_key = {col.get_note(n)["Key"]: col.get_note(n) for n in col.find_notes("")}
        assert by_key[second.key]["Explanation"] == "My own mnemonic"
        assert by_key[first.key]["Explanation"] == "Edited in the app."
        assert col.note_count() == len(bank.questions)
    finally:
        col.close()
