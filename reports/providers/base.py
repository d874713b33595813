"""Organization facts and the "no data yet" placeholders (imported first by the package).

Organization facts are real. Everything whose source app has not landed yet
is a "no data yet" placeholder under a stable key; a real provider registered
under the same key and report type replaces it (see ``reports.sections``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from reports.sections import Fact, Facts, NoData, Section, SectionContext, register

ALL_TYPES = ("compliance", "risk", "inventory", "supply_chain", "incident")


@register((*ALL_TYPES, "audit_pack"), key="organization", order=10)
def organization_facts(ctx: SectionContext) -> Section:
    """The organization's own facts (the classification inputs); never sensitive."""
    org = ctx.organization
    sectors = ", ".join(str(_sector_label(s)) for s in org.sectors) or "—"
    return Section(
        title=_("Organization"),
        blocks=[
            Facts(
                [
                    Fact(_("Name"), org.name),
                    Fact(_("Sectors"), sectors),
                    Fact(_("Employees (FTE)"), org.employees if org.employees is not None else "—"),
                    Fact(_("Legal form"), org.get_legal_form_display() or "—"),
                    Fact(_("Federal state"), org.federal_state or "—"),
                    Fact(
                        _("Designated critical entity (CER / KRITIS)"),
                        _("yes") if org.kritis else _("no"),
                    ),
                ]
            )
        ],
    )


def _sector_label(value: str):
    from bollwerk.models.tenancy import Sector

    try:
        return Sector(value).label
    except ValueError:
        return value


def _placeholder(title: str, what: str):
    def provider(ctx: SectionContext) -> Section:
        return Section(
            title=title,
            blocks=[
                NoData(
                    _("No data yet: %(what)s is not available in this instance.") % {"what": what}
                )
            ],
        )

    provider.__doc__ = "Placeholder until the source app lands."
    return provider


_PLACEHOLDERS = [
    # (report types, key, order, title, what is missing)
    (
        ("compliance",),
        "classification",
        20,
        _l("NIS2/CER classification"),
        _l("the classification"),
    ),
    (("compliance",), "duties", 30, _l("Duties and controls"), _l("the compliance score")),
    (("risk",), "risks", 20, _l("Risk register"), _l("the risk register")),
    (("inventory",), "inventory", 20, _l("Sites, zones and assets"), _l("the asset inventory")),
    (("inventory",), "services", 30, _l("Essential services"), _l("the essential-service map")),
    (("supply_chain",), "suppliers", 20, _l("Suppliers and products"), _l("the supplier register")),
    (("supply_chain",), "sbom", 30, _l("SBOM coverage and quality"), _l("SBOM storage")),
    (
        ("supply_chain",),
        "vulnerabilities",
        40,
        _l("Open vulnerabilities"),
        _l("vulnerability matching"),
    ),
    (("supply_chain",), "vendor_claims", 50, _l("Vendor security claims"), _l("vendor claims")),
    (("compliance",), "findings", 70, _l("Findings of the checks"), _l("the check framework")),
    (("incident",), "incidents", 20, _l("Incidents and deadlines"), _l("the incident register")),
]


def _register_placeholders() -> None:
    for types, key, order, title, what in _PLACEHOLDERS:
        register(types, key=key, order=order)(_placeholder(title, what))


_register_placeholders()
