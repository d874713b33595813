from assets.advisories.models import *  # noqa
