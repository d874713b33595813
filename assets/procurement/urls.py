"""Procurement pages, included from assets/urls.py under /assets/procurement/."""

from django.urls import path

from assets.procurement import views

urlpatterns = [
    path("procurement/", views.offer_list, name="procurement-offer-list"),
    path("procurement/new/", views.offer_new, name="procurement-offer-create"),
    path("procurement/<int:pk>/", views.offer_detail, name="procurement-offer-detail"),
    path("procurement/<int:pk>/answers/", views.offer_answers, name="procurement-offer-answers"),
    path("procurement/<int:pk>/sbom/", views.offer_sbom, name="procurement-offer-sbom"),
    path("procurement/<int:pk>/verify/", views.offer_verify, name="procurement-offer-verify"),
    path(
        "procurement/<int:pk>/questionnaire.xlsx",
        views.questionnaire_download,
        {"fmt": "xlsx"},
        name="procurement-questionnaire-xlsx",
    ),
    path(
        "procurement/<int:pk>/questionnaire.pdf",
        views.questionnaire_download,
        {"fmt": "pdf"},
        name="procurement-questionnaire-pdf",
    ),
    path(
        "procurement/<int:pk>/questionnaire/import/",
        views.questionnaire_upload,
        name="procurement-questionnaire-import",
    ),
    path("procurement/<int:pk>/decide/", views.offer_decide, name="procurement-offer-decide"),
    path(
        "procurement/claims/<int:pk>/verify/", views.claim_verify, name="procurement-claim-verify"
    ),
    path(
        "procurement/decisions/<int:pk>/record.pdf",
        views.decision_pdf,
        name="procurement-decision-pdf",
    ),
    path(
        "procurement/conditions/<int:pk>/done/",
        views.condition_done,
        name="procurement-condition-done",
    ),
    path("procurement/suppliers/", views.supplier_list, name="procurement-supplier-list"),
    path("procurement/suppliers/<int:pk>/", views.supplier_detail, name="procurement-supplier"),
]
