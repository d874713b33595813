"""REST endpoints of the assets app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from assets.advisories.api import AdvisoryViewSet
from assets.api import matching, sbom, scans, views
from assets.procurement import api as procurement

router = SimpleRouter()
router.register("assets", views.AssetViewSet, basename="asset")
router.register("sites", views.SiteViewSet, basename="site")
router.register("zones", views.ZoneViewSet, basename="zone")
router.register("conduits", views.ConduitViewSet, basename="conduit")
router.register("services", views.EssentialServiceViewSet, basename="service")
router.register("links", views.LinkViewSet, basename="link")
router.register("service-dependencies", views.ServiceDependencyViewSet, basename="dependency")
router.register("suppliers", views.SupplierViewSet, basename="supplier")
router.register("products", views.ProductViewSet, basename="product")
router.register("advisories", AdvisoryViewSet, basename="advisory")
router.register("sboms", sbom.SbomViewSet, basename="sbom")
router.register("offers", procurement.OfferViewSet, basename="offer")
router.register("claim-answers", procurement.ClaimAnswerViewSet, basename="claim-answer")
router.register(
    "procurement-decisions", procurement.DecisionViewSet, basename="procurement-decision"
)
router.register(
    "procurement-conditions", procurement.DecisionConditionViewSet, basename="procurement-condition"
)
router.register("scan-scopes", scans.ScanScopeViewSet, basename="scanscope")
router.register("scan-runs", scans.ScanRunViewSet, basename="scanrun")
router.register("tls-endpoints", scans.TlsEndpointViewSet, basename="tlsendpoint")
router.register("vulnerabilities", matching.VulnerabilityMatchViewSet, basename="vulnerability")

urlpatterns = router.urls
