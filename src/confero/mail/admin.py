from django.contrib import admin

from . import services
from .models import OutboxMail


@admin.register(OutboxMail)
class OutboxMailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "to", "subject", "kind", "status", "attempts", "next_attempt_at")
    list_filter = ("status", "kind", "workshop")
    search_fields = ("to", "subject")
    actions = ["retry"]

    @admin.action(description="Retry delivery now")
    def retry(self, request, queryset):
        results = [
            services.deliver_now(pk) for pk in queryset.exclude(status="sent").values_list("pk", flat=True)
        ]
        self.message_user(request, f"{results.count('sent')} sent, {results.count('failed')} failed again.")
