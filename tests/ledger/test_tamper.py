"""R-INT-2, R-INT-3: changes made underneath the system with raw SQL (triggers dropped) are all caught
by `lawtrail verify`, which exits non-zero naming the first entry that does not match."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command
from django.db import connection

from lawtrail.ledger import dbguard, signing, store
from lawtrail.ledger.entry import make_entry

pytestmark = pytest.mark.django_db

K = 300  # the entry the mutations aim at; > 256 so tiles are involved
N = 700


@pytest.fixture
def trail(settings):
    settings.LAWTRAIL = {**settings.LAWTRAIL, "CHECKPOINT_EVERY": 0}
    for i in range(0, 600, 100):
        store.append_many([("test.record", f"case:{j}", {"n": j, "note": "现场检查"}) for j in range(i, i + 100)])
    store.make_checkpoint()  # size 600
    store.append_many([("test.record", f"case:{j}", {"n": j}) for j in range(600, N)])
    store.make_checkpoint()  # size 700
    call_command("verify")  # intact before the mutation
    with connection.cursor() as c:
        for table in ("ledger_entry", "ledger_checkpoint", "ledger_node"):
            for sql in dbguard.drop_sql(connection.vendor, table):
                c.execute(sql)
    return connection.cursor()


def _row(c, seq):
    c.execute(f"SELECT {store.ENTRY_COLUMNS} FROM ledger_entry WHERE seq = %s", [seq])  # noqa: S608
    return c.fetchone()


def _forge(c, seq, prev_hash, payload='{"forged":true}'):
    e = make_entry(seq=seq, prev_hash=prev_hash, recorded_at="2026-01-01T00:00:00.000000Z", actor_id=None,
                   actor="mallory", agency_id=None, kind="test.record", subject="case:x", payload=payload)
    c.execute(store._INSERT_ENTRY, [e.seq, e.recorded_at, e.actor_id, e.actor, e.agency_id, e.kind, e.subject,
                                    e.payload, e.payload_hash, e.prev_hash, e.entry_hash])
    return e


def changed_payload(c):
    c.execute("UPDATE ledger_entry SET payload = replace(payload, '现场检查', '未检查') WHERE seq = %s", [K])
    return K


def changed_payload_and_its_hash(c):
    c.execute("UPDATE ledger_entry SET payload = %s, payload_hash = %s WHERE seq = %s",
              ['{"n":1}', store.HASHER.hexdigest(b'{"n":1}'), K])
    return K


def changed_entry_hash(c):
    c.execute("UPDATE ledger_entry SET entry_hash = %s WHERE seq = %s", ["ab" * 32, K])
    return K


def changed_actor(c):
    c.execute("UPDATE ledger_entry SET actor = 'someone-else' WHERE seq = %s", [K])
    return K


def reordered_entries(c):
    """Swap the contents of entries K and K+1, keeping their sequence numbers."""
    a, b = _row(c, K), _row(c, K + 1)
    c.execute("UPDATE ledger_entry SET prev_hash = %s, entry_hash = %s WHERE seq = %s", ["1" * 64, "2" * 64, K])
    c.execute("UPDATE ledger_entry SET prev_hash = %s, entry_hash = %s WHERE seq = %s", ["3" * 64, "4" * 64, K + 1])
    cols = ["recorded_at", "actor_id", "actor", "agency_id", "kind", "subject", "payload", "payload_hash",
            "prev_hash", "entry_hash"]
    for seq, src in ((K, b), (K + 1, a)):
        c.execute(f"UPDATE ledger_entry SET {', '.join(f'{x} = %s' for x in cols)} WHERE seq = %s",  # noqa: S608
                  [*src[1:], seq])
    return K


def deleted_entry(c):
    c.execute("DELETE FROM ledger_entry WHERE seq = %s", [K])
    return K


def inserted_entry(c):
    """Renumber K+1.. up by one and insert a well-formed entry chained to K: the forgery itself
    chains, so the first entry that no longer matches is the old K+1, now K+2."""
    c.execute("UPDATE ledger_entry SET seq = -seq WHERE seq > %s", [K])
    c.execute("UPDATE ledger_entry SET seq = 1 - seq WHERE seq < 0")
    # prev_hash is UNIQUE, so the forger must re-link the entry after the insertion as well.
    c.execute("UPDATE ledger_entry SET prev_hash = %s WHERE seq = %s", ["5" * 64, K + 2])
    forged = _forge(c, K + 1, _row(c, K)[-1])
    c.execute("UPDATE ledger_entry SET prev_hash = %s WHERE seq = %s", [forged.entry_hash, K + 2])
    return K + 2


def appended_entry_with_bad_link(c):
    _forge(c, N + 1, "9" * 64)
    return N + 1


def rewritten_suffix_with_valid_chain(c):
    """A careful forger rewrites entry K and re-chains every later entry: only the signed checkpoints
    can tell, and verify names the checkpoint whose root no longer matches."""
    c.execute("DELETE FROM ledger_entry WHERE seq >= %s", [K])
    prev = _row(c, K - 1)[-1]
    for seq in range(K, N + 1):
        prev = _forge(c, seq, prev, f'{{"n":{seq}}}').entry_hash
    return None


def deleted_tail(c):
    """Truncating the end keeps the chain valid, but a checkpoint signed a longer tree."""
    c.execute("DELETE FROM ledger_entry WHERE seq > %s", [650])
    return 651


def forged_checkpoint_signature(c):
    c.execute("UPDATE ledger_checkpoint SET signature = %s WHERE tree_size = 600",
              [base64.b64encode(b"\x01" * 64).decode()])
    return None


def checkpoint_resigned_with_another_key(c):
    key = Ed25519PrivateKey.generate()
    body = signing.CheckpointBody("lawtrail.local/ledger", 600, "cd" * 32, "2026-01-01T00:00:00.000000Z")
    c.execute("UPDATE ledger_checkpoint SET root_hash = %s, signature = %s WHERE tree_size = 600",
              [body.root_hex, signing.sign(key, body)])
    return None


def changed_merkle_node(c):
    c.execute('UPDATE ledger_node SET hash = %s WHERE level = 8 AND "index" = 1', ["ef" * 32])
    return 257


MUTATIONS = [changed_payload, changed_payload_and_its_hash, changed_entry_hash, changed_actor, reordered_entries,
             deleted_entry, inserted_entry, appended_entry_with_bad_link, rewritten_suffix_with_valid_chain,
             deleted_tail, forged_checkpoint_signature, checkpoint_resigned_with_another_key, changed_merkle_node]


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda f: f.__name__)
def test_verify_catches_mutation_and_names_the_entry(trail, mutate, capsys):
    expected_seq = mutate(trail)
    with pytest.raises(CommandError) as caught:
        call_command("verify")
    assert caught.value.returncode == 1
    message = str(caught.value)
    err = capsys.readouterr().err
    if expected_seq is not None:
        assert f"first mismatch at entry {expected_seq}" in message, (message, err)
        assert f"entry {expected_seq}:" in err
    else:
        assert "checkpoint" in message and "MISMATCH checkpoint" in err, (message, err)
