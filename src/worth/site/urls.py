from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from worth.apps.core import views as core_views
from worth.site.api import api_urls

admin.site.site_header = "Worth administration"
admin.site.site_title = "Worth"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("worth.apps.accounts.urls")),
    path("programs/", include("worth.apps.programs.urls")),
    path("models/", include("worth.apps.valuemodels.urls")),
    path("pricing/", include("worth.apps.pricing.urls")),
    path("research/", include("worth.apps.research.urls")),
    path("propositions/", include("worth.apps.propositions.urls")),
    path("cases/", include("worth.apps.cases.urls")),
    path("offerings/", include("worth.apps.offerings.urls")),
    path("value-cycle/", include("worth.apps.valuecycle.urls")),
    path("merchants/", include("worth.apps.merchants.urls")),
    path("", include("worth.apps.realization.urls")),
    path("areas/<slug:slug>/", core_views.area, name="area"),
    path("jobs/<int:pk>/", core_views.job, name="job"),
    path("jobs/<int:pk>/cancel/", core_views.job_cancel, name="job-cancel"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # The API authenticates itself (token or session) and answers 401 in JSON, never a login redirect.
    path("api/", api_urls()),
]

handler400 = "worth.apps.core.views.bad_request"
