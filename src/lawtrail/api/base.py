"""Base-information endpoints, one set per kind, all through `registry.actions` and `access.scoping`."""


import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.orm import create_schema
from pydantic import ConfigDict, create_model

from lawtrail.access.scoping import access_object, scoped
from lawtrail.registry import actions, importing
from lawtrail.registry.models import Agency, CaseCause, DiscretionStandard, LegalBasis, Officer, Power, Unit

router = Router(tags=["base information"])


class ImportResult(Schema):
    rows: int
    created: int
    updated: int
    unchanged: int


class StrictSchema(Schema):
    """Input schema that refuses unknown fields: a misspelt field is an error, never silently dropped."""

    model_config = ConfigDict(**Schema.model_config, extra="forbid")


def _python_type(field):
    """The JSON type of a model field as the API accepts it: related rows by id, choices by value."""
    if field.many_to_many:
        return list[int]
    if field.is_relation:
        return int
    return {
        "DateField": dt.date, "DecimalField": Decimal, "BooleanField": bool, "IntegerField": int,
        "BigIntegerField": int, "PositiveSmallIntegerField": int,
    }.get(field.get_internal_type(), str)


def _input_schema(model, name: str, partial: bool):
    """Input fields are exactly the form's fields, under the same names (`unit`, not `unit_id`), so the
    API and the web forms validate the same way. Fields with a default or blank=True may be omitted on
    create, as in the web form; on PATCH every field is optional."""
    fields = {}
    for fname in actions.FORMS[model]._meta.fields:
        if fname == "photo":
            continue
        field = model._meta.get_field(fname)
        typ = _python_type(field)
        optional = partial or field.has_default() or field.blank or field.null
        fields[fname] = (typ | None, None) if optional else (typ, ...)
    return create_model(name, __base__=StrictSchema, **fields)


def _register(path: str, model, create_fn, update_fn) -> None:
    label = model.__name__
    out = create_schema(model, name=f"{label}Out", exclude=["photo"] if model is Officer else [])
    create_in = _input_schema(model, f"{label}Create", partial=False)
    patch_in = _input_schema(model, f"{label}Patch", partial=True)

    def list_rows(request: HttpRequest, active: bool | None = None):
        qs = scoped(request.user, model)
        if active is not None:
            qs = qs.filter(is_active=active)
        return list(qs)

    def get_row(request: HttpRequest, pk: int):
        return access_object(request.user, model, pk)

    def create_row(request: HttpRequest, payload: create_in):  # type: ignore[valid-type]
        return Status(201, create_fn(user=request.user, data=payload.dict(exclude_unset=True)))

    def patch_row(request: HttpRequest, pk: int, payload: patch_in):  # type: ignore[valid-type]
        obj = access_object(request.user, model, pk)
        return update_fn(obj, user=request.user, data=payload.dict(exclude_unset=True))

    router.add_api_operation(f"/{path}", ["GET"], list_rows, response=list[out], operation_id=f"list_{path}",
                             summary=f"List {model._meta.verbose_name_plural} of your agency")
    router.add_api_operation(f"/{path}", ["POST"], create_row, response={201: out}, operation_id=f"create_{path}",
                             summary=f"Create a {model._meta.verbose_name}")
    router.add_api_operation(f"/{path}/{{int:pk}}", ["GET"], get_row, response=out, operation_id=f"get_{path}",
                             summary=f"Read one {model._meta.verbose_name}")
    router.add_api_operation(f"/{path}/{{int:pk}}", ["PATCH"], patch_row, response=out, operation_id=f"update_{path}",
                             summary=f"Change a {model._meta.verbose_name}")


_register("units", Unit, actions.create_unit, actions.update_unit)
_register("officers", Officer, actions.create_officer, actions.update_officer)
_register("legal-bases", LegalBasis, actions.create_legal_basis, actions.update_legal_basis)
_register("discretion-standards", DiscretionStandard, actions.create_discretion_standard,
          actions.update_discretion_standard)
_register("powers", Power, actions.create_power, actions.update_power)
_register("causes", CaseCause, actions.create_case_cause, actions.update_case_cause)
_register("agencies", Agency, actions.create_agency, actions.update_agency)


class OfficerPhoto(Schema):
    id: int
    photo: str


@router.post("/officers/{int:pk}/photo", response=OfficerPhoto, operation_id="upload_officer_photo")
def upload_officer_photo(request: HttpRequest, pk: int, photo: UploadedFile = File(...)):  # noqa: B008
    """Set the officer's photo (JPEG or PNG, at most 2 MB)."""
    officer = access_object(request.user, Officer, pk)
    officer = actions.update_officer(officer, user=request.user, data={}, files={"photo": photo})
    return {"id": officer.pk, "photo": officer.photo.name}


@router.post("/officers/import", response=ImportResult, operation_id="import_officers")
def import_officers(request: HttpRequest, file: UploadedFile = File(...)):  # noqa: B008
    """Import an officer roster (CSV or XLSX). Nothing is imported if any row is wrong; the 400 answer
    lists every bad row with its column."""
    return importing.import_officers(user=request.user, filename=file.name or "", content=file.read())


@router.post("/powers/import", response=ImportResult, operation_id="import_powers")
def import_powers(request: HttpRequest, file: UploadedFile = File(...)):  # noqa: B008
    """Import a powers list (CSV or XLSX); all or nothing, as for officers."""
    return importing.import_powers(user=request.user, filename=file.name or "", content=file.read())


