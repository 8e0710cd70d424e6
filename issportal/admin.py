from django.contrib import admin

admin.site.site_header = "ISS Portal administration"
admin.site.site_title = "ISS Portal admin"
admin.site.index_title = "Station history, news and images"


class AuditedAdmin(admin.ModelAdmin):
    """Records who created and last changed an AuditedModel, and shows it read-only."""

    audit_fields = ("created_at", "created_by", "updated_at", "updated_by")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.audit_fields)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
