from django.urls import path

from . import views

app_name = "stations"

urlpatterns = [
    path("expeditions/", views.ExpeditionListView.as_view(), name="expedition_list"),
    path(
        "expeditions/<int:number>/", views.ExpeditionDetailView.as_view(), name="expedition_detail"
    ),
    path("crew/", views.AstronautListView.as_view(), name="astronaut_list"),
    path("crew/<slug:slug>/", views.AstronautDetailView.as_view(), name="astronaut_detail"),
    path("spacewalks/", views.SpacewalkListView.as_view(), name="spacewalk_list"),
    path("spacewalks/<int:pk>/", views.SpacewalkDetailView.as_view(), name="spacewalk_detail"),
    path("vehicles/", views.VisitListView.as_view(), name="visit_list"),
    path("vehicles/<slug:slug>/", views.VisitDetailView.as_view(), name="visit_detail"),
    path("modules/", views.ModuleListView.as_view(), name="module_list"),
    path("modules/<slug:slug>/", views.ModuleDetailView.as_view(), name="module_detail"),
    path("agencies/", views.AgencyListView.as_view(), name="agency_list"),
    path("agencies/<slug:slug>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("visitors/", views.VisitorsView.as_view(), name="visitors"),
    path("records/", views.RecordHoldersView.as_view(), name="record_holders"),
    path("faq/", views.FaqView.as_view(), name="faq"),
    path("aboard/", views.AboardView.as_view(), name="aboard"),
    path("facts/", views.FactsView.as_view(), name="facts"),
    path("data-sources/", views.DataSourcesView.as_view(), name="data_sources"),
]
