from django.contrib import admin

from . import services
from .models import OutboxMail


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "kind", "status", "attempts")
    list_filter = ("status", "kind", "workshop")
    search_fields = ("to", "subject")
    actions = ["retry"]

    @admin.action(description="Retry delivery")
    def retry(self, request, queryset):
        for mail in queryset.exclude(status=OutboxMail.Status.SENT):
            services.deliver_now(mail.pk)
