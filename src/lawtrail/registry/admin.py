"""Admin pages for browsing base information and the trail. They are read-only on purpose: every
write goes through the actions (the web pages under /base/ and the API), which keep the trail."""

from django.contrib import admin

from lawtrail.access.models import RoleGrant, User
from lawtrail.ledger.models import Checkpoint, Entry
from lawtrail.registry.models import Agency, CaseCause, DiscretionStandard, LegalBasis, Officer, Power, Unit


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        user = request.user
        if user.agency_id is None:
            return qs
        if self.model is Agency:
            return qs.filter(pk=user.agency_id)
        if any(f.name == "agency" for f in self.model._meta.fields):
            return qs.filter(agency_id=user.agency_id)
        if self.model is Entry:
            return qs.filter(agency_id=user.agency_id)
        return qs


@admin.register(Agency)
class AgencyAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "is_active")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "agency", "kind", "head", "is_active")
    list_filter = ("kind",)


@admin.register(Officer)
class OfficerAdmin(ReadOnlyAdmin):
    list_display = ("name", "cert_no", "unit", "post", "cert_valid_until", "is_active")
    search_fields = ("name", "cert_no")


@admin.register(Power)
class PowerAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "category", "handling_unit", "is_active")
    list_filter = ("category",)


@admin.register(LegalBasis)
class LegalBasisAdmin(ReadOnlyAdmin):
    list_display = ("title", "article", "level", "is_active")


@admin.register(DiscretionStandard)
class DiscretionStandardAdmin(ReadOnlyAdmin):
    list_display = ("code", "legal_basis", "severity", "is_active")


@admin.register(CaseCause)
class CaseCauseAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "power", "is_active")


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ("username", "full_name", "agency", "officer", "is_active")
    exclude = ("password",)


@admin.register(RoleGrant)
class RoleGrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "role")


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("seq", "recorded_at", "actor", "kind", "subject")
    search_fields = ("subject", "kind", "actor")


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("tree_size", "root_hash", "timestamp", "key_id")
