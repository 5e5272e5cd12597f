"""Trail tables. Rows are written only by `lawtrail.ledger.store`; the database refuses UPDATE and
DELETE on all three (see dbguard and migration 0002)."""

from django.db import models


class Entry(models.Model):
    """One append-only trail entry (R-INT-2). `prev_hash` is unique, so two entries can never share a
    predecessor: a fork is refused by the database itself, whatever the application does."""

    seq = models.BigIntegerField(primary_key=True)
    recorded_at = models.CharField(max_length=27)
    actor_id = models.BigIntegerField(null=True)
    actor = models.CharField(max_length=150)
    agency_id = models.BigIntegerField(null=True, db_index=True)
    kind = models.CharField(max_length=100)
    subject = models.CharField(max_length=200, db_index=True)
    payload = models.TextField()
    payload_hash = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64, unique=True)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "ledger_entry"
        ordering = ["seq"]
        # By kind, newest first: the fixity alert, the register and the trail's filters (issue 19).
        indexes = [models.Index(fields=["kind", "seq"], name="ledger_entry_kind_seq")]
        verbose_name = "trail entry"
        verbose_name_plural = "trail entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.subject}"


class Checkpoint(models.Model):
    """A signed statement of the tree: size, root and time (R-INT-3)."""

    origin = models.CharField(max_length=200)
    tree_size = models.BigIntegerField(db_index=True)
    root_hash = models.CharField(max_length=64)
    timestamp = models.CharField(max_length=27)
    signature = models.CharField(max_length=200)
    key_id = models.CharField(max_length=16)

    class Meta:
        db_table = "ledger_checkpoint"
        ordering = ["tree_size", "id"]

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size} {self.root_hash[:12]}"


class Node(models.Model):
    """Cache of perfect Merkle subtrees of 2**level leaves (level >= store.TILE_LEVEL), so that proofs
    at millions of entries need a few dozen lookups. Derived data: `lawtrail verify` recomputes it."""

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        db_table = "ledger_node"
        constraints = [models.UniqueConstraint(fields=["level", "index"], name="ledger_node_level_index")]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"
