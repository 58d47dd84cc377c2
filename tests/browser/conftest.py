import os
import shutil

import pytest


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; CI (KEFU_REQUIRE_BROWSER=1) fails without it."""
    if shutil.which("chromium") or os.environ.get("KEFU_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason="Chromium is not installed (make browser)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
