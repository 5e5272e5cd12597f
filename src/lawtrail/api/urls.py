"""/api/v1/: the JSON API, its OpenAPI document (/api/v1/openapi.json) and docs page (/api/v1/docs)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema, Status
from ninja.security import django_auth

from lawtrail.access import actions as access_actions
from lawtrail.access.models import User
from lawtrail.access.roles import Role
from lawtrail.access.scoping import access_object, scoped
from lawtrail.api import access, archive, base, cases, evidence, ledger, review
from lawtrail.api.base import StrictSchema
from lawtrail.errors import ActionError
from lawtrail.registry.models import Officer

api = NinjaAPI(title="LawTrail API", version="1", urls_namespace="api", auth=django_auth,
               description="Full-process recording of administrative enforcement. Session login; every write "
                           "appends a trail entry that can be proven later.")


@api.exception_handler(ActionError)
def _action_error(request: HttpRequest, exc: ActionError):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Not allowed."}, status=403)


class Me(Schema):
    id: int
    username: str
    full_name: str
    agency_id: int | None
    officer_id: int | None
    roles: list[str]


class UserCreate(StrictSchema):
    username: str
    password: str
    full_name: str = ""
    roles: list[str] = []
    officer_id: int | None = None


def _me(user: User) -> dict:
    return {"id": user.pk, "username": user.username, "full_name": user.full_name, "agency_id": user.agency_id,
            "officer_id": user.officer_id, "roles": sorted(user.role_set)}


@api.get("/me", response=Me, tags=["users"], operation_id="me")
def me(request: HttpRequest):
    return _me(request.user)


@api.get("/users", response=list[Me], tags=["users"], operation_id="list_users")
def list_users(request: HttpRequest):
    return [_me(u) for u in scoped(request.user, User).order_by("username")]


@api.post("/users", response={201: Me}, tags=["users"], operation_id="create_user")
def create_user(request: HttpRequest, payload: UserCreate):
    officer = access_object(request.user, Officer, payload.officer_id) if payload.officer_id else None
    user = access_actions.create_user(user=request.user, agency=request.user.agency, username=payload.username,
                                      password=payload.password, full_name=payload.full_name,
                                      roles=payload.roles, officer=officer)
    return Status(201, _me(user))


@api.get("/roles", response=list[dict], tags=["users"], operation_id="list_roles")
def list_roles(request: HttpRequest):
    return [{"value": v, "label": str(label)} for v, label in Role.choices]


api.add_router("/", base.router)
api.add_router("/ledger", ledger.router)
api.add_router("/", cases.router)
api.add_router("/", evidence.router)
api.add_router("/", review.router)
api.add_router("/", access.router)
api.add_router("/", archive.router)
