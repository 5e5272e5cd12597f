"""Trail endpoints: entries of your agency, signed checkpoints, the public key and proofs (R-INT-3).
The public key and checkpoints need no login: anyone holding a proof must be able to check it."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from lawtrail.access.scoping import access_entry, visible_entries
from lawtrail.errors import ActionError, NotAllowed
from lawtrail.ledger import store
from lawtrail.ledger.models import Checkpoint

router = Router(tags=["trail"])


class EntryOut(Schema):
    seq: int
    recorded_at: str
    actor_id: int | None
    actor: str
    agency_id: int | None
    kind: str
    subject: str
    payload: dict
    payload_hash: str
    prev_hash: str
    entry_hash: str

    @staticmethod
    def resolve_payload(obj) -> dict:
        return json.loads(obj.payload)


class CheckpointOut(Schema):
    id: int
    origin: str
    tree_size: int
    root_hash: str
    timestamp: str
    signature: str
    key_id: str


@router.get("/entries", response=list[EntryOut], operation_id="list_entries")
def list_entries(request: HttpRequest, after: int = 0, limit: int = 100, subject: str = "", kind: str = ""):
    """Entries of your agency in sequence order, `limit` (at most 1000) after sequence number `after`."""
    if not 1 <= limit <= 1000:
        raise ActionError({"limit": [_("Expected a number from 1 to 1000.")]})
    qs = visible_entries(request.user).filter(seq__gt=after)
    if subject:
        qs = qs.filter(subject=subject)
    if kind:
        qs = qs.filter(kind__startswith=kind)
    return list(qs.order_by("seq")[:limit])


@router.get("/entries/{seq}", response=EntryOut, operation_id="get_entry")
def get_entry(request: HttpRequest, seq: int):
    return access_entry(request.user, seq)


@router.get("/public-key", auth=None, operation_id="public_key")
def public_key(request: HttpRequest):
    """The Ed25519 public key (PEM) that checks every checkpoint signature."""
    return HttpResponse(store.public_key_pem(), content_type="application/x-pem-file")


@router.get("/checkpoints/latest", auth=None, response=CheckpointOut, operation_id="latest_checkpoint")
def latest_checkpoint(request: HttpRequest):
    cp = Checkpoint.objects.order_by("-tree_size", "-id").first()
    if cp is None:
        raise Http404("no checkpoint has been signed yet")
    return cp


@router.get("/checkpoints", auth=None, response=list[CheckpointOut], operation_id="list_checkpoints")
def list_checkpoints(request: HttpRequest, after_size: int = -1, limit: int = 100):
    if not 1 <= limit <= 1000:
        raise ActionError({"limit": [_("Expected a number from 1 to 1000.")]})
    return list(Checkpoint.objects.filter(tree_size__gt=after_size).order_by("tree_size", "id")[:limit])


@router.post("/checkpoints", response={201: CheckpointOut}, operation_id="make_checkpoint")
def make_checkpoint(request: HttpRequest):
    """Sign the current tree now (administrators and supervisors)."""
    user = request.user
    if not (user.is_superuser or user.has_role("administrator", "supervisor")):
        raise NotAllowed(_("Only administrators and supervisors can sign a checkpoint on demand."))
    return Status(201, store.make_checkpoint())


@router.get("/proof/inclusion/{seq}", operation_id="inclusion_proof")
def inclusion_proof(request: HttpRequest, seq: int, tree_size: int | None = None):
    """A self-contained proof that entry `seq` is in the signed tree: check it offline with
    `python -m lawtrail.ledger.verifier proof.json`."""
    entry = access_entry(request.user, seq)
    try:
        return store.inclusion_proof_doc(entry, tree_size)
    except LookupError as exc:
        raise ActionError({"tree_size": [str(exc)]}) from None


@router.get("/proof/consistency", operation_id="consistency_proof")
def consistency_proof(request: HttpRequest, first: int, second: int):
    """Proof that the signed tree of size `first` is a prefix of the signed tree of size `second`."""
    try:
        return store.consistency_proof_doc(first, second)
    except LookupError as exc:
        raise ActionError({"first": [str(exc)]}) from None
