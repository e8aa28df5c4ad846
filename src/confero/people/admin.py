"""Django admin for people. State changes go through the services (admin actions call them)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError

from . import invitations as inv
from . import services
from .models import Affiliation, Invitation, Role, User


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 0


class RoleInline(admin.TabularInline):
    """Read-only here: roles are granted and revoked on the Roles page (through the services)."""

    model = Role
    extra = 0
    readonly_fields = ["workshop", "kind", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "email_verified", "is_staff", "is_active", "date_joined"]
    list_filter = ["email_verified", "is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "name", "orcid", "dblp_id", "openreview_id"]
    inlines = [AffiliationInline, RoleInline]
    filter_horizontal = ["groups", "user_permissions", "research_areas"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            "Profile",
            {
                "fields": [
                    "name",
                    "email_verified",
                    "orcid",
                    "dblp_id",
                    "openreview_id",
                    "keywords",
                    "research_areas",
                ]
            },
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})]
    actions = ["resend_verification"]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # the add page asks for e-mail, name and password only

    @admin.action(description="Send the e-mail verification link again")
    def resend_verification(self, request, queryset):
        users = [u for u in queryset if not u.email_verified]
        for user in users:
            services.send_verification(user)
        self.message_user(request, f"Verification link sent to {len(users)} unverified account(s).")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "workshop", "created_at"]
    list_filter = ["kind", "workshop"]
    search_fields = ["user__email", "user__name"]
    autocomplete_fields = ["user"]
    actions = ["revoke_selected"]

    def save_model(self, request, obj, form, change):
        if change:  # a role is granted or revoked, never edited in place
            raise PermissionDenied("roles cannot be edited; revoke and grant instead")
        role = inv.grant_role(obj.workshop, obj.user, obj.kind, by=request.user)
        obj.pk, obj.created_at = role.pk, role.created_at

    @admin.action(description="Revoke the selected roles")
    def revoke_selected(self, request, queryset):
        done = 0
        for role in queryset.select_related("workshop", "user"):
            try:
                done += inv.revoke_role(role.workshop, role.user, role.kind, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{role}: {' '.join(exc.messages)}", messages.ERROR)
        self.message_user(request, f"{done} role(s) revoked.")

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "name", "kind", "workshop", "status", "created_at", "responded_at", "user"]
    list_filter = ["status", "kind", "workshop"]
    search_fields = ["email", "name"]
    readonly_fields = ["token", "status", "invited_by", "user", "created_at", "responded_at"]
    fields = ["workshop", "email", "name", "kind", *readonly_fields]
    actions = ["resend_selected", "revoke_selected"]

    def save_model(self, request, obj, form, change):
        if change:
            Invitation.objects.filter(pk=obj.pk).update(name=obj.name)
            return
        created = inv.invite(obj.workshop, obj.email, obj.name, obj.kind, by=request.user)
        obj.pk = created.pk

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _each(self, request, queryset, func, verb):
        done = 0
        for item in queryset.select_related("workshop"):
            try:
                func(item, by=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{item.email}: {' '.join(exc.messages)}", messages.WARNING)
        self.message_user(request, f"{done} invitation(s) {verb}.")

    @admin.action(description="Send the selected pending invitations again")
    def resend_selected(self, request, queryset):
        self._each(request, queryset, inv.resend_invitation, "sent again")

    @admin.action(description="Revoke the selected pending invitations")
    def revoke_selected(self, request, queryset):
        self._each(request, queryset, inv.revoke_invitation, "revoked")
