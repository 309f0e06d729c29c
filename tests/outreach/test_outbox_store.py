from screening.store import outbox

NOW = "2029-01-10T01:00:00+00:00"


def _enqueue(db, officer_id, key="undangan:1", **fields):
    values = {
        "officer_id": officer_id,
        "referral_id": None,
        "rule": "undangan",
        "template": "undangan",
        "dedupe_key": key,
        "channel": "wa_klik",
        "due_at": NOW,
        "now": NOW,
    }
    values.update(fields)
    return outbox.enqueue(db, **values)


def test_enqueue_inserts_once_per_dedupe_key(db, make):
    nik = make.officer()["nik"]
    officer_id = db.execute("SELECT id FROM officer WHERE nik = ?", [nik]).fetchone()[0]
    assert _enqueue(db, officer_id) is True
    assert _enqueue(db, officer_id) is False
    rows = list(db.query("SELECT status, attempts, channel FROM message"))
    assert rows == [{"status": "antri", "attempts": 0, "channel": "wa_klik"}]
