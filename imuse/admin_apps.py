"""The admin app with our own site (imuse/admin_site.py) as `admin.site`: every
`admin.site.register` and `@admin.register` keeps working, the index is ours."""

from django.contrib.admin.apps import AdminConfig


class ImuseAdminConfig(AdminConfig):
    default_site = "imuse.admin_site.ImuseAdminSite"
