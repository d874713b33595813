from bollwerk.permissions import allowed_actions


def organization(request):
    """The active organization, the user's role and what that role may do."""
    membership = getattr(request, "membership", None)
    context = {
        "current_org": getattr(request, "organization", None),
        "current_membership": membership,
    }
    if membership is not None:
        context["can"] = {
            group: set(actions) for group, actions in allowed_actions(membership.role).items()
        }
        user = request.user
        context["user_orgs"] = [
            m.organization for m in user.memberships.select_related("organization")
        ]
    return context
